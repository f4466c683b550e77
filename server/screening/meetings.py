"""排查调处例会 / 研判会 meetings: minuted with attendees, the matters discussed and the decisions
taken; each decision in its owner's task list until it is done."""
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from server.audit import service as audit
from server.auth.models import User
from server.auth.principal import Principal
from server.case import rules as case_rules
from server.case.hidden import hidden_from
from server.case.models import Case
from server.case.visibility import visible_filter
from server.dates import china_today, utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.idempotency import by_client_key, client_key
from server.pagination import Page, keyset_page
from server.screening import rules
from server.screening.models import Dispute, Meeting, MeetingDecision, MeetingKind
from server.screening.scope import since_of, unit_for, watched_units
from server.tenant import service as tenant_service
from server.unit.models import Unit, in_subtree

# The cases and the disputes one meeting's minutes name, each at most.
MAX_MATTERS = 100


@dataclass
class DecisionIn:
    content: str
    owner_id: int
    due_on: dt.date | None = None


@dataclass
class RecordMeeting:
    unit_id: int
    kind: MeetingKind
    held_on: dt.date
    attendees: list[str]  # others present, as minuted (names and posts)
    attendee_ids: list[int] = field(default_factory=list)  # officials of the unit's subtree
    summary: str | None = None
    case_ids: list[int] = field(default_factory=list)
    dispute_ids: list[int] = field(default_factory=list)
    decisions: list[DecisionIn] = field(default_factory=list)
    client_mutation_id: str | None = None


async def record_meeting(*, db_session: AsyncSession, principal: Principal, data: RecordMeeting) -> Meeting:
    """Minute a 排查调处例会 / 研判会 with the matters discussed and the decisions taken."""
    user_id = principal.require_user()
    check = Validator()
    summary = check.text(data.summary, ["input", "summary"], required=False, max_length=20_000)
    key = client_key(check, data.client_mutation_id)
    attendees = [a.strip()[:100] for a in data.attendees if a.strip()]
    attendee_ids = list(dict.fromkeys(data.attendee_ids))
    if not attendees and not attendee_ids:
        check.add("REQUIRED", ["input", "attendeeIds"])
    elif len(attendees) + len(attendee_ids) > rules.MAX_ATTENDEES:
        check.add("TOO_MANY", ["input", "attendeeIds"], max=rules.MAX_ATTENDEES)
    if data.held_on > china_today():
        check.add("INVALID", ["input", "heldOn"], "error.DATE_IN_FUTURE")
    if len(data.decisions) > rules.MAX_DECISIONS:
        check.add("TOO_MANY", ["input", "decisions"], max=rules.MAX_DECISIONS)
    unit = await unit_for(db_session, principal, check, data.unit_id, "meeting")
    # Attendees and owners are officials of the meeting's unit or of the units under it.
    officials = await _officials(db_session, unit, attendee_ids + [d.owner_id for d in data.decisions]) if unit else {}
    if unit is not None and any(i not in officials for i in attendee_ids):
        check.add(NOT_FOUND, ["input", "attendeeIds"], "error.OFFICIAL_OUTSIDE_UNIT")
    decisions: list[MeetingDecision] = []
    for i, d in enumerate(data.decisions[: rules.MAX_DECISIONS]):
        content = check.text(d.content, ["input", "decisions", str(i), "content"], max_length=2000)
        owner = officials.get(d.owner_id)
        if unit is not None and owner is None:
            check.add(NOT_FOUND, ["input", "decisions", str(i), "ownerId"], "error.OFFICIAL_OUTSIDE_UNIT")
        if d.due_on is not None and d.due_on < data.held_on:
            check.add("INVALID", ["input", "decisions", str(i), "dueOn"], "error.DUE_BEFORE_MEETING")
        if content and owner is not None:
            decisions.append(MeetingDecision(position=i, content=content, owner_user_id=owner.id, due_on=d.due_on))
    case_ids = sorted(set(data.case_ids))
    dispute_ids = sorted(set(data.dispute_ids))
    # More matters than a meeting minutes are refused, not dropped without a word.
    for ids_, name in ((case_ids, "caseIds"), (dispute_ids, "disputeIds")):
        if len(ids_) > MAX_MATTERS:
            check.add("TOO_MANY", ["input", name], max=MAX_MATTERS)
            del ids_[MAX_MATTERS:]
    if unit is not None:
        if case_ids:
            found = dict((await db_session.execute(select(Case.id, Case.accused_unit_path).where(
                Case.id.in_(case_ids), Case.tenant_id == unit.tenant_id, visible_filter(principal, "read"),
            ))).all())
            if set(found) != set(case_ids):
                check.add(NOT_FOUND, ["input", "caseIds"], "error.NOT_FOUND")
            # 回避 (Art. 28): staff of a unit accused in a matter discussed neither attend nor own
            # a decision — the minutes would carry the accusation to them.
            accused = [path for path in found.values() if path]
            people = await _unit_paths(db_session, attendee_ids + [d.owner_id for d in data.decisions])
            if any(hidden_from(people[i], a) for i in attendee_ids if i in people for a in accused):
                check.add(FORBIDDEN, ["input", "attendeeIds"], "error.RECUSAL")
            for i, d in enumerate(data.decisions):
                if d.owner_id in people and any(hidden_from(people[d.owner_id], a) for a in accused):
                    check.add(FORBIDDEN, ["input", "decisions", str(i), "ownerId"], "error.RECUSAL")
        if dispute_ids:
            found = set(await db_session.scalars(select(Dispute.id).where(
                Dispute.id.in_(dispute_ids), Dispute.tenant_id == unit.tenant_id,
                principal.subtree_filter(Dispute.unit_path, "screening", "read"),
            )))
            if found != set(dispute_ids):
                check.add(NOT_FOUND, ["input", "disputeIds"], "error.NOT_FOUND")
    check.raise_if_any()
    assert unit is not None
    existing = await by_client_key(
        db_session, Meeting, Meeting.recorded_by_user_id, tenant_id=principal.tenant_id, user_id=user_id, key=key,
    )
    if existing is not None:
        return existing
    meeting = Meeting(
        tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=data.kind, held_on=data.held_on,
        attendees=attendees, attendee_user_ids=attendee_ids, summary=summary, case_ids=case_ids,
        dispute_ids=dispute_ids,
        recorded_by_user_id=user_id, client_mutation_id=key,
    )
    db_session.add(meeting)
    try:
        await db_session.flush()
    except IntegrityError:
        await db_session.rollback()
        again = await by_client_key(
            db_session, Meeting, Meeting.recorded_by_user_id, tenant_id=principal.tenant_id, user_id=user_id, key=key,
        )
        if again is None:
            raise
        return again
    for d in decisions:
        d.tenant_id, d.meeting_id = unit.tenant_id, meeting.id
        db_session.add(d)
    audit.record(
        db_session=db_session, tenant_id=meeting.tenant_id, actor_id=user_id, action="screening.meeting.record",
        object_type="meeting", object_id=meeting.id, unit_id=unit.id, kind=str(data.kind),
        attendees=len(attendees) + len(attendee_ids), decisions=len(decisions),
    )
    await db_session.commit()
    return meeting


def _officials_query(unit: Unit):
    return (
        select(User)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            User.tenant_id == unit.tenant_id, User.is_active.is_(True),
            in_subtree(Unit.path, unit.path),
        )
    )


async def _unit_paths(db_session: AsyncSession, user_ids: list[int]) -> dict[int, str]:
    """The path of each official's unit."""
    if not user_ids:
        return {}
    rows = await db_session.execute(
        select(User.id, Unit.path).join(Unit, Unit.id == User.unit_id).where(User.id.in_(set(user_ids)))
    )
    return dict(rows.all())


async def _officials(db_session: AsyncSession, unit: Unit, user_ids: list[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    rows = await db_session.scalars(_officials_query(unit).where(User.id.in_(set(user_ids))))
    return {u.id: u for u in rows}


# Where the deprecated `meetingAttendeeOptions` list stops: a larger `first` is refused, not cut
# (its description says so); `meeting_people_page` pages through everyone.
OLD_PEOPLE_MAX = 200


def _people_query(principal: Principal, unit: Unit | None, search: str | None) -> Select:
    """Officials who may attend a meeting of the unit or own its decisions: the active accounts of
    the unit and of the units under it; `search` matches name, account or unit. Nobody when the
    unit is outside the viewer's meeting scope."""
    if not principal.in_scope(unit, "screening", "meeting"):
        return select(User).join(Unit, Unit.id == User.unit_id).where(false())
    assert unit is not None
    query = _officials_query(unit)
    term = (search or "").strip()[:50]
    if term:
        pattern = f"%{case_rules.escape_like(term)}%"
        query = query.where(or_(
            User.display_name.like(pattern, escape="\\"), User.username.like(pattern, escape="\\"),
            Unit.name.like(pattern, escape="\\"),
        ))
    return query


async def meeting_people(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, search: str | None, limit: int = 50
) -> list[User]:
    """The deprecated picker list: `_people_query`, the unit's own first, at most `limit` (0 to
    `OLD_PEOPLE_MAX`; more is refused as OUT_OF_RANGE, never cut silently)."""
    principal.require_user()
    if limit < 0 or limit > OLD_PEOPLE_MAX:
        raise DomainError("OUT_OF_RANGE", field=["first"], min=0, max=OLD_PEOPLE_MAX)
    unit = await db_session.get(Unit, unit_id if unit_id is not None else principal.unit_id)
    query = _people_query(principal, unit, search)
    query = query.order_by(func.length(Unit.path), Unit.path, User.display_name, User.id).limit(limit)
    return list(await db_session.scalars(query))


async def meeting_people_page(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, search: str | None, first: int,
    after: str | None,
) -> tuple[Page[User], Select]:
    """One page of `_people_query` by unit path then account (the one keyset helper: the unit's own
    officials come first, its path being the prefix of its subtree's), and the query for its count."""
    principal.require_user()
    unit = await db_session.get(Unit, unit_id if unit_id is not None else principal.unit_id)
    query = _people_query(principal, unit, search)
    page = await keyset_page(
        db_session=db_session, query=query.options(contains_eager(User.unit)), sort=Unit.path, pk=User.id,
        first=first, after=after, kind=str, descending=False, key=lambda user: (user.unit.path, user.id),
    )
    return page, query


def readable_meeting(principal: Principal, meeting: Meeting | None) -> Meeting | None:
    principal.require_user()
    if meeting is None or meeting.tenant_id != principal.tenant_id:
        return None
    return meeting if principal.can("screening", "read", meeting.unit_path) else None


async def list_meetings(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, year: int | None, first: int,
    after: str | None,
) -> tuple[Page[Meeting], Select]:
    """One page of the meetings of the unit's subtree (every readable one when no unit), the latest
    first; also the query for counting."""
    principal.require_user()
    query = select(Meeting).where(
        Meeting.tenant_id == principal.tenant_id,
        principal.subtree_filter(Meeting.unit_path, "screening", "read"),
    )
    if unit_id is not None:
        unit = await db_session.get(Unit, unit_id)
        if unit is None:
            raise DomainError(NOT_FOUND, field=["unitId"])
        query = query.where(in_subtree(Meeting.unit_path, unit.path))
    if year is not None:
        query = query.where(Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    page = await keyset_page(
        db_session=db_session, query=query, sort=Meeting.held_on, pk=Meeting.id, first=first, after=after, kind=dt.date,
    )
    return page, query


async def meeting_decisions(*, db_session: AsyncSession, principal: Principal, meeting_id: int) -> list[MeetingDecision]:
    """The meeting's decisions, none when the viewer may not read the meeting (its tenant and unit
    checked in the query, as `readable_meeting` checks a loaded one)."""
    principal.require_user()
    readable = select(Meeting.id).where(
        Meeting.id == meeting_id, Meeting.tenant_id == principal.tenant_id,
        principal.subtree_filter(Meeting.unit_path, "screening", "read"),
    )
    return list(await db_session.scalars(
        select(MeetingDecision).where(
            MeetingDecision.meeting_id == meeting_id, MeetingDecision.meeting_id.in_(readable),
        ).order_by(MeetingDecision.position)
    ))


async def my_decisions(*, db_session: AsyncSession, principal: Principal, open_only: bool = True) -> list[MeetingDecision]:
    """The decisions the viewer owns: their task list."""
    user_id = principal.require_user()
    query = select(MeetingDecision).where(
        MeetingDecision.tenant_id == principal.tenant_id, MeetingDecision.owner_user_id == user_id
    )
    if open_only:
        query = query.where(MeetingDecision.done_at.is_(None))
    return list(await db_session.scalars(query.order_by(MeetingDecision.due_on, MeetingDecision.id)))


async def complete_decision(
    *, db_session: AsyncSession, principal: Principal, decision_id: int, note: str | None
) -> MeetingDecision:
    user_id = principal.require_user()
    check = Validator()
    note = check.text(note, ["note"], required=False, max_length=2000)
    check.raise_if_any()
    decision = await db_session.get(MeetingDecision, decision_id)
    if decision is None or decision.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND, field=["id"])
    if decision.owner_user_id != user_id:
        # Only the owner reports a decision done: the meeting's record says who answers for it.
        meeting = readable_meeting(principal, await db_session.get(Meeting, decision.meeting_id))
        if meeting is None:
            raise DomainError(NOT_FOUND, field=["id"])
        raise DomainError(FORBIDDEN, "error.DECISION_NOT_OWNER", field=["id"])
    if decision.done_at is not None:
        return decision
    decision.done_at = utcnow()
    decision.done_note = note
    audit.record(
        db_session=db_session, tenant_id=decision.tenant_id, actor_id=user_id, action="screening.decision.done",
        object_type="meeting_decision", object_id=decision.id, meeting_id=decision.meeting_id,
    )
    await db_session.commit()
    return decision


# --- the meeting cadence (排查调处例会: seed 004 "县每月一次、乡镇每半月一次、村（居）每周一次") ------------


@dataclass(frozen=True)
class UnitMeetings:
    """Whether a unit held its routine meeting in each period of its meeting cadence."""

    unit: Unit
    cadence: rules.Cadence
    states: list[rules.MeetingPeriodState]
    last_held_on: dt.date | None

    @property
    def current(self) -> rules.MeetingPeriodState:
        return self.states[-1]

    @property
    def missing(self) -> list[rules.Period]:
        return rules.missing_periods(self.states)


async def meeting_record(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, children: bool, on: dt.date | None = None
) -> list[UnitMeetings]:
    """Which periods of its meeting cadence each unit held its 排查调处例会 in: the unit itself, or its
    direct children (the grid an upper unit watches); a period gone by without one is MISSING,
    like a missing report. Only routine meetings count (a 研判会 is held besides them)."""
    unit, units = await watched_units(db_session, principal, unit_id, children)
    if not units or unit.tenant_id is None:
        return []
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    day = on or china_today()
    since = since_of(settings)
    lookback = settings.screening_lookback_periods
    starts = {
        u.id: rules.window_start(day, rules.meeting_cadence_for(settings, u.level), lookback, since) for u in units
    }
    rows = await db_session.execute(
        select(Meeting.unit_id, Meeting.held_on).where(
            Meeting.tenant_id == unit.tenant_id,
            Meeting.unit_id.in_([u.id for u in units]),
            Meeting.kind == MeetingKind.ROUTINE,
            Meeting.held_on >= min(starts.values()),
            Meeting.held_on <= day,
        )
    )
    held: dict[int, list[dt.date]] = {}
    for meeting_unit, held_on in rows:
        held.setdefault(meeting_unit, []).append(held_on)
    result = []
    for u in units:
        cadence = rules.meeting_cadence_for(settings, u.level)
        days = held.get(u.id, [])
        states = rules.meeting_states(today=day, cadence=cadence, held=days, lookback=lookback, since=since)
        result.append(UnitMeetings(u, cadence, states, max(days) if days else None))
    return result

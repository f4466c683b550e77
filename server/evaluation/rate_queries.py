"""The standard rates counted by the database: the conditions of `rates.tally`, in SQL.

One query per source, each within the period in its WHERE, so the cost grows with the county's
activity in the period, not with the database (nor with the county's past):
- the cases: the period's instants (`CASE_INSTANTS`) are one index range each on
  (tenant_id, instant); PostgreSQL ORs the ranges (BitmapOr), then the subtree filters, and one
  aggregate row sums the same conditions as `rates.tally`;
- the reply rounds (满意率 / 参评率): the tenant's published answers (答复, 复查意见, 复核意见) of the
  period on (tenant_id, kind, published_at), each with its own round's rating;
- the review decisions (复查复核维持率) and the incidents (重要信息上报率): few rows, read one by one;
- the screening reports (排查报告按时率): the periods of the subtree's units.
Nothing is cached or pre-aggregated: every figure is counted from the records when asked, so it
is never stale (the consistency is the transaction's).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.case.hidden import hidden_from
from server.case.models import OPEN_STATUSES, Case, CaseRating, PublicDocument, Satisfaction
from server.case.rounds import ROUND_OF_KIND
from server.case.visibility import not_hidden_from
from server.dates import CHINA, local_date, utcnow
from server.evaluation import rates as rates_rules
from server.incident.models import COUNTING_STATUSES, Incident
from server.screening import rules as screening_rules
from server.screening.models import ReportStatus, ScreeningReport
from server.screening.rules import cadence_for
from server.tenant import service as tenant_service
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel, is_under, subtree_pattern

_DECIDED = (Case.accepted_at, Case.rejected_at, Case.forwarded_at, Case.assigned_at)
# Every instant a case can count at in `rates.tally` (a deadline, an act, the registration):
# a case none of whose instants falls in the period counts for no rate of that period.
CASE_INSTANTS = (Case.accept_due_at, *_DECIDED, Case.handle_due_at, Case.answered_at, Case.closed_at,
                 Case.registered_at)

_FACT_COLUMNS = (
    Case.id, Case.registered_at, Case.accept_due_at, *_DECIDED, Case.handle_due_at, Case.answered_at,
    Case.closed_at, Case.review_requested_at, Case.first_petition, Case.outcome, Case.review_decided_at,
    Case.review_upheld, Case.concluded_at, Case.rereview_upheld, Case.headcount, Case.channel,
)


def bounds(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The China days [first_day, last_day] as the UTC instants [start, end)."""
    start = dt.datetime.combine(first_day, dt.time(), CHINA).astimezone(dt.UTC)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), CHINA).astimezone(dt.UTC)
    return start, end


def in_subtree(tenant_id: int, unit: Unit) -> ColumnElement[bool]:
    """The cases a unit's figures count: its subtree's, less accusations against the unit or a
    unit above it — hidden from the unit, they never show in its counts either (Art. 30)."""
    if unit.id == tenant_id:  # the county: every case of the tenant is in its subtree
        return and_(Case.tenant_id == tenant_id, not_hidden_from(unit.path))
    return and_(
        Case.tenant_id == tenant_id,
        or_(Case.unit_path == unit.path, Case.unit_path.like(subtree_pattern(unit.path))),
        not_hidden_from(unit.path),
    )


def _within(column: ColumnElement, start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    return (column >= start) & (column < end)


def in_period(start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    """The cases with an instant in [start, end): one index range per instant."""
    return or_(*(_within(c, start, end) for c in CASE_INSTANTS))


# --- cases -----------------------------------------------------------------------------------


def overdue_open(now: dt.datetime) -> ColumnElement[bool]:
    """信访积案: an open case whose running deadline has passed."""
    return and_(Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None), Case.due_at < now)


def _deadline_rate(act: ColumnElement, due: ColumnElement, start, end, now) -> tuple[ColumnElement, ColumnElement]:
    """(on time, late) of `rates.counted_at`: on time when the act came by the deadline (it counts
    the day of the act); late when it did not, counting the day the deadline passed. The two are
    disjoint (act <= due, or no act / act > due): the cases counted are their sum."""
    on_time = act.is_not(None) & (act <= due) & _within(act, start, end) & (act <= now)
    late = due.is_not(None) & or_(act.is_(None), act > due) & _within(due, start, end) & (due <= now)
    return on_time, late


# The counts `tally_columns` gives: the 13 of `rates.Tally` it can count from a case's own row, with
# each "counted" denominator as its two disjoint parts (`tally_of` adds them up).
TALLY_COLUMNS = ("accepted_on_time", "accepted_late", "replied_on_time", "replied_late", "closed_on_time",
                 "closed_late", "resolved_base", "resolved", "collective_base", "collective_resolved",
                 "first_closed", "first_one_pass", "repeats")


def tally_columns(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict[str, ColumnElement]:
    """`rates.tally` over the cases as SQL: one filtered count per `TALLY_COLUMNS` entry, with the
    same conditions (a NULL compares false). The first decision is the earliest of the four
    decision instants. Each condition is written once: a denominator is the sum of its disjoint
    on-time and late parts, not a third condition (the province ranking evaluates these on every
    case of the year)."""
    def count(condition: ColumnElement[bool]) -> ColumnElement:
        return func.count().filter(condition)

    due = Case.accept_due_at
    decided_by_due = or_(*(d <= due for d in _DECIDED))  # the first decision came by the deadline
    first_decision_in = and_(or_(*(_within(d, start, end) for d in _DECIDED)),
                             *(or_(d.is_(None), d >= start) for d in _DECIDED))
    accepted_on_time = decided_by_due & first_decision_in & or_(*(d <= now for d in _DECIDED))
    # Not decided by the deadline: the negation of `decided_by_due` (disjoint from on time).
    accepted_late = and_(*(or_(d.is_(None), d > due) for d in _DECIDED)) & _within(due, start, end) & (due <= now)
    replied_on_time, replied_late = _deadline_rate(Case.answered_at, Case.handle_due_at, start, end, now)
    closed_on_time, closed_late = _deadline_rate(Case.closed_at, Case.handle_due_at, start, end, now)
    answered = _within(Case.answered_at, start, end) & Case.outcome.is_not(None)
    resolved = answered & Case.outcome.in_(rates_rules.RESOLVED_OUTCOMES) & Case.review_requested_at.is_(None)
    collective = Case.channel.in_(rates_rules.VISIT_CHANNELS) & (Case.headcount >= rates_rules.COLLECTIVE_HEADCOUNT)
    first_closed = Case.first_petition.is_(True) & _within(Case.closed_at, start, end)
    columns = {
        "accepted_on_time": count(accepted_on_time),
        "accepted_late": count(accepted_late),
        "replied_on_time": count(replied_on_time),
        "replied_late": count(replied_late),
        "closed_on_time": count(closed_on_time),
        "closed_late": count(closed_late),
        "resolved_base": count(answered),
        "resolved": count(resolved),
        "collective_base": count(answered & collective),
        "collective_resolved": count(resolved & collective),
        "first_closed": count(first_closed),
        "first_one_pass": count(first_closed & Case.review_requested_at.is_(None)),
        "repeats": count(Case.first_petition.is_(False) & _within(Case.registered_at, start, end)),
    }
    assert tuple(columns) == TALLY_COLUMNS
    return columns


def tally_of(counts: Sequence[int], *, replies: int, satisfied: int, basically_satisfied: int,
             dissatisfied: int) -> rates_rules.Tally:
    """The `rates.Tally` of the `TALLY_COLUMNS` counts (in that order) and the reply rounds' counts."""
    (accepted_on_time, accepted_late, replied_on_time, replied_late, closed_on_time, closed_late, resolved_base,
     resolved, collective_base, collective_resolved, first_closed, first_one_pass, repeats) = counts
    return rates_rules.Tally(
        accept_due=accepted_on_time + accepted_late, accepted_on_time=accepted_on_time,
        reply_due=replied_on_time + replied_late, replied_on_time=replied_on_time,
        close_due=closed_on_time + closed_late, closed_on_time=closed_on_time,
        replies=replies, rated=satisfied + basically_satisfied + dissatisfied, satisfied=satisfied,
        basically_satisfied=basically_satisfied, first_closed=first_closed, first_one_pass=first_one_pass,
        resolved_base=resolved_base, resolved=resolved, collective_base=collective_base,
        collective_resolved=collective_resolved, repeats=repeats)


def case_tally_query(tenant_id: int, unit: Unit, start: dt.datetime, end: dt.datetime, now: dt.datetime):
    """The one aggregate over the subtree's cases of the period (EXPLAIN it: tests and README):
    the `TALLY_COLUMNS`, then how many of the cases mark a first petition and an outcome at all."""
    columns = tally_columns(start, end, now)
    return select(*(c.label(k) for k, c in columns.items()),
                  func.count().filter(Case.first_petition.is_not(None)).label("marks_first"),
                  func.count().filter(Case.outcome.is_not(None)).label("marks_outcome")).where(
        in_subtree(tenant_id, unit), in_period(start, end))


# --- reply rounds ----------------------------------------------------------------------------

_ROUND = ROUND_OF_KIND


@dataclass(frozen=True)
class RoundCounts:
    """The reply rounds answered in a period under one path (and accused unit), and their ratings."""

    unit_path: str
    accused_unit_path: str | None
    replies: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied


def _round_counts_query(tenants: ColumnElement[bool], documents: ColumnElement[bool], start: dt.datetime,
                        end: dt.datetime):
    def rated(level: Satisfaction) -> ColumnElement:
        return func.coalesce(func.sum(case((CaseRating.level == level, 1), else_=0)), 0)

    return (
        select(Case.unit_path, Case.accused_unit_path, func.count(), rated(Satisfaction.SATISFIED),
               rated(Satisfaction.BASICALLY_SATISFIED), rated(Satisfaction.DISSATISFIED))
        .select_from(PublicDocument)
        .join(Case, Case.id == PublicDocument.case_id)
        .outerjoin(CaseRating, and_(CaseRating.case_id == PublicDocument.case_id, CaseRating.reply_round == _ROUND))
        .where(documents, PublicDocument.kind.in_(list(rates_rules.ROUND_OF_DOCUMENT)),
               _within(PublicDocument.published_at, start, end), tenants)
        .group_by(Case.unit_path, Case.accused_unit_path)
    )


async def round_counts(
    db_session: AsyncSession, tenant_id: int, start: dt.datetime, end: dt.datetime, unit: Unit | None = None
) -> list[RoundCounts]:
    """Per case path and accused unit: the rounds answered in [start, end) and each round's own rating."""
    query = _round_counts_query(Case.tenant_id == tenant_id, PublicDocument.tenant_id == tenant_id, start, end)
    if unit is not None:
        query = query.where(in_subtree(tenant_id, unit))
    return [RoundCounts(path, accused, int(n), int(s), int(b), int(d))
            for path, accused, n, s, b, d in await db_session.execute(query)]


async def round_counts_of(
    db_session: AsyncSession, tenant_ids: list[int], root_path: str, start: dt.datetime, end: dt.datetime,
) -> list[RoundCounts]:
    """`round_counts` of several tenants' cases under `root_path` in one grouped query (the province ranking)."""
    query = _round_counts_query(Case.tenant_id.in_(tenant_ids), PublicDocument.tenant_id.in_(tenant_ids), start, end)
    query = query.where(or_(Case.unit_path == root_path, Case.unit_path.like(subtree_pattern(root_path))))
    return [RoundCounts(path, accused, int(n), int(s), int(b), int(d))
            for path, accused, n, s, b, d in await db_session.execute(query)]


def sum_up_the_tree(units: dict[str, int], counts: Iterable[tuple[str, str | None, int]]) -> dict[int, int]:
    """Per unit id (`units`: path → id): the counts of its subtree's case paths, less the
    accusations hidden from the unit (`hidden_from`, as `in_subtree` leaves them out)."""
    totals = subtree_totals(units, ((path, accused, (n,)) for path, accused, n in counts), 1)
    return {unit_id: total[0] for unit_id, total in totals.items()}


def subtree_totals(units: Mapping[str, int], rows: Iterable[tuple[str, str | None, Sequence[int]]],
                   width: int) -> dict[int, Sequence[int]]:
    """Per unit id (`units`: path → id): the sums of the rows (case path, accused unit path,
    `width` counts) of its subtree, less the accusations hidden from the unit (`hidden_from`: an
    accusation is hidden from the accused unit and everything under it). Read-only: units may
    share one sequence.

    Linear in rows + paths: a row counts for every unit above its case path except the accused
    unit and those under it — that is, for the accused unit's parent and everything above it when
    the accused unit lies on the case's own path, else for the case path and everything above. So
    each row is added once at that point, and the points' sums are carried up the paths once,
    deepest first."""
    at: dict[str, Sequence[int]] = {}
    for path, accused, counts in rows:
        if accused is not None and is_under(path, accused):
            path = accused.rsplit("/", 1)[0]  # "" when the accused is a root: nobody above counts it
        total = at.get(path)
        at[path] = list(counts) if total is None else [a + b for a, b in zip(total, counts, strict=True)]
    by_depth: dict[int, list[str]] = {}
    for path in at:
        by_depth.setdefault(path.count("/"), []).append(path)
    for depth in range(max(by_depth, default=0), 0, -1):
        for path in by_depth.get(depth, []):
            parent = path.rsplit("/", 1)[0]
            if not parent:
                continue
            above = at.get(parent)
            if above is None:
                at[parent] = at[path]  # never changed in place: a sum is a new list
                by_depth.setdefault(depth - 1, []).append(parent)
            else:
                at[parent] = [a + b for a, b in zip(above, at[path], strict=True)]
    zero = [0] * width
    return {unit_id: at.get(path, zero) for path, unit_id in units.items()}


def ancestors_and_self(path: str) -> list[str]:
    """"/34/3401/340102" → ["/34", "/34/3401", "/34/3401/340102"]."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(2, len(parts) + 1)]


def rounds_under(counts: list[RoundCounts], path: str) -> RoundCounts:
    """The rounds of a unit's subtree from the per-path counts (less accusations hidden from it)."""
    mine = [c for c in counts if (c.unit_path == path or c.unit_path.startswith(path + "/"))
            and not hidden_from(path, c.accused_unit_path)]
    return RoundCounts(path, None, *(sum(getattr(c, k) for c in mine)
                               for k in ("replies", "satisfied", "basically_satisfied", "dissatisfied")))


async def case_rounds(db_session: AsyncSession, case_ids: list[int]) -> dict[int, tuple[rates_rules.RoundFacts, ...]]:
    """Each case's reply rounds with their own ratings, oldest first."""
    out: dict[int, list[rates_rules.RoundFacts]] = {}
    for i in range(0, len(case_ids), 500):
        chunk = case_ids[i:i + 500]
        rows = await db_session.execute(
            select(PublicDocument.case_id, _ROUND, PublicDocument.published_at, CaseRating.level)
            .outerjoin(CaseRating, and_(CaseRating.case_id == PublicDocument.case_id, CaseRating.reply_round == _ROUND))
            .where(PublicDocument.case_id.in_(chunk), PublicDocument.kind.in_(list(rates_rules.ROUND_OF_DOCUMENT)))
            .order_by(PublicDocument.case_id, PublicDocument.published_at))
        for case_id, round_, at, level in rows:
            out.setdefault(case_id, []).append(rates_rules.RoundFacts(int(round_), at, str(level) if level else None))
    return {k: tuple(v) for k, v in out.items()}


# --- facts (the rule's input; tests compare it with the database's counts) -------------------


async def case_facts(db_session: AsyncSession, where: ColumnElement[bool]) -> list[rates_rules.CaseFacts]:
    """The facts of the cases `where` selects, read as columns (not ORM objects)."""
    rows = list(await db_session.execute(select(*_FACT_COLUMNS).where(where)))
    rounds = await case_rounds(db_session, [c.id for c in rows])
    facts = []
    for c in rows:
        decided = [t for t in (c.accepted_at, c.rejected_at, c.forwarded_at, c.assigned_at) if t is not None]
        facts.append(rates_rules.CaseFacts(
            registered_at=c.registered_at, accept_due_at=c.accept_due_at, decided_at=min(decided) if decided else None,
            handle_due_at=c.handle_due_at, answered_at=c.answered_at, closed_at=c.closed_at,
            review_requested_at=c.review_requested_at, rounds=rounds.get(c.id, ()),
            first_petition=c.first_petition, outcome=str(c.outcome) if c.outcome is not None else None,
            case_id=c.id, review_decided_at=c.review_decided_at, review_upheld=c.review_upheld,
            rereview_decided_at=c.concluded_at if c.rereview_upheld is not None else None,
            rereview_upheld=c.rereview_upheld, headcount=c.headcount, channel=str(c.channel),
        ))
    return facts


# --- incidents (重要信息上报率) ----------------------------------------------------------------


async def incident_facts(db_session: AsyncSession, unit: Unit, first_day: dt.date, last_day: dt.date
                         ) -> list[rates_rules.IncidentFacts]:
    rows = await db_session.execute(select(Incident.occurred_on, Incident.recorded_at, Incident.status).where(
        Incident.tenant_id == unit.tenant_id,
        or_(Incident.unit_path == unit.path, Incident.unit_path.like(subtree_pattern(unit.path))),
        Incident.occurred_on >= first_day, Incident.occurred_on <= last_day))
    return [rates_rules.IncidentFacts(on, at, status in COUNTING_STATUSES) for on, at, status in rows]


# --- screening reports -----------------------------------------------------------------------


async def screening_on_time(
    *, db_session: AsyncSession, unit: Unit, first_day: dt.date, last_day: dt.date,
    settings: TenantSettings | None = None,
) -> tuple[int, int]:
    """(reports filed on time, reports due) for the unit and the screening units under it, over
    the periods whose report fell due within [first_day, last_day] and before today (since the
    tenant's `screening_start`). On time: a submitted report covering the period, submitted
    before the end of the period's due day (China time), as the screening page shows it."""
    if settings is None:
        settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    today = local_date(utcnow())
    since = dt.date.fromisoformat(settings.screening_start) if settings.screening_start else None
    last = min(last_day, today - dt.timedelta(days=1))
    first = max(first_day, since) if since else first_day
    if last < first:
        return 0, 0
    members = list(await db_session.scalars(select(Unit).where(
        or_(Unit.id == unit.id, Unit.path.like(subtree_pattern(unit.path))), Unit.retired_at.is_(None),
        Unit.level.in_((UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)))))
    reports = (await db_session.execute(select(
        ScreeningReport.unit_id, ScreeningReport.period_start, ScreeningReport.period_end,
        ScreeningReport.submitted_at).where(
        ScreeningReport.tenant_id == unit.tenant_id, ScreeningReport.unit_id.in_([m.id for m in members]),
        ScreeningReport.status == ReportStatus.SUBMITTED, ScreeningReport.period_end >= first,
        ScreeningReport.period_start <= last))).all()
    by_unit: dict[int, list] = {}
    for r in reports:
        by_unit.setdefault(r.unit_id, []).append(r)
    periods: dict = {}  # per cadence: the periods wholly within [first, last]
    due = on_time = 0
    for member in members:
        cadence = cadence_for(settings, member.level)
        if cadence not in periods:
            periods[cadence] = [p for p in screening_rules.periods_between(first, last, cadence)
                                if p.start >= first and p.end <= last]
        due += len(periods[cadence])
        filed = by_unit.get(member.id, [])
        for period in periods[cadence] if filed else []:
            # A weekly report may be due before the week ends (the tenant's due weekday, seed 002 "每周三").
            due_day = screening_rules.due_on(period, cadence, settings.weekly_report_due_weekday)
            deadline = bounds(due_day, due_day)[1]  # the start of the day after the due day
            if any(period.overlaps(r.period_start, r.period_end) and r.submitted_at is not None
                   and r.submitted_at < deadline for r in filed):
                on_time += 1
    return on_time, due


# --- the report ------------------------------------------------------------------------------


async def count_unit_rates(
    *, db_session: AsyncSession, unit: Unit, first_day: dt.date, last_day: dt.date
) -> rates_rules.RateReport:
    """The standard rates of a unit's subtree for the China days [first_day, last_day], from the
    records now — the one count every output shows (dashboard, annual review, exports, the
    declaration documents; the public page and the review's citizen ratings use `round_counts`)."""
    start, end = bounds(first_day, last_day)
    subtree = in_subtree(unit.tenant_id, unit)
    *counts, marks_first, marks_outcome = (
        await db_session.execute(case_tally_query(unit.tenant_id, unit, start, end, utcnow()))).one()
    rounds = rounds_under(await round_counts(db_session, unit.tenant_id, start, end, unit), unit.path)
    tally = tally_of(tuple(int(n) for n in counts), replies=rounds.replies, satisfied=rounds.satisfied,
                     basically_satisfied=rounds.basically_satisfied, dissatisfied=rounds.dissatisfied)
    decisions = await case_facts(db_session, and_(subtree, or_(
        _within(Case.review_decided_at, start, end), _within(Case.concluded_at, start, end))))
    # Whether the period's cases mark first petitions / outcomes at all (else unavailable, not 0).
    knows_first, knows_outcome = marks_first > 0, marks_outcome > 0
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    screening = await screening_on_time(db_session=db_session, unit=unit, first_day=first_day, last_day=last_day,
                                        settings=settings)
    hours = settings.info_report_hours
    info = rates_rules.info_reported(await incident_facts(db_session, unit, first_day, last_day),
                                     first_day, last_day, hours)
    return rates_rules.report(
        tally, rates_rules.review_upheld_rate(decisions, start, end), screening=screening if screening[1] else None,
        knows_first=knows_first, knows_outcome=knows_outcome, info=info, info_hours=hours,
    )

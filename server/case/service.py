"""Use cases of a petition case for officials. Each public function is one transaction.

Lifecycle steps go through `server.case.flows.act`; the citizen's side is in
`server.case.public`.
"""
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, and_, false, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.models import RoleGrant, User
from server.auth.principal import Principal
from server.case import hidden, rules
from server.case.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseStatus,
    Channel,
    MatterKind,
    Petitioner,
    PublicDocument,
    Supervision,
)
from server.dates import china_today, utcnow
from server.db import end_reads
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.events import CaseChanged, broker
from server.idempotency import by_client_key, client_key
from server.pagination import Page, keyset_page
from server.tenant import service as tenant_service
from server.unit.models import Unit, UnitLevel, in_subtree, subtree_pattern

if TYPE_CHECKING:
    from server.auth.models import User

CASE_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)
MAX_ATTACHMENTS = attachment_access.MAX_PER_RECORD


@dataclass
class PetitionerIn:
    name: str
    phone: str


@dataclass
class RegisterCase:
    unit_id: int
    channel: Channel
    title: str
    content: str
    petitioners: list[PetitionerIn]
    category: str | None = None
    headcount: int = 1
    client_mutation_id: str | None = None
    kind: MatterKind = MatterKind.COMPLAINT
    cause: str | None = None
    place: str | None = None
    occurred_on: dt.date | None = None
    development: str | None = None
    mediation: str | None = None
    accused_unit_id: int | None = None
    attachment_ids: list[int] = field(default_factory=list)
    # The input field the files came in (a citizen's `attachmentTokens`), for the refusal's path.
    attachments_field: str = "attachmentIds"


@dataclass
class CaseFilter:
    unit_id: int | None = None
    statuses: list[CaseStatus] | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    flagged: bool | None = None
    repeat: bool | None = None
    kind: MatterKind | None = None
    search: str | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None


def _field(*path: str | int) -> list[str]:
    return ["input", *map(str, path)]


# --- visibility -----------------------------------------------------------------------------

def _hidden_from(path: str, case: Case) -> bool:
    """An accusation is invisible to the accused unit and everything under it (Art. 30)."""
    return hidden.hidden_from(path, case.accused_unit_path)


@dataclass(frozen=True)
class Receipt:
    """登记回执: the query code and time of a registration, for the official who made it."""

    query_code: str
    registered_at: dt.datetime


def receipt_of(principal: Principal, case: Case) -> Receipt | None:
    """The registration receipt, for the official who registered the case and no one else — even
    when the case is then hidden from them (an accusation against their own village, Art. 30)."""
    if principal.user_id is None or case.registered_by_user_id != principal.user_id:
        return None
    return Receipt(query_code=case.query_code, registered_at=case.registered_at)


def readable(principal: Principal, case: Case | None) -> Case | None:
    """The case if the viewer may read it; None otherwise, so other units' ids reveal nothing."""
    principal.require_user()
    if case is None or case.tenant_id != principal.tenant_id:
        return None
    for path in (case.unit_path, case.handler_unit_path):
        if any(not _hidden_from(g.unit_path, case) for g in principal.grants_for("case", "read", path)):
            return case
    return None


def sees_change(principal: Principal, event: CaseChanged) -> bool:
    """Should a live subscriber hear of this change? Only of a case they may read: a change to
    an accusation against their unit is not even a signal (Art. 30)."""
    if event.tenant_id != principal.tenant_id:
        return False
    return any(
        not hidden.hidden_from(g.unit_path, event.accused_unit_path)
        for path in (event.unit_path, event.handler_unit_path)
        for g in principal.grants_for("case", "read", path)
    )


def handles(principal: Principal, case: Case) -> bool:
    """Does the viewer handle this case (and so see its petitioners unmasked)? The unit that
    reviews it (复查) handles it too: it hears the petitioner and signs the review opinion."""
    units = {case.unit_id, case.handler_unit_id, case.registered_by_unit_id, case.review_unit_id}
    return any(
        g.unit_id in units and not _hidden_from(g.unit_path, case)
        for g in principal.grants
        if principal.grants_for("case", "read_pii", g.unit_path)
    )


def not_hidden_from(path: str) -> ColumnElement[bool]:
    """SQL: the case is not an accusation against the unit at `path` or a unit above it — the
    rows a unit's own lists, counts and figures may hold (Art. 30)."""
    return or_(
        Case.accused_unit_path.is_(None),
        and_(literal(path) != Case.accused_unit_path, ~literal(path).like(Case.accused_unit_path + "/%")),
    )


def visible_filter(principal: Principal, act: str = "list") -> ColumnElement[bool]:
    """SQL: cases the viewer may `act` on — by 属地 or by handling unit inside one of their
    subtrees, never an accusation against their own unit or a unit above them."""
    return _visible_clause(principal.tenant_id, tuple(principal.scopes("case", act)))


@functools.lru_cache(maxsize=4096)
def _visible_clause(tenant_id: int | None, scopes: tuple[str, ...]) -> ColumnElement[bool]:
    """The condition for a tenant and the viewer's scopes (decided afresh on every request by
    `principal.scopes`); only the building of the immutable SQL expression is remembered."""
    c = Case.__table__.c
    clauses = []
    for path in scopes:
        inside = or_(in_subtree(c.unit_path, path), in_subtree(c.handler_unit_path, path))
        clauses.append(and_(inside, not_hidden_from(path)))
    return and_(c.tenant_id == tenant_id, or_(*clauses)) if clauses else false()


@functools.lru_cache(maxsize=4096)
def _visible_cases(clause: ColumnElement[bool]) -> Select:
    return select(Case).where(clause)


async def get(*, db_session: AsyncSession, case_id: int) -> Case | None:
    return await db_session.get(Case, case_id)


async def get_many(*, db_session: AsyncSession, case_ids: list[int]) -> list[Case | None]:
    rows = {c.id: c for c in await db_session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    return [rows.get(pk) for pk in case_ids]


async def read_petitioners(
    *, db_session: AsyncSession, principal: Principal, case: Case, unmasked: bool
) -> list[Petitioner]:
    """Petitioners as the viewer may see them; an unmasked read is written to the audit log."""
    rows = list(
        await db_session.scalars(
            select(Petitioner).where(Petitioner.case_id == case.id).order_by(Petitioner.position)
        )
    )
    if unmasked and handles(principal, case):
        await end_reads(db_session)
        audit.record(
            db_session=db_session, tenant_id=case.tenant_id, actor_id=principal.user_id,
            action="case.read_pii", object_type="case", object_id=case.id,
        )
        await db_session.commit()
        return rows
    return [
        Petitioner(name=rules.mask_name(p.name), phone=rules.mask_phone(p.phone), position=p.position)
        for p in rows
    ]


# --- registration ---------------------------------------------------------------------------

def _validate(check: Validator, data: RegisterCase) -> tuple[dict, list[Petitioner], str | None]:
    text = {
        "title": check.text(data.title, _field("title"), max_length=200),
        "content": check.text(data.content, _field("content"), max_length=10_000),
        "category": check.text(data.category, _field("category"), required=False, max_length=64),
        "cause": check.text(data.cause, _field("cause"), required=False, max_length=2000),
        "place": check.text(data.place, _field("place"), required=False, max_length=200),
        "development": check.text(data.development, _field("development"), required=False, max_length=2000),
        "mediation": check.text(data.mediation, _field("mediation"), required=False, max_length=2000),
    }
    if not 1 <= data.headcount <= rules.MAX_HEADCOUNT:
        check.add("OUT_OF_RANGE", _field("headcount"), min=1, max=rules.MAX_HEADCOUNT)
    if data.occurred_on and data.occurred_on > china_today() + dt.timedelta(days=1):
        check.add("INVALID", _field("occurredOn"), "error.FUTURE_DATE")
    key = client_key(check, data.client_mutation_id)
    if len(data.attachment_ids) > MAX_ATTACHMENTS:
        check.add("TOO_MANY", _field("attachmentIds"), max=MAX_ATTACHMENTS)
    if not data.petitioners:
        check.add("REQUIRED", _field("petitioners"), "error.PETITIONERS_REQUIRED")
    elif len(data.petitioners) > rules.MAX_PETITIONERS:
        check.add("TOO_MANY", _field("petitioners"), max=rules.MAX_PETITIONERS)
    petitioners: list[Petitioner] = []
    for index, person in enumerate(data.petitioners[: rules.MAX_PETITIONERS]):
        name = check.text(person.name, _field("petitioners", index, "name"), max_length=50)
        phone = None
        if not (person.phone or "").strip():
            check.add("REQUIRED", _field("petitioners", index, "phone"))
        else:
            phone = rules.normalise_phone(person.phone[:40])
            if phone is None:
                check.add("INVALID_PHONE", _field("petitioners", index, "phone"), "error.INVALID_PHONE")
        if name and phone:
            petitioners.append(Petitioner(name=name, phone=phone, position=index))
    return text, petitioners, key


async def _earlier_matters(db_session: AsyncSession, tenant_id: int, phones: list[str], title: str, content: str) -> list[Case]:
    """Earlier cases of these petitioners on a similar matter, most recent first."""
    earlier = await db_session.scalars(
        select(Case)
        .join(Petitioner, Petitioner.case_id == Case.id)
        .where(Case.tenant_id == tenant_id, Petitioner.phone.in_(phones))
        .order_by(Case.registered_at.desc(), Case.id.desc())
        .limit(50)
    )
    return [c for c in dict.fromkeys(earlier) if rules.is_same_matter(title, content, c.title, c.content)]


async def register(
    *, db_session: AsyncSession, principal: Principal | None, data: RegisterCase, channel_unit: Unit | None = None
) -> Case:
    """登记: record a new matter with its acceptance deadline.

    `principal` is None for a citizen's online submission (the public service checks it).
    """
    user_id = principal.require_user() if principal is not None else None
    check = Validator()
    text, petitioners, key = _validate(check, data)
    unit = await db_session.get(Unit, data.unit_id)
    tenant_id = principal.tenant_id if principal is not None else (unit.tenant_id if unit else None)
    if unit is None or unit.tenant_id is None or unit.tenant_id != tenant_id:
        check.add(NOT_FOUND, _field("unitId"), "error.NOT_FOUND")
    elif principal is not None and not principal.can("case", "register", unit.path):
        check.add(FORBIDDEN, _field("unitId"), "error.UNIT_FORBIDDEN")
    elif unit.level not in CASE_LEVELS or unit.retired_at is not None:
        check.add("INVALID", _field("unitId"), "error.UNIT_LEVEL")
    accused = None
    if data.kind == MatterKind.ACCUSATION and data.accused_unit_id is None:
        # Art. 30: the unit an accusation concerns decides who may never see it.
        check.add("REQUIRED", _field("accusedUnitId"), "error.ACCUSED_REQUIRED")
    elif data.kind != MatterKind.ACCUSATION and data.accused_unit_id is not None:
        check.add("INVALID", _field("accusedUnitId"), "error.ACCUSED_ONLY_ACCUSATION")
    elif data.accused_unit_id is not None:
        accused = await db_session.get(Unit, data.accused_unit_id)
        if accused is None or accused.tenant_id != tenant_id or accused.parent_id is None:
            check.add(NOT_FOUND, _field("accusedUnitId"), "error.NOT_FOUND")
        elif accused.level == UnitLevel.COUNTY:
            # The county's own officials: the level above is the city, outside this system.
            check.add("INVALID", _field("accusedUnitId"), "error.ACCUSED_COUNTY")
    attachments = await attachment_access.unlinked(
        db_session=db_session, tenant_id=tenant_id, user_id=user_id, attachment_ids=data.attachment_ids
    )
    if attachments is None:
        check.add(NOT_FOUND, _field(data.attachments_field), "error.NOT_FOUND")
    check.raise_if_any()
    assert unit is not None

    fingerprint = rules.payload_fingerprint(data) if key is not None else None
    if key is not None:
        existing = await _by_client_key(db_session, tenant_id, user_id, key)
        if existing is not None:
            return _replayed(existing, fingerprint)

    now = utcnow()
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    if accused is not None:
        handler = await db_session.get(Unit, accused.parent_id)  # one level above the accused
    elif unit.level == UnitLevel.VILLAGE:
        handler = await db_session.get(Unit, unit.parent_id)  # the township accepts villages' cases
    else:
        handler = unit
    similar = [
        c
        for c in await _earlier_matters(
            db_session, unit.tenant_id, [p.phone for p in petitioners], text["title"], text["content"]
        )
        if hidden.may_link_repeat(c.accused_unit_path, accused.path if accused else None)
    ]
    # 三级终结: the same facts after a concluded re-review are not accepted again; the new
    # petition is linked to the concluded matter for the officer's 不再受理 decision.
    concluded = next((c for c in similar if c.status == CaseStatus.CONCLUDED), None)
    earlier = concluded or (similar[0] if similar else None)
    accept_due = rules.accept_due_at(now, settings)
    for p in petitioners:
        p.tenant_id = unit.tenant_id
    case = Case(
        tenant_id=unit.tenant_id,
        unit_id=unit.id,
        unit_path=unit.path,
        handler_unit_id=handler.id,
        handler_unit_path=handler.path,
        registered_by_unit_id=principal.unit_id if principal is not None else handler.id,
        registered_by_user_id=user_id,
        query_code=rules.new_query_code(),
        client_mutation_id=key,
        client_payload_hash=fingerprint,
        channel=data.channel,
        kind=data.kind,
        headcount=data.headcount,
        occurred_on=data.occurred_on,
        accused_unit_id=accused.id if accused else None,
        accused_unit_path=accused.path if accused else None,
        first_petition=earlier is None,
        repeat_of_case_id=earlier.id if earlier else None,
        # 三级终结: the same facts after a concluded re-review are not accepted again.
        not_accepted_again=concluded is not None,
        status=CaseStatus.REGISTERED,
        registered_at=now,
        accept_due_at=accept_due,
        due_at=accept_due,
        petitioners=petitioners,
        **text,
    )
    db_session.add(case)
    try:
        await db_session.flush()
    except IntegrityError:
        # A concurrent retry with the same idempotency key won the race.
        await db_session.rollback()
        existing = await _by_client_key(db_session, tenant_id, user_id, key) if key else None
        if existing is None:
            raise
        return _replayed(existing, fingerprint)
    if not await link_files(db_session, case.id, attachments):
        await db_session.rollback()  # a concurrent registration took one of the files
        raise DomainError(NOT_FOUND, field=_field(data.attachments_field))
    note = None
    if earlier is not None:
        note = f"重信重访 #{earlier.id}" + ("（不再受理）" if case.not_accepted_again else "")
    db_session.add(
        CaseEvent(
            tenant_id=case.tenant_id, case_id=case.id, kind=CaseEventKind.REGISTERED, at=now, actor_id=user_id,
            note=note,
        )
    )
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=user_id,
        action="case.register", object_type="case", object_id=case.id,
        channel=str(case.channel), unit_id=unit.id,
    )
    await db_session.commit()
    broker.publish(case)
    return case


async def link_files(db_session: AsyncSession, case_id: int, attachments: list[Attachment]) -> bool:
    """Link files to the case — only files that are still free, so that of two concurrent
    requests with the same file one wins and the other is refused (False)."""
    free = [a for a in attachments if a.case_id != case_id]
    if not free:
        return True
    result = await db_session.execute(
        update(Attachment)
        .where(Attachment.id.in_([a.id for a in free]), *(getattr(Attachment, c).is_(None) for c in Attachment.OWNER_COLUMNS))
        .values(case_id=case_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != len(free):
        return False
    for attachment in free:
        set_committed_value(attachment, "case_id", case_id)
    return True


async def add_attachments(
    *, db_session: AsyncSession, principal: Principal, case_id: int, attachment_ids: list[int]
) -> Case:
    """Materials that come after registration (new photos, a scanned receipt), added by a unit
    handling the case — the units that see the petitioner's materials (`handles`)."""
    user_id = principal.require_user()
    case = readable(principal, await db_session.scalar(select(Case).where(Case.id == case_id).with_for_update()))
    if case is None:
        raise DomainError(NOT_FOUND, field=["id"])
    if not handles(principal, case):
        raise DomainError(FORBIDDEN)
    wanted = list(dict.fromkeys(attachment_ids))
    if not wanted:
        raise DomainError("REQUIRED", field=["attachmentIds"])
    rows = await attachment_access.unlinked(
        db_session=db_session, tenant_id=case.tenant_id, user_id=user_id, attachment_ids=wanted,
        owner_column="case_id", owner_id=case.id,
    )
    if rows is None:
        raise DomainError(NOT_FOUND, field=["attachmentIds"])
    new = [a for a in rows if a.case_id != case.id]
    if not new:
        return case  # sent again: every file is on the case already
    present = await db_session.scalar(select(func.count()).select_from(Attachment).where(Attachment.case_id == case.id)) or 0
    if present + len(new) > MAX_ATTACHMENTS:
        raise DomainError("TOO_MANY", field=["attachmentIds"], max=MAX_ATTACHMENTS)
    if not await link_files(db_session, case.id, new):
        await db_session.rollback()
        raise DomainError(NOT_FOUND, field=["attachmentIds"])
    now = utcnow()
    case.version += 1
    db_session.add(CaseEvent(
        tenant_id=case.tenant_id, case_id=case.id, kind=CaseEventKind.ATTACHMENTS_ADDED, at=now, actor_id=user_id,
        note="、".join(a.filename for a in new),
    ))
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=user_id, action="case.add_attachments",
        object_type="case", object_id=case.id, attachment_ids=[a.id for a in new],
    )
    await db_session.commit()
    broker.publish(case)
    return case


def _replayed(existing: Case, fingerprint: str | None) -> Case:
    """The record a retried registration already made — unless the key came with another payload."""
    if existing.client_payload_hash is not None and existing.client_payload_hash != fingerprint:
        raise DomainError("CONFLICT", "error.IDEMPOTENCY_CONFLICT", field=_field("clientMutationId"))
    return existing


async def _by_client_key(db_session: AsyncSession, tenant_id: int | None, user_id: int | None, key: str) -> Case | None:
    # No user: online submissions are deduplicated by the public service.
    return await by_client_key(db_session, Case, Case.registered_by_user_id, tenant_id=tenant_id, user_id=user_id, key=key)


# --- lists ----------------------------------------------------------------------------------

def _filtered(principal: Principal, flt: CaseFilter, unit: Unit | None, now: dt.datetime, due_soon_days: int) -> Select:
    query = _visible_cases(visible_filter(principal))
    if unit is not None:
        query = query.where(in_subtree(Case.unit_path, unit.path))
    if flt.statuses:
        query = query.where(Case.status.in_(flt.statuses))
    if flt.overdue is True:
        query = query.where(Case.due_at < now)
    elif flt.overdue is False:
        query = query.where(or_(Case.due_at.is_(None), Case.due_at >= now))
    if flt.due_soon:
        query = query.where(Case.due_at >= now, Case.due_at <= now + dt.timedelta(days=due_soon_days))
    if flt.flagged is not None:
        query = query.where(Case.flagged_for_county_at.is_not(None) if flt.flagged else Case.flagged_for_county_at.is_(None))
    if flt.repeat is not None:
        query = query.where(Case.first_petition.is_(not flt.repeat))
    if flt.kind is not None:
        query = query.where(Case.kind == flt.kind)
    if flt.registered_from:
        start = dt.datetime.combine(flt.registered_from, dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=8)
        query = query.where(Case.registered_at >= start)
    if flt.registered_to:
        end = dt.datetime.combine(flt.registered_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=8)
        query = query.where(Case.registered_at < end)
    if flt.search:
        term = flt.search.strip()[:100]
        if term:
            pattern = f"%{rules.escape_like(term)}%"
            query = query.where(
                or_(
                    Case.title.like(pattern, escape="\\"),
                    Case.content.like(pattern, escape="\\"),
                    Case.query_code == term.upper(),
                )
            )
    return query


async def filtered_query(*, db_session: AsyncSession, principal: Principal, flt: CaseFilter) -> Select:
    """The viewer's cases matching a filter (unordered), for lists, counts and exports."""
    principal.require_user()
    unit = None
    if flt.unit_id is not None:
        unit = await db_session.get(Unit, flt.unit_id)
        if unit is None:
            raise DomainError(NOT_FOUND, field=["filter", "unitId"])
    due_soon_days = 3
    if flt.due_soon and principal.tenant_id is not None:  # read only when the filter needs it
        due_soon_days = (await tenant_service.get_settings(db_session=db_session, tenant_id=principal.tenant_id)).due_soon_days
    return _filtered(principal, flt, unit, utcnow(), due_soon_days)


async def list_cases(
    *,
    db_session: AsyncSession,
    principal: Principal,
    flt: CaseFilter,
    first: int,
    after: str | None,
) -> tuple[Page[Case], Select]:
    """One page of the case list, newest first; also the filtered query for counting."""
    query = await filtered_query(db_session=db_session, principal=principal, flt=flt)
    return await page_of(db_session=db_session, query=query, first=first, after=after), query


async def count(*, db_session: AsyncSession, query: Select) -> int:
    return await db_session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


# --- related records ------------------------------------------------------------------------

async def documents(*, db_session: AsyncSession, case_id: int) -> list[PublicDocument]:
    rows = await db_session.scalars(
        select(PublicDocument).where(PublicDocument.case_id == case_id).order_by(PublicDocument.published_at, PublicDocument.id)
    )
    return list(rows)


async def supervisions(*, db_session: AsyncSession, case_id: int) -> list[Supervision]:
    rows = await db_session.scalars(
        select(Supervision).where(Supervision.case_id == case_id).order_by(Supervision.created_at)
    )
    return list(rows)


async def attachments(*, db_session: AsyncSession, principal: Principal, case: Case, detail: bool) -> list[Attachment]:
    """The case's files, for the units handling it reading the case itself (`detail`, not a list
    row): the petitioners' materials stay with them; anyone else gets none."""
    if not detail or not handles(principal, case):
        return []
    rows = await db_session.scalars(select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id))
    return list(rows)


async def handlers(*, db_session: AsyncSession, case_id: int) -> list:
    rows = await db_session.scalars(
        select(User).join(CaseHandler, CaseHandler.user_id == User.id).where(CaseHandler.case_id == case_id).order_by(User.id)
    )
    return list(rows)


async def page_of(*, db_session: AsyncSession, query: Select, first: int, after: str | None) -> Page[Case]:
    """One page, newest first, of any case query (the list, an inbox task): the one keyset helper."""
    return await keyset_page(db_session=db_session, query=query, sort=Case.registered_at, pk=Case.id, first=first, after=after)


@dataclass(frozen=True)
class LeaderOption:
    """A person who may be the 包案 leader: the handling role they hold and the unit they hold it at."""

    user: "User"
    role: str
    unit: Unit


def _chain(path: str) -> list[str]:
    """A unit's path and the paths of every unit above it."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(2, len(parts) + 1)]


def may_assign(principal: Principal, case: Case | None) -> Case | None:
    """The case if the viewer may read it and assign it (交办) at its handling unit; else None."""
    case = readable(principal, case)
    return case if case is not None and principal.can("case", "assign", case.handler_unit_path) else None


async def leader_options(
    *, db_session: AsyncSession, principal: Principal, case: Case, user_ids: list[int] | None = None
) -> list[LeaderOption]:
    """包案领导 candidates: active accounts holding a handling role (one that may work the case,
    `case:progress`) at the handling unit or a unit above it in the county — never of the accused
    unit (回避). One option per person (their first such role, nearest the handling unit first).
    `user_ids` narrows it to these people (the check of `assignCase`). Empty for a viewer who may
    not assign the case."""
    if may_assign(principal, case) is None:
        return []

    query = (
        select(User, RoleGrant.role, Unit)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .join(Unit, Unit.id == RoleGrant.unit_id)
        .where(
            User.tenant_id == case.tenant_id, RoleGrant.tenant_id == case.tenant_id, User.is_active.is_(True),
            Unit.path.in_(_chain(case.handler_unit_path)),
        )
        .order_by(Unit.path.desc(), User.display_name, User.id, RoleGrant.role)
    )
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    options: dict[int, LeaderOption] = {}
    for user, role, unit in await db_session.execute(query):
        if user.id in options or hidden.hidden_from(unit.path, case.accused_unit_path):
            continue
        if rules.is_handling_role(principal.authorizer, role, unit.path, case.handler_unit_path):
            options[user.id] = LeaderOption(user=user, role=role, unit=unit)
    return list(options.values())


OLD_ASSIGNEES_CUT = 200


def _assignees_query(principal: Principal, case: Case | None) -> Select:
    """People who can lead or join the handling of a case: active accounts of the handling unit,
    its subtree and the units above it in the county — never of an accused unit (回避). Nobody for a
    viewer who may not assign the case."""
    case = may_assign(principal, case)
    if case is None:
        return select(User).join(Unit, Unit.id == User.unit_id).where(false())
    query = (
        select(User)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            User.tenant_id == case.tenant_id,
            User.is_active.is_(True),
            or_(Unit.path.in_(_chain(case.handler_unit_path)), Unit.path.like(subtree_pattern(case.handler_unit_path))),
        )
    )
    if case.accused_unit_path:
        query = query.where(~in_subtree(Unit.path, case.accused_unit_path))
    return query


async def assignees(*, db_session: AsyncSession, principal: Principal, case: Case) -> list:
    """The deprecated picker list: `_assignees_query` by unit and name, the first 200 only (its
    description says so; `assignees_page` pages through everyone)."""
    query = _assignees_query(principal, case).order_by(Unit.path, User.display_name).limit(OLD_ASSIGNEES_CUT)
    return list(await db_session.scalars(query))


async def assignees_page(
    *, db_session: AsyncSession, principal: Principal, case: Case | None, first: int, after: str | None
) -> tuple[Page[User], Select]:
    """One page of `_assignees_query`, by unit path then account (the one keyset helper), and the
    query for its count."""
    query = _assignees_query(principal, case)
    page = await keyset_page(
        db_session=db_session, query=query.options(contains_eager(User.unit)), sort=Unit.path, pk=User.id,
        first=first, after=after, kind=str, descending=False, key=lambda user: (user.unit.path, user.id),
    )
    return page, query


async def _may_read_attachment(db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A case's file: readable by whoever handles the case and may read it."""
    case = readable(principal, await db_session.get(Case, attachment.case_id))
    return case is not None and handles(principal, case)


attachment_access.register_reader("case_id", may_read=_may_read_attachment)

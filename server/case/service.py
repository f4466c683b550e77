"""Use cases of a petition case. Each public function is one transaction."""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.case import rules
from server.case.models import Case, CaseEvent, CaseStatus, Channel, Petitioner
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.pagination import Page, decode_cursor, encode_cursor
from server.tenant import service as tenant_service
from server.unit.models import Unit, UnitLevel

CASE_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)


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


@dataclass
class CaseFilter:
    unit_id: int | None = None
    statuses: list[CaseStatus] | None = None
    overdue: bool | None = None
    search: str | None = None


def _field(*path: str | int) -> list[str]:
    return ["input", *map(str, path)]


async def get(*, db_session: AsyncSession, case_id: int) -> Case | None:
    return await db_session.get(Case, case_id)


async def get_many(*, db_session: AsyncSession, case_ids: list[int]) -> list[Case | None]:
    rows = {c.id: c for c in await db_session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    return [rows.get(pk) for pk in case_ids]


def readable(principal: Principal, case: Case | None) -> Case | None:
    """The case if the viewer may read it; None otherwise, so other units' ids reveal nothing."""
    principal.require_user()
    if case is None or case.tenant_id != principal.tenant_id:
        return None
    return case if principal.can("case", "read", case.unit_path) else None


def handles(principal: Principal, case: Case) -> bool:
    """Does the viewer handle this case (and so see its petitioners unmasked)?"""
    units = {case.unit_id, case.handler_unit_id, case.registered_by_unit_id}
    return principal.holds_at("case", "read_pii", units)


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


async def register(*, db_session: AsyncSession, principal: Principal, data: RegisterCase) -> Case:
    """登记: record a new matter with its acceptance deadline."""
    user_id = principal.require_user()
    check = Validator()
    title = check.text(data.title, _field("title"), max_length=200)
    content = check.text(data.content, _field("content"), max_length=10_000)
    category = check.text(data.category, _field("category"), required=False, max_length=64)
    if not 1 <= data.headcount <= rules.MAX_HEADCOUNT:
        check.add("OUT_OF_RANGE", _field("headcount"), min=1, max=rules.MAX_HEADCOUNT)
    key = (data.client_mutation_id or "").strip() or None
    if key is not None and len(key) > 64:
        check.add("TOO_LONG", _field("clientMutationId"), max=64)
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

    unit = await db_session.get(Unit, data.unit_id)
    if unit is None or unit.tenant_id is None or unit.tenant_id != principal.tenant_id:
        check.add("NOT_FOUND", _field("unitId"), "error.NOT_FOUND")
    elif not principal.can("case", "register", unit.path):
        check.add(FORBIDDEN, _field("unitId"), "error.UNIT_FORBIDDEN")
    elif unit.level not in CASE_LEVELS or unit.retired_at is not None:
        check.add("INVALID", _field("unitId"), "error.UNIT_LEVEL")
    check.raise_if_any()
    assert unit is not None and title and content
    for p in petitioners:
        p.tenant_id = unit.tenant_id

    if key is not None:
        existing = await _by_client_key(db_session, principal.tenant_id, user_id, key)
        if existing is not None:
            return existing

    now = utcnow()
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    accept_due = rules.accept_due_at(now, settings)
    case = Case(
        tenant_id=unit.tenant_id,
        unit_id=unit.id,
        unit_path=unit.path,
        handler_unit_id=unit.parent_id if unit.level == UnitLevel.VILLAGE else unit.id,
        registered_by_unit_id=principal.unit_id,
        registered_by_user_id=user_id,
        query_code=rules.new_query_code(),
        client_mutation_id=key,
        channel=data.channel,
        title=title,
        content=content,
        category=category,
        headcount=data.headcount,
        status=CaseStatus.REGISTERED,
        registered_at=now,
        accept_due_at=accept_due,
        due_at=accept_due,
        petitioners=petitioners,
    )
    db_session.add(case)
    try:
        await db_session.flush()
    except IntegrityError:
        # A concurrent retry with the same idempotency key won the race.
        await db_session.rollback()
        existing = await _by_client_key(db_session, principal.tenant_id, user_id, key) if key else None
        if existing is None:
            raise
        return existing
    db_session.add(
        CaseEvent(tenant_id=case.tenant_id, case_id=case.id, kind="REGISTERED", at=now, actor_id=user_id)
    )
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=user_id,
        action="case.register", object_type="case", object_id=case.id,
        channel=str(case.channel), unit_id=unit.id,
    )
    await db_session.commit()
    return case


async def _by_client_key(db_session: AsyncSession, tenant_id: int | None, user_id: int, key: str) -> Case | None:
    return await db_session.scalar(
        select(Case).where(
            Case.tenant_id == tenant_id,
            Case.registered_by_user_id == user_id,
            Case.client_mutation_id == key,
        )
    )


def _visible_cases(principal: Principal, flt: CaseFilter, unit: Unit | None, now: dt.datetime) -> Select:
    """Cases the viewer may list, filtered in SQL by tenant and subtree."""
    query = select(Case).where(
        Case.tenant_id == principal.tenant_id,
        principal.subtree_filter(Case.unit_path, "case", "list"),
    )
    if unit is not None:
        query = query.where(or_(Case.unit_path == unit.path, Case.unit_path.like(unit.path + "/%")))
    if flt.statuses:
        query = query.where(Case.status.in_(flt.statuses))
    if flt.overdue is True:
        query = query.where(Case.due_at < now)
    elif flt.overdue is False:
        query = query.where(or_(Case.due_at.is_(None), Case.due_at >= now))
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


async def list_cases(
    *,
    db_session: AsyncSession,
    principal: Principal,
    flt: CaseFilter,
    first: int,
    after: str | None,
) -> tuple[Page[Case], Select]:
    """One page of the case list, newest first; also the filtered query for counting."""
    principal.require_user()
    now = utcnow()
    unit = None
    if flt.unit_id is not None:
        unit = await db_session.get(Unit, flt.unit_id)
        if unit is None:
            raise DomainError(NOT_FOUND, field=["filter", "unitId"])
    query = _visible_cases(principal, flt, unit, now)
    page_query = query
    if after:
        at, pk = decode_cursor(after)
        page_query = page_query.where(
            or_(Case.registered_at < at, and_(Case.registered_at == at, Case.id < pk))
        )
    rows = list(
        await db_session.scalars(
            page_query.order_by(Case.registered_at.desc(), Case.id.desc()).limit(first + 1)
        )
    )
    items = rows[:first]
    return (
        Page(
            items=items,
            cursors=[encode_cursor(c.registered_at, c.id) for c in items],
            has_next_page=len(rows) > first,
        ),
        query,
    )


async def count(*, db_session: AsyncSession, query: Select) -> int:
    return await db_session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


async def timeline(*, db_session: AsyncSession, case_id: int) -> list[CaseEvent]:
    rows = await db_session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
    )
    return list(rows)

"""Finding cases: by id for loaders, and the filtered list (tenant, subtree, accusation filters in SQL)."""
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case import rules
from server.case.models import Case, CaseStatus, MatterKind
from server.case.visibility import visible_filter
from server.dates import utcnow
from server.errors import NOT_FOUND, DomainError
from server.pagination import Page, keyset_page
from server.tenant import service as tenant_service
from server.unit.models import Unit, in_subtree


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


@functools.lru_cache(maxsize=4096)
def _visible_cases(clause: ColumnElement[bool]) -> Select[Case]:
    return select(Case).where(clause)


async def get(*, db_session: AsyncSession, case_id: int) -> Case | None:
    return await db_session.get(Case, case_id)


async def get_many(*, db_session: AsyncSession, case_ids: list[int]) -> list[Case | None]:
    rows = {c.id: c for c in await db_session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    return [rows.get(pk) for pk in case_ids]


def _filtered(principal: Principal, flt: CaseFilter, unit: Unit | None, now: dt.datetime, due_soon_days: int) -> Select[Case]:
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


async def filtered_query(*, db_session: AsyncSession, principal: Principal, flt: CaseFilter) -> Select[Case]:
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
) -> tuple[Page[Case], Select[Case]]:
    """One page of the case list, newest first; also the filtered query for counting."""
    query = await filtered_query(db_session=db_session, principal=principal, flt=flt)
    return await page_of(db_session=db_session, query=query, first=first, after=after), query


async def count(*, db_session: AsyncSession, query: Select[*tuple[Any, ...]]) -> int:
    return await db_session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


async def page_of(*, db_session: AsyncSession, query: Select[Case], first: int, after: str | None) -> Page[Case]:
    """One page, newest first, of any case query (the list, an inbox task): the one keyset helper."""
    return await keyset_page(db_session=db_session, query=query, sort=Case.registered_at, pk=Case.id, first=first, after=after)

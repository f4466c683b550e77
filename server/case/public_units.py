"""The units a citizen can address a petition to (the online form's picker): no sign-in, every
county tenant's active units, a page at a time."""
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.pagination import Page, keyset_page
from server.unit.models import Unit, UnitLevel

# Where the deprecated `publicUnits` list stops (its description says so); `addressable_units_page`
# pages through every unit.
OLD_UNITS_CUT = 500


def _addressable_query(parent_id: int | None) -> Select[Unit]:
    """Counties (when no parent is given) or the children of one, for the online form's picker:
    active units of a county tenant."""
    query = select(Unit).where(Unit.retired_at.is_(None), Unit.tenant_id.is_not(None))
    if parent_id is None:
        return query.where(Unit.level == UnitLevel.COUNTY)
    return query.where(Unit.parent_id == parent_id)


async def addressable_units(*, db_session: AsyncSession, parent_id: int | None) -> list[Unit]:
    """The deprecated list: `_addressable_query` by path, the first `OLD_UNITS_CUT` only."""
    return list(await db_session.scalars(_addressable_query(parent_id).order_by(Unit.path).limit(OLD_UNITS_CUT)))


async def addressable_units_page(
    *, db_session: AsyncSession, parent_id: int | None, first: int, after: str | None
) -> tuple[Page[Unit], Select[Unit]]:
    """One page of `_addressable_query` by path (the one keyset helper), and the query for its count."""
    query = _addressable_query(parent_id)
    page = await keyset_page(
        db_session=db_session, query=query, sort=Unit.path, pk=Unit.id, first=first, after=after, kind=str,
        descending=False,
    )
    return page, query

"""Reading the unit tree within what the viewer may see."""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.unit.models import Unit, is_under


async def get(*, db_session: AsyncSession, unit_id: int) -> Unit | None:
    return await db_session.get(Unit, unit_id)


def visible(principal: Principal, unit: Unit) -> bool:
    """A unit is visible inside any subtree where the user may read units, and the chain above
    their own units (so the app can show "县 › 镇 › 村" breadcrumbs)."""
    if principal.can("unit", "read", unit.path):
        return True
    return any(is_under(g.unit_path, unit.path) for g in principal.grants)


async def get_visible(*, db_session: AsyncSession, principal: Principal, unit_id: int) -> Unit | None:
    unit = await get(db_session=db_session, unit_id=unit_id)
    return unit if unit is not None and visible(principal, unit) else None


async def top_units(*, db_session: AsyncSession, principal: Principal) -> list[Unit]:
    """The viewer's top units: where they hold roles, without units inside another."""
    paths = principal.scopes("unit", "read")
    if not paths:
        return []
    rows = await db_session.scalars(select(Unit).where(Unit.path.in_(paths)).order_by(Unit.path))
    return list(rows)


async def children(*, db_session: AsyncSession, principal: Principal, parent_id: int) -> list[Unit]:
    parent = await get(db_session=db_session, unit_id=parent_id)
    if parent is None or not principal.can("unit", "read", parent.path):
        return []
    rows = await db_session.scalars(
        select(Unit)
        .where(Unit.parent_id == parent.id, Unit.retired_at.is_(None))
        .order_by(Unit.code)
    )
    return list(rows)

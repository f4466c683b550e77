"""Scope of the evaluation's use cases: the unit (county, township, village) a viewer may act on, the
county's units, the year and its bounds."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import INVALID, Principal
from server.dates import CHINA
from server.errors import NOT_FOUND, DomainError
from server.evaluation.sanwu.vocabulary import UnitTier
from server.unit.models import Unit, UnitLevel

TIER_OF_LEVEL = {
    UnitLevel.COUNTY: UnitTier.COUNTY,
    UnitLevel.TOWNSHIP: UnitTier.TOWNSHIP,
    UnitLevel.VILLAGE: UnitTier.VILLAGE,
}


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=CHINA).astimezone(dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=CHINA).astimezone(dt.UTC)
    return start, end


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError("OUT_OF_RANGE", field=["year"], min=2000, max=2100)


async def unit_in_scope(*, db_session: AsyncSession, principal: Principal, unit_id: int, act: str = "read",
                        obj: str = "evaluation") -> Unit:
    """A unit of the viewer's tenant at county, township or village level that they may `act` on."""
    principal.require_user()
    unit = await db_session.get(Unit, unit_id)
    refusal = principal.unit_refusal(unit, obj, act, TIER_OF_LEVEL)
    if refusal is not None:
        # A unit of the tenant is always county, township or village: a level refusal cannot occur
        # there, and reads as "no such unit" as it always did. The messages stay the plain ones.
        raise DomainError(NOT_FOUND if refusal == INVALID else refusal)
    assert unit is not None  # unit_refusal found it
    return unit


async def county_in_scope(*, db_session: AsyncSession, principal: Principal, county_id: int, act: str = "read") -> Unit:
    """The county itself (not one of its units) that the viewer may `act` on."""
    unit = await unit_in_scope(db_session=db_session, principal=principal, unit_id=county_id, act=act)
    if unit.level != UnitLevel.COUNTY:
        raise DomainError(NOT_FOUND)
    return unit


async def units_of_county(*, db_session: AsyncSession, county: Unit) -> list[Unit]:
    rows = await db_session.scalars(
        select(Unit).where(
            Unit.tenant_id == county.id, Unit.retired_at.is_(None),
            Unit.level.in_((UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)),
        ).order_by(Unit.path)
    )
    return list(rows)

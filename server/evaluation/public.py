"""Public transparency (阳光信访): per unit of a county, 三无 status and citizens' satisfaction —
aggregates only, no sign-in."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import NOT_FOUND, DomainError
from server.evaluation import rates as rates_rules
from server.evaluation import scope
from server.evaluation.assessment.ratings import citizen_ratings
from server.evaluation.config import current_config
from server.evaluation.sanwu.service import judge_units
from server.unit.models import Unit, UnitLevel


@dataclass(frozen=True)
class PublicUnitRow:
    name: str
    level: str
    parent_name: str | None
    sanwu: bool
    rated: int
    satisfaction_percent: Decimal | None


async def public_counties(*, db_session: AsyncSession) -> list[Unit]:
    rows = await db_session.scalars(select(Unit).where(Unit.level == UnitLevel.COUNTY, Unit.tenant_id == Unit.id)
                                    .order_by(Unit.path))
    return list(rows)


async def public_overview(*, db_session: AsyncSession, county_id: int, year: int) -> tuple[Unit, list[PublicUnitRow]]:
    """Per unit of a county: "三无" status and the citizens' satisfaction of the year — counts
    and percentages only. No sign-in: nothing here names a person or a matter."""
    scope.check_year(year)
    county = await db_session.get(Unit, county_id)
    if county is None or county.level != UnitLevel.COUNTY or county.tenant_id != county.id:
        raise DomainError(NOT_FOUND)
    config = await current_config(db_session=db_session, tenant_id=county.id)
    units = [county, *await scope.units_of_county(db_session=db_session, county=county)]
    status = await judge_units(db_session=db_session, tenant_id=county.id, units=units, year=year, config=config)
    start, end = scope.year_bounds(year)
    citizen = await citizen_ratings(db_session=db_session, tenant_id=county.id, units=units, start=start, end=end)
    names = {u.id: u.name for u in units}
    rows = []
    for unit in units:
        s, b, d = citizen[unit.id]
        rated = s + b + d
        rows.append(PublicUnitRow(
            unit.name, str(unit.level), names.get(unit.parent_id), status[unit.id].result.qualifies, rated,
            rates_rules._pct(s + b, rated)))
    return county, rows

"""What every screening use case shares: the screening start date, the unit a record is filed for
(in the tenant, in the viewer's scope, a screening level), the units watched. (The client's
idempotency key is server.idempotency's, shared with cases and incidents.)"""
import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import UNIT_REFUSALS, Principal
from server.errors import NOT_FOUND, DomainError, Validator
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel

SCREENING_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)


def since_of(settings: TenantSettings) -> dt.date | None:
    return dt.date.fromisoformat(settings.screening_start) if settings.screening_start else None


async def unit_for(
    db_session: AsyncSession, principal: Principal, check: Validator, unit_id: int, act: str
) -> Unit | None:
    unit = await db_session.get(Unit, unit_id)
    refusal = principal.unit_refusal(unit, "screening", act, SCREENING_LEVELS, retired=False)
    if refusal is not None:
        check.add(refusal, ["input", "unitId"], UNIT_REFUSALS[refusal])
        return None
    return unit


async def watched_units(
    db_session: AsyncSession, principal: Principal, unit_id: int | None, children: bool
) -> tuple[Unit, list[Unit]]:
    """The unit asked about (the viewer's when none) and the units whose record is shown: the unit
    itself, or its direct children (the grid an upper unit watches) — only those the viewer may
    read and that screen (county, township, village)."""
    principal.require_user()
    if unit_id is None:
        unit_id = principal.unit_id
    unit = await db_session.get(Unit, unit_id) if unit_id is not None else None
    if not principal.in_scope(unit, "screening", "read"):
        raise DomainError(NOT_FOUND, field=["unitId"])
    if children:
        units = list(await db_session.scalars(
            select(Unit).where(Unit.parent_id == unit.id, Unit.retired_at.is_(None)).order_by(Unit.path)
        ))
    else:
        units = [unit]
    return unit, [u for u in units if u.level in SCREENING_LEVELS and principal.can("screening", "read", u.path)]

"""What every screening use case shares: today's China date, the unit a record is filed for (in
the tenant, in the viewer's scope, a screening level), the client's idempotency key."""
import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel

SCREENING_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)


def since_of(settings: TenantSettings) -> dt.date | None:
    return dt.date.fromisoformat(settings.screening_start) if settings.screening_start else None


def client_key(check: Validator, value: str | None) -> str | None:
    key = (value or "").strip() or None
    if key is not None and len(key) > 64:
        check.add("TOO_LONG", ["input", "clientMutationId"], max=64)
    return key


async def unit_for(
    db_session: AsyncSession, principal: Principal, check: Validator, unit_id: int, act: str
) -> Unit | None:
    unit = await db_session.get(Unit, unit_id)
    if unit is None or unit.tenant_id is None or unit.tenant_id != principal.tenant_id:
        check.add(NOT_FOUND, ["input", "unitId"], "error.NOT_FOUND")
        return None
    if not principal.can("screening", act, unit.path):
        check.add(FORBIDDEN, ["input", "unitId"], "error.UNIT_FORBIDDEN")
        return None
    if unit.level not in SCREENING_LEVELS or unit.retired_at is not None:
        check.add("INVALID", ["input", "unitId"], "error.UNIT_LEVEL")
        return None
    return unit


async def by_key(db_session: AsyncSession, model, user_column, tenant_id, user_id, key):
    if key is None:
        return None
    return await db_session.scalar(
        select(model).where(model.tenant_id == tenant_id, user_column == user_id, model.client_mutation_id == key)
    )


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
    if unit is None or unit.tenant_id != principal.tenant_id or not principal.can("screening", "read", unit.path):
        raise DomainError(NOT_FOUND, field=["unitId"])
    if children:
        units = list(await db_session.scalars(
            select(Unit).where(Unit.parent_id == unit.id, Unit.retired_at.is_(None)).order_by(Unit.path)
        ))
    else:
        units = [unit]
    return unit, [u for u in units if u.level in SCREENING_LEVELS and principal.can("screening", "read", u.path)]

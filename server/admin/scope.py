"""What every administration use case checks first: platform-wide rights, the tenant, and the
accounts an administrator may manage."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin import rules
from server.auth.models import RoleGrant, User
from server.auth.principal import Principal
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.tenant.models import Tenant
from server.unit.models import Unit, UnitLevel

USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")


def platform_may(principal: Principal, obj: str, act: str) -> bool:
    """Platform-wide actions (tenants, policy): some role the user holds allows them."""
    return any(principal.authorizer.allows(g.role, g.unit_path, g.unit_path, obj, act) for g in principal.grants)


def require_platform(principal: Principal, obj: str, act: str) -> None:
    principal.require_user()
    if not platform_may(principal, obj, act):
        raise DomainError(FORBIDDEN)


async def county_unit(db_session: AsyncSession, tenant_id: int) -> Unit:
    county = await db_session.get(Unit, tenant_id)
    if county is None or county.level != UnitLevel.COUNTY or await db_session.get(Tenant, tenant_id) is None:
        raise DomainError(NOT_FOUND, field=["tenantId"])
    return county


def same_tenant(principal: Principal, tenant_id: int | None) -> None:
    """Tenants are isolated: a county's people never act in another county."""
    if principal.tenant_id is not None and principal.tenant_id != tenant_id:
        raise DomainError(FORBIDDEN)



def admin_roles(principal: Principal, act: str, unit_path: str) -> list[tuple[str, str]]:
    return [(g.role, g.unit_path) for g in principal.grants_for("user", act, unit_path)]


async def load_user(db_session: AsyncSession, user_id: int) -> tuple[User, list[tuple[RoleGrant, Unit]]]:
    user = await db_session.get(User, user_id)
    if user is None:
        raise DomainError(NOT_FOUND, field=["id"])
    grants = (
        await db_session.execute(
            select(RoleGrant, Unit).join(Unit, Unit.id == RoleGrant.unit_id).where(RoleGrant.user_id == user.id)
        )
    ).all()
    return user, [(g, u) for g, u in grants]


async def managed_user(
    db_session: AsyncSession, principal: Principal, user_id: int, act: str
) -> tuple[User, Unit, list[tuple[RoleGrant, Unit]]]:
    """A user the administrator may manage: their unit lies in the administrator's subtree and
    none of their roles is ranked above the administrator's. Outside: NOT_FOUND."""
    principal.require_user()
    user, grants = await load_user(db_session, user_id)
    unit = await db_session.get(Unit, user.unit_id)
    if principal.tenant_id is not None and user.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND, field=["id"])
    held = admin_roles(principal, act, unit.path)
    if not held:
        raise DomainError(NOT_FOUND, field=["id"])
    top = max(rules.ROLE_RANK.get(r, 0) for r, _ in held)
    if any(rules.ROLE_RANK.get(g.role, 99) > top for g, _ in grants):
        raise DomainError(FORBIDDEN, "error.ROLE_ABOVE_YOURS")
    return user, unit, grants


"""Tenants: a county with its first administrator, created by a platform operator."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin import rules
from server.admin.scope import USERNAME, platform_may, require_platform
from server.audit import service as audit
from server.auth.models import RoleGrant, User
from server.auth.passwords import hash_password
from server.auth.principal import Principal
from server.errors import DomainError, Validator
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel


@dataclass
class NewTenant:
    province_code: str
    province_name: str
    city_code: str
    city_name: str
    county_code: str
    county_name: str
    admin_username: str
    admin_display_name: str


async def create_tenant(*, db_session: AsyncSession, principal: Principal, data: NewTenant) -> tuple[Unit, User, str]:
    """A county tenant under its province and city (created when missing) and its first county
    administrator, who gets a one-time password. Returns (county, admin, password)."""
    require_platform(principal, "tenant", "create")
    v = Validator()
    codes = {}
    for name, value, size in (
        ("provinceCode", data.province_code, 2), ("cityCode", data.city_code, 4), ("countyCode", data.county_code, 6)
    ):
        code = rules.division_code6(value, size)
        if code is None:
            v.add("BAD_DIVISION_CODE", ["input", name], "error.BAD_DIVISION_CODE", value=(value or "")[:20],
                  example=rules.DIVISION_EXAMPLES[size])
        codes[name] = code or ""
    names = {
        key: v.text(value, ["input", key], max_length=100)
        for key, value in (
            ("provinceName", data.province_name), ("cityName", data.city_name), ("countyName", data.county_name),
            ("adminDisplayName", data.admin_display_name),
        )
    }
    if not USERNAME.match(data.admin_username or ""):
        v.add("INVALID_USERNAME", ["input", "adminUsername"])
    v.raise_if_any()
    p, c, k = codes["provinceCode"], codes["cityCode"], codes["countyCode"]
    if c[:2] != p[:2] or k[:4] != c[:4]:
        raise DomainError("CODE_NOT_UNDER_PARENT", "error.CODE_NOT_UNDER_PARENT", field=["input", "countyCode"])
    if await db_session.scalar(select(User.id).where(User.username == data.admin_username)):
        raise DomainError("USERNAME_TAKEN", field=["input", "adminUsername"])

    async def ensure(level: UnitLevel, code: str, name: str, parent: Unit | None) -> Unit:
        path = (parent.path if parent else "") + "/" + code
        unit = await db_session.scalar(select(Unit).where(Unit.path == path))
        if unit is None:
            unit = Unit(level=level, code=code, name=name, path=path, parent_id=parent.id if parent else None)
            db_session.add(unit)
            await db_session.flush()
        return unit

    province = await ensure(UnitLevel.PROVINCE, p, names["provinceName"], None)
    city = await ensure(UnitLevel.CITY, c, names["cityName"], province)
    county_path = f"{city.path}/{k}"
    if await db_session.scalar(select(Unit.id).where(Unit.path == county_path)):
        raise DomainError("TENANT_EXISTS", field=["input", "countyCode"])
    county = Unit(level=UnitLevel.COUNTY, code=k, name=names["countyName"], path=county_path, parent_id=city.id)
    db_session.add(county)
    await db_session.flush()
    county.tenant_id = county.id
    db_session.add(Tenant(id=county.id, settings=TenantSettings().to_json()))
    password = rules.initial_password()
    admin = User(
        tenant_id=county.id, unit_id=county.id, username=data.admin_username, display_name=names["adminDisplayName"],
        password_hash=hash_password(password), must_change_password=True,
    )
    db_session.add(admin)
    await db_session.flush()
    db_session.add(RoleGrant(tenant_id=county.id, user_id=admin.id, role="county_admin", unit_id=county.id))
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id, action="tenant.created",
                 object_type="unit", object_id=county.id, path=county.path, name=county.name)
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id, action="user.created",
                 object_type="user", object_id=admin.id, username=admin.username, roles=["county_admin"])
    await db_session.commit()
    return county, admin, password


async def list_tenants(*, db_session: AsyncSession, principal: Principal) -> list[Unit]:
    """Counties that are tenants: all of them for a platform operator, else the viewer's own."""
    principal.require_user()
    query = select(Unit).join(Tenant, Tenant.id == Unit.id).order_by(Unit.path)
    if not platform_may(principal, "tenant", "read"):
        if principal.tenant_id is None:
            return []
        query = query.where(Unit.id == principal.tenant_id)
    return list(await db_session.scalars(query))


"""Administration use cases. Each public function is one transaction with an audit record for
every change.

Who may do what:
- platform operators (a role the policy lets do `tenant create` / `policy update`, i.e.
  `platform_admin`) create tenants and change the policy;
- county and township administrators manage the accounts of their own subtree (`user *` at
  their unit) and never grant a role ranked above their own (`rules.may_grant`);
- county administrators import the unit tree and edit the tenant settings.

Settings history: every changed setting is a `TenantSettingChange` row (who, when, old, new).
A computation that must be reproducible later either stores `settings.to_json()` beside its
result (the "snapshot it was computed with") or rebuilds them with `settings_at(tenant, when)`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import Select, delete, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from server.admin import importer, rules, unit_import
from server.admin.models import PolicyChange, TenantSettingChange
from server.audit import service as audit
from server.auth.models import CasbinRule, RoleGrant, SignInSession, User
from server.auth.passwords import hash_password
from server.auth.policy import ROLES, Authorizer
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, ValidationErrors, Validator
from server.pagination import Page, keyset_page
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel, is_under, subtree_pattern

USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")
RULE_PART = re.compile(r"^[a-z_*]{1,64}$")
Progress = Callable[[int, int], Awaitable[None]]


def _platform_may(principal: Principal, obj: str, act: str) -> bool:
    """Platform-wide actions (tenants, policy): some role the user holds allows them."""
    return any(principal.authorizer.allows(g.role, g.unit_path, g.unit_path, obj, act) for g in principal.grants)


def _require_platform(principal: Principal, obj: str, act: str) -> None:
    principal.require_user()
    if not _platform_may(principal, obj, act):
        raise DomainError(FORBIDDEN)


async def _unit(db_session: AsyncSession, unit_id: int, field_: list[str]) -> Unit:
    unit = await db_session.get(Unit, unit_id)
    if unit is None:
        raise DomainError(NOT_FOUND, field=field_)
    return unit


async def _county(db_session: AsyncSession, tenant_id: int) -> Unit:
    county = await db_session.get(Unit, tenant_id)
    if county is None or county.level != UnitLevel.COUNTY or await db_session.get(Tenant, tenant_id) is None:
        raise DomainError(NOT_FOUND, field=["tenantId"])
    return county


def _same_tenant(principal: Principal, tenant_id: int | None) -> None:
    """Tenants are isolated: a county's people never act in another county."""
    if principal.tenant_id is not None and principal.tenant_id != tenant_id:
        raise DomainError(FORBIDDEN)


# =============================================================================================
# Tenants


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
    _require_platform(principal, "tenant", "create")
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
    if not _platform_may(principal, "tenant", "read"):
        if principal.tenant_id is None:
            return []
        query = query.where(Unit.id == principal.tenant_id)
    return list(await db_session.scalars(query))


# =============================================================================================
# Accounts


def _admin_roles(principal: Principal, act: str, unit_path: str) -> list[tuple[str, str]]:
    return [(g.role, g.unit_path) for g in principal.grants_for("user", act, unit_path)]


def grant_refusal(principal: Principal, role: str, unit: Unit, grantee_id: int | None = None) -> str | None:
    """None when the administrator may grant `role` at `unit`; else the refusal code: a role
    ranked above his own, or — to himself — one that would give more than he holds at that unit
    (a township administrator making himself an officer to read petitioners' data)."""
    refusal = rules.may_grant(_admin_roles(principal, "grant", unit.path), role, unit.path, unit.level)
    if refusal is None and grantee_id is not None and grantee_id == principal.user_id and rules.gives_more(
        principal.authorizer.permissions(role), lambda obj, act: principal.can(obj, act, unit.path)
    ):
        return "ROLE_GIVES_MORE"
    return refusal


async def _load_user(db_session: AsyncSession, user_id: int) -> tuple[User, list[tuple[RoleGrant, Unit]]]:
    user = await db_session.get(User, user_id)
    if user is None:
        raise DomainError(NOT_FOUND, field=["id"])
    grants = (
        await db_session.execute(
            select(RoleGrant, Unit).join(Unit, Unit.id == RoleGrant.unit_id).where(RoleGrant.user_id == user.id)
        )
    ).all()
    return user, [(g, u) for g, u in grants]


async def _managed_user(
    db_session: AsyncSession, principal: Principal, user_id: int, act: str
) -> tuple[User, Unit, list[tuple[RoleGrant, Unit]]]:
    """A user the administrator may manage: their unit lies in the administrator's subtree and
    none of their roles is ranked above the administrator's. Outside: NOT_FOUND."""
    principal.require_user()
    user, grants = await _load_user(db_session, user_id)
    unit = await db_session.get(Unit, user.unit_id)
    if principal.tenant_id is not None and user.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND, field=["id"])
    admin_roles = _admin_roles(principal, act, unit.path)
    if not admin_roles:
        raise DomainError(NOT_FOUND, field=["id"])
    top = max(rules.ROLE_RANK.get(r, 0) for r, _ in admin_roles)
    if any(rules.ROLE_RANK.get(g.role, 99) > top for g, _ in grants):
        raise DomainError(FORBIDDEN, "error.ROLE_ABOVE_YOURS")
    return user, unit, grants


@dataclass
class RoleAt:
    role: str
    unit_id: int


@dataclass
class NewUser:
    unit_id: int
    username: str
    display_name: str
    roles: list[RoleAt] = field(default_factory=list)


async def _check_new_user(
    db_session: AsyncSession, principal: Principal, data: NewUser, prefix: list[str], taken: set[str]
) -> tuple[Unit, list[tuple[str, Unit]]]:
    v = Validator()
    unit = await db_session.get(Unit, data.unit_id)
    if unit is None or (principal.tenant_id is not None and unit.tenant_id != principal.tenant_id):
        raise DomainError(NOT_FOUND, field=[*prefix, "unitId"])
    if unit.retired_at is not None:
        v.add("UNIT_RETIRED", [*prefix, "unitId"])
    if not principal.can("user", "create", unit.path):
        raise DomainError(FORBIDDEN, "error.OUTSIDE_SUBTREE", field=[*prefix, "unitId"])
    username = (data.username or "").strip()
    if not USERNAME.match(username):
        v.add("INVALID_USERNAME", [*prefix, "username"])
    elif username.lower() in taken or await db_session.scalar(
        select(User.id).where(func.lower(User.username) == username.lower())
    ):
        v.add("USERNAME_TAKEN", [*prefix, "username"])
    v.text(data.display_name, [*prefix, "displayName"], max_length=100)
    grants: list[tuple[str, Unit]] = []
    if not data.roles:
        v.add("REQUIRED", [*prefix, "roles"])
    for i, role_at in enumerate(data.roles):
        target = await db_session.get(Unit, role_at.unit_id)
        field_ = [*prefix, "roles", str(i)]
        if target is None or target.tenant_id != unit.tenant_id or target.retired_at is not None:
            v.add("NOT_FOUND", [*field_, "unitId"], "error.NOT_FOUND")
            continue
        refusal = grant_refusal(principal, role_at.role, target)
        if refusal:
            v.add(refusal, [*field_, "role"], role=role_at.role)
            continue
        grants.append((role_at.role, target))
    v.raise_if_any()
    return unit, grants


async def create_user(*, db_session: AsyncSession, principal: Principal, data: NewUser) -> tuple[User, str]:
    """An account in the administrator's subtree with a one-time password (returned once)."""
    principal.require_user()
    unit, grants = await _check_new_user(db_session, principal, data, ["input"], set())
    user, password = _add_user(db_session, unit, data, grants)
    await db_session.flush()
    _grant_rows(db_session, user, grants)
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id, action="user.created",
                 object_type="user", object_id=user.id, username=user.username,
                 roles=[f"{r}@{u.path}" for r, u in grants])
    await db_session.commit()
    return user, password


def _add_user(db_session: AsyncSession, unit: Unit, data: NewUser, grants: list) -> tuple[User, str]:
    password = rules.initial_password()
    user = User(
        tenant_id=unit.tenant_id, unit_id=unit.id, username=data.username.strip(),
        display_name=data.display_name.strip(), password_hash=hash_password(password), must_change_password=True,
    )
    db_session.add(user)
    return user, password


def _grant_rows(db_session: AsyncSession, user: User, grants: list[tuple[str, Unit]]) -> None:
    for role, target in grants:
        db_session.add(RoleGrant(tenant_id=target.tenant_id, user_id=user.id, role=role, unit_id=target.id))


async def grant_role(*, db_session: AsyncSession, principal: Principal, user_id: int, role: str, unit_id: int) -> User:
    user, _unit, grants = await _managed_user(db_session, principal, user_id, "grant")
    target = await db_session.get(Unit, unit_id)
    if target is None or target.tenant_id != user.tenant_id or target.retired_at is not None:
        raise DomainError(NOT_FOUND, field=["unitId"])
    refusal = grant_refusal(principal, role, target, user.id)
    if refusal:
        raise DomainError(refusal, field=["role"], role=role)
    if not any(g.role == role and g.unit_id == target.id for g, _ in grants):
        db_session.add(RoleGrant(tenant_id=target.tenant_id, user_id=user.id, role=role, unit_id=target.id))
        audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                     action="user.role_granted", object_type="user", object_id=user.id, role=role, unit=target.path)
    await db_session.commit()
    return user


async def revoke_role(*, db_session: AsyncSession, principal: Principal, user_id: int, role: str, unit_id: int) -> User:
    user, _unit, grants = await _managed_user(db_session, principal, user_id, "grant")
    for grant, target in grants:
        if grant.role == role and grant.unit_id == unit_id:
            if not _admin_roles(principal, "grant", target.path):
                raise DomainError(FORBIDDEN, "error.OUTSIDE_SUBTREE", field=["unitId"])
            await db_session.delete(grant)
            audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                         action="user.role_revoked", object_type="user", object_id=user.id, role=role, unit=target.path)
    await db_session.commit()
    return user


async def set_active(*, db_session: AsyncSession, principal: Principal, user_id: int, active: bool) -> User:
    """Deactivate (its sessions end at once) or reactivate an account. Never one's own."""
    user, _unit, _grants = await _managed_user(db_session, principal, user_id, "deactivate")
    if user.id == principal.user_id:
        raise DomainError("CANNOT_DEACTIVATE_SELF", field=["id"])
    if user.is_active != active:
        user.is_active = active
        if not active:
            await db_session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))
        audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                     action="user.activated" if active else "user.deactivated", object_type="user", object_id=user.id)
    await db_session.commit()
    return user


async def update_user(*, db_session: AsyncSession, principal: Principal, user_id: int, display_name: str) -> User:
    user, _unit, _grants = await _managed_user(db_session, principal, user_id, "update")
    v = Validator()
    name = v.text(display_name, ["displayName"], max_length=100)
    v.raise_if_any()
    if name != user.display_name:
        audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                     action="user.updated", object_type="user", object_id=user.id, old=user.display_name, new=name)
        user.display_name = name
    await db_session.commit()
    return user


async def reset_password(*, db_session: AsyncSession, principal: Principal, user_id: int) -> tuple[User, str]:
    """A new one-time password (returned once); the lock is lifted and every session ends."""
    user, _unit, _grants = await _managed_user(db_session, principal, user_id, "reset_password")
    password = rules.initial_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    await db_session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))
    audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                 action="user.password_reset", object_type="user", object_id=user.id)
    await db_session.commit()
    return user, password


@dataclass
class UserFilter:
    unit_id: int | None = None
    search: str | None = None
    include_inactive: bool = True


async def list_users(
    *, db_session: AsyncSession, principal: Principal, flt: UserFilter, first: int, after: str | None
) -> tuple[Page[User], Select]:
    """Accounts whose unit lies where the viewer may list users (their subtree, their tenant), a
    page at a time by unit path (then creation); also the query for counting."""
    principal.require_user()
    query = select(User).join(Unit, Unit.id == User.unit_id).where(principal.subtree_filter(Unit.path, "user", "list"))
    if principal.tenant_id is not None:
        query = query.where(User.tenant_id == principal.tenant_id)
    if flt.unit_id is not None:
        unit = await db_session.get(Unit, flt.unit_id)
        if unit is None:
            query = query.where(false())
        else:
            query = query.where(or_(Unit.path == unit.path, Unit.path.like(subtree_pattern(unit.path))))
    if flt.search:
        raw = flt.search.strip()[:50]
        term = "%" + raw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(User.username.ilike(term, escape="\\"), User.display_name.like(term, escape="\\"))
        )
    if not flt.include_inactive:
        query = query.where(User.is_active.is_(True))
    page = await keyset_page(
        db_session=db_session, query=query.options(contains_eager(User.unit)), sort=Unit.path, pk=User.id,
        first=first, after=after, kind=str, descending=False, key=lambda user: (user.unit.path, user.id),
    )
    return page, query


async def user_grants(*, db_session: AsyncSession, user_ids: list[int]) -> dict[int, list[tuple[str, Unit]]]:
    rows = await db_session.execute(
        select(RoleGrant.user_id, RoleGrant.role, Unit).join(Unit, Unit.id == RoleGrant.unit_id)
        .where(RoleGrant.user_id.in_(user_ids)).order_by(RoleGrant.id)
    )
    found: dict[int, list[tuple[str, Unit]]] = {}
    for user_id, role, unit in rows:
        found.setdefault(user_id, []).append((role, unit))
    return found


# --- bulk accounts from a sheet ---------------------------------------------------------------

USER_HEADERS = {
    "username": {"账号", "帳號", "用户名", "用戶名", "username", "account"},
    "display_name": {"姓名", "名称", "display name", "name", "display_name"},
    "unit": {"单位", "單位", "单位代码", "單位代碼", "统计用区划代码", "unit", "unit code"},
    "role": {"角色", "role", "roles"},
}


@dataclass
class UserRowResult:
    line: int
    username: str
    display_name: str
    unit_path: str | None
    role: str | None
    password: str | None = None


@dataclass
class UserImport:
    rows: list[UserRowResult]
    errors: list[importer.RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


async def _resolve_unit(db_session: AsyncSession, county: Unit, text: str) -> Unit | None:
    value = text.strip()
    path = None
    if value.startswith("/"):
        path = value
    elif value.isdigit() and len(value) == 12:
        if value[:6] != county.code:
            return None
        level = importer.level_of_code(value)
        if level == UnitLevel.COUNTY:
            path = county.path
        elif level == UnitLevel.TOWNSHIP:
            path = f"{county.path}/{value[6:9]}"
        elif level == UnitLevel.VILLAGE:
            path = f"{county.path}/{value[6:9]}/{value[9:12]}"
    elif value:
        # Names: "城关镇/东风村", "城关镇", or the county's own name.
        parts = [p.strip() for p in re.split(r"[/／>›]", value) if p.strip()]
        if parts == [county.name]:
            return county
        parent = county
        for part in parts:
            parent = await db_session.scalar(
                select(Unit).where(Unit.parent_id == parent.id, Unit.name == part, Unit.retired_at.is_(None))
            )
            if parent is None:
                return None
        return parent
    if path is None:
        return None
    unit = await db_session.scalar(select(Unit).where(Unit.path == path, Unit.retired_at.is_(None)))
    return unit if unit is not None and unit.tenant_id == county.id else None


async def import_users(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, filename: str, data: bytes, max_bytes: int,
    apply: bool, progress: Progress | None = None,
) -> UserImport:
    """Accounts from a sheet (账号, 姓名, 单位, 角色): checked row by row; applied only when every
    row is fine, in one transaction; each new account gets a one-time password."""
    principal.require_user()
    county = await _county(db_session, tenant_id)
    _same_tenant(principal, county.id)
    unit_import.check_size(data, max_bytes)
    rows = unit_import.read(filename, data)
    errors: list[importer.RowError] = []
    results: list[UserRowResult] = []
    if not rows:
        return UserImport([], [importer.RowError(0, "EMPTY_FILE")])
    cols = importer._columns(rows[0], USER_HEADERS)
    missing = [c for c in USER_HEADERS if c not in cols]
    if missing:
        return UserImport([], [importer.RowError(1, "MISSING_COLUMNS", None, {"columns": ", ".join(missing)})])
    taken: set[str] = set()
    planned: list[tuple[NewUser, Unit, list[tuple[str, Unit]], UserRowResult]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        get = lambda key, row=row: importer._get(row, cols.get(key))  # noqa: E731
        username, display_name, unit_text, role_text = get("username"), get("display_name"), get("unit"), get("role")
        result = UserRowResult(line, username, display_name, None, None)
        results.append(result)
        unit = await _resolve_unit(db_session, county, unit_text)
        if unit is None:
            errors.append(importer.RowError(line, "UNKNOWN_UNIT", "unit", {"value": unit_text[:40]}))
            continue
        result.unit_path = unit.path
        role = rules.role_from_text(role_text, set(rules.ROLE_RANK))
        if role is None:
            errors.append(importer.RowError(line, "UNKNOWN_ROLE", "role", {"value": role_text[:40]}))
            continue
        result.role = role
        data_row = NewUser(unit_id=unit.id, username=username, display_name=display_name, roles=[RoleAt(role, unit.id)])
        try:
            _, grants = await _check_new_user(db_session, principal, data_row, [], taken)
        except ValidationErrors as exc:
            for e in exc.errors:
                errors.append(importer.RowError(line, e.code, _sheet_column(e.field), dict(e.params)))
            continue
        except DomainError as exc:
            errors.append(importer.RowError(line, "OUTSIDE_SUBTREE" if exc.code == FORBIDDEN else exc.code, "unit",
                                            {"value": unit_text[:40]}))
            continue
        taken.add(username.lower())
        planned.append((data_row, unit, grants, result))
    if not results:
        errors.append(importer.RowError(0, "NO_ROWS"))
    if errors or not apply:
        return UserImport(results, errors)
    for done, (data_row, unit, grants, result) in enumerate(planned, start=1):
        user, password = _add_user(db_session, unit, data_row, grants)
        await db_session.flush()
        _grant_rows(db_session, user, grants)
        result.password = password
        audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                     action="user.created", object_type="user", object_id=user.id, username=user.username,
                     roles=[f"{r}@{u.path}" for r, u in grants], source=filename[:200])
        if progress is not None and (done % 10 == 0 or done == len(planned)):
            await progress(done, len(planned))
    await db_session.commit()
    return UserImport(results, [])


def _sheet_column(field_: list[str] | None) -> str | None:
    if not field_:
        return None
    last = field_[-1] if field_[-1] not in ("unitId",) else "unit"
    return {"displayName": "display_name", "role": "role", "username": "username"}.get(last, last)


# =============================================================================================
# Policy


async def policy_rules(*, db_session: AsyncSession, principal: Principal) -> list[tuple[str, str, str]]:
    _require_platform(principal, "policy", "read")
    rows = await db_session.scalars(
        select(CasbinRule).where(CasbinRule.ptype == "p").order_by(CasbinRule.v0, CasbinRule.v1, CasbinRule.v2)
    )
    return [(r.v0, r.v1, r.v2) for r in rows]


def _check_rules(items: list[tuple[str, str, str]], name: str) -> list[tuple[str, str, str]]:
    v = Validator()
    cleaned = []
    for i, (role, obj, act) in enumerate(items):
        if role not in ROLES:
            v.add("UNKNOWN_ROLE", [name, str(i), "role"], role=role)
        elif not RULE_PART.match(obj or "") or not RULE_PART.match(act or ""):
            v.add("INVALID", [name, str(i)])
        else:
            cleaned.append((role, obj, act))
    v.raise_if_any()
    return cleaned


async def preview_policy(
    *, db_session: AsyncSession, principal: Principal, add: list[tuple[str, str, str]], remove: list[tuple[str, str, str]]
) -> tuple[list[rules.PolicyEffect], dict[str, int]]:
    """What a change would newly allow and forbid, per role, and how many accounts hold each role."""
    current = set(await policy_rules(db_session=db_session, principal=principal))
    add, remove = _check_rules(add, "add"), _check_rules(remove, "remove")
    effects = rules.policy_effects(current, set(add), set(remove))
    holders = dict(
        (await db_session.execute(
            select(RoleGrant.role, func.count(func.distinct(RoleGrant.user_id)))
            .join(User, User.id == RoleGrant.user_id).where(User.is_active.is_(True))
            .where(RoleGrant.role.in_([e.role for e in effects] or [""])).group_by(RoleGrant.role)
        )).all()
    )
    return effects, holders


async def update_policy(
    *, db_session: AsyncSession, principal: Principal, authorizer: Authorizer,
    add: list[tuple[str, str, str]], remove: list[tuple[str, str, str]],
) -> list[tuple[str, str, str]]:
    """Change the policy rows; every server process picks the change up (policy version)."""
    _require_platform(principal, "policy", "update")
    current = set(await policy_rules(db_session=db_session, principal=principal))
    add, remove = _check_rules(add, "add"), _check_rules(remove, "remove")
    if ("platform_admin", "policy", "*") in remove:
        raise DomainError("LOCKOUT", field=["remove"])
    added = sorted(set(add) - current)
    removed = sorted(set(remove) & current)
    if not added and not removed:
        return sorted(current)
    for role, obj, act in removed:
        await db_session.execute(
            delete(CasbinRule).where(CasbinRule.ptype == "p", CasbinRule.v0 == role, CasbinRule.v1 == obj, CasbinRule.v2 == act)
        )
    for role, obj, act in added:
        db_session.add(CasbinRule(ptype="p", v0=role, v1=obj, v2=act))
    db_session.add(PolicyChange(added=[list(r) for r in added], removed=[list(r) for r in removed],
                                changed_by_user_id=principal.user_id, changed_at=utcnow()))
    audit.record(db_session=db_session, tenant_id=None, actor_id=principal.user_id, action="policy.changed",
                 object_type="policy", object_id=None, added=[list(r) for r in added], removed=[list(r) for r in removed])
    await db_session.flush()
    await authorizer.reload(db_session)
    await db_session.commit()
    return sorted((current | set(added)) - set(removed))


# =============================================================================================
# Tenant settings


async def tenant_settings(*, db_session: AsyncSession, principal: Principal, tenant_id: int) -> TenantSettings:
    principal.require_user()
    county = await _county(db_session, tenant_id)
    _same_tenant(principal, county.id)
    principal.require("settings", "read", county.path)
    tenant = await db_session.get(Tenant, county.id)
    return TenantSettings.from_json(tenant.settings)


async def update_settings(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, changes: dict[str, object]
) -> TenantSettings:
    """Change some settings. They apply from now on; the history keeps who, when, old and new."""
    principal.require_user()
    county = await _county(db_session, tenant_id)
    _same_tenant(principal, county.id)
    principal.require("settings", "update", county.path)
    tenant = await db_session.get(Tenant, county.id)
    specs = {s.key: s for s in rules.setting_specs(TenantSettings)}
    current = TenantSettings.from_json(tenant.settings).to_json()
    v = Validator()
    cleaned = {}
    for key, value in changes.items():
        spec = specs.get(key)
        if spec is None:
            v.add("UNKNOWN_SETTING", ["changes", key])
            continue
        value, code, params = rules.check_setting(spec, value)
        if code:
            v.add(code, ["changes", key], **params)
        else:
            cleaned[key] = value
    v.raise_if_any()
    new = {**current, **cleaned}
    try:
        result = TenantSettings.from_json(new)
    except (ValueError, TypeError):
        raise DomainError("INVALID", field=["changes"]) from None
    new = result.to_json()
    now = utcnow()
    changed = False
    for key in cleaned:
        old_value, new_value = rules.to_plain(current.get(key)), rules.to_plain(new.get(key))
        if old_value != new_value:
            changed = True
            db_session.add(TenantSettingChange(
                tenant_id=county.id, key=key, old_value=old_value, new_value=new_value,
                changed_by_user_id=principal.user_id, changed_at=now,
            ))
            audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                         action="settings.changed", object_type="tenant", object_id=county.id,
                         key=key, old=old_value, new=new_value)
    if changed:
        tenant.settings = {k: rules.to_plain(v) for k, v in new.items()}
    await db_session.commit()
    return result


async def settings_history(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, limit: int = 200
) -> list[TenantSettingChange]:
    await tenant_settings(db_session=db_session, principal=principal, tenant_id=tenant_id)
    rows = await db_session.scalars(
        select(TenantSettingChange).where(TenantSettingChange.tenant_id == tenant_id)
        .order_by(TenantSettingChange.changed_at.desc(), TenantSettingChange.id.desc()).limit(limit)
    )
    return list(rows)


async def settings_at(*, db_session: AsyncSession, tenant_id: int, at: dt.datetime) -> TenantSettings:
    """The settings that were in force at `at`: today's, with every later change undone."""
    tenant = await db_session.get(Tenant, tenant_id)
    values = TenantSettings.from_json(tenant.settings if tenant else None).to_json()
    later = await db_session.scalars(
        select(TenantSettingChange).where(TenantSettingChange.tenant_id == tenant_id, TenantSettingChange.changed_at > at)
        .order_by(TenantSettingChange.changed_at.desc(), TenantSettingChange.id.desc())
    )
    for change in later:
        values[change.key] = change.old_value
    return TenantSettings.from_json(values)


def setting_specs() -> list[rules.SettingSpec]:
    return rules.setting_specs(TenantSettings)


def is_under_any(path: str, scopes: list[str]) -> bool:
    return any(is_under(path, s) for s in scopes)

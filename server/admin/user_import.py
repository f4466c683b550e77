"""Accounts from a sheet (账号, 姓名, 单位, 角色)."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin import rules, unit_import
from server.admin.accounts import NewUser, RoleAt, add_user, check_new_user
from server.admin.grants import elevating
from server.admin.importer import layouts, sheet
from server.admin.scope import county_unit, same_tenant
from server.auth.principal import Principal
from server.errors import FORBIDDEN, DomainError, ValidationErrors
from server.unit.models import Unit, UnitLevel

Progress = Callable[[int, int], Awaitable[None]]

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
    pending: bool = False  # the role waits for a second administrator (双人审批)


@dataclass
class UserImport:
    rows: list[UserRowResult]
    errors: list[sheet.RowError]

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
        level = layouts.level_of_code(value)
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
    county = await county_unit(db_session, tenant_id)
    same_tenant(principal, county.id)
    unit_import.check_size(data, max_bytes)
    rows = unit_import.read(filename, data)
    errors: list[sheet.RowError] = []
    results: list[UserRowResult] = []
    if not rows:
        return UserImport([], [sheet.RowError(0, "EMPTY_FILE")])
    cols = sheet.columns(rows[0], USER_HEADERS)
    missing = [c for c in USER_HEADERS if c not in cols]
    if missing:
        return UserImport([], [sheet.RowError(1, "MISSING_COLUMNS", None, {"columns": ", ".join(missing)})])
    taken: set[str] = set()
    planned: list[tuple[NewUser, Unit, list[tuple[str, Unit]], UserRowResult]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        get = lambda key, row=row: sheet.column_value(row, cols.get(key))  # noqa: E731
        username, display_name, unit_text, role_text = get("username"), get("display_name"), get("unit"), get("role")
        result = UserRowResult(line, username, display_name, None, None)
        results.append(result)
        unit = await _resolve_unit(db_session, county, unit_text)
        if unit is None:
            errors.append(sheet.RowError(line, "UNKNOWN_UNIT", "unit", {"value": unit_text[:40]}))
            continue
        result.unit_path = unit.path
        role = rules.role_from_text(role_text, set(rules.ROLE_RANK))
        if role is None:
            errors.append(sheet.RowError(line, "UNKNOWN_ROLE", "role", {"value": role_text[:40]}))
            continue
        result.role = role
        data_row = NewUser(unit_id=unit.id, username=username, display_name=display_name, roles=[RoleAt(role, unit.id)])
        try:
            _, grants = await check_new_user(db_session, principal, data_row, [], taken)
        except ValidationErrors as exc:
            for e in exc.errors:
                errors.append(sheet.RowError(line, e.code, _sheet_column(e.field), dict(e.params)))
            continue
        except DomainError as exc:
            errors.append(sheet.RowError(line, "OUTSIDE_SUBTREE" if exc.code == FORBIDDEN else exc.code, "unit",
                                            {"value": unit_text[:40]}))
            continue
        result.pending = any(elevating(principal=principal, role=r, unit=u) for r, u in grants)
        taken.add(username.lower())
        planned.append((data_row, unit, grants, result))
    if not results:
        errors.append(sheet.RowError(0, "NO_ROWS"))
    if errors or not apply:
        return UserImport(results, errors)
    for done, (data_row, unit, grants, result) in enumerate(planned, start=1):
        _user, password, placed = await add_user(db_session, principal, unit, data_row, grants, source=filename[:200])
        result.password = password
        result.pending = any(request is not None for _, _, request in placed)
        if progress is not None and (done % 10 == 0 or done == len(planned)):
            await progress(done, len(planned))
    await db_session.commit()
    return UserImport(results, [])


def _sheet_column(field_: list[str] | None) -> str | None:
    if not field_:
        return None
    last = field_[-1] if field_[-1] not in ("unitId",) else "unit"
    return {"displayName": "display_name", "role": "role", "username": "username"}.get(last, last)


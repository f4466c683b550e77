"""Importing the unit tree (行政区划) of a county: the dry run and the apply, in one transaction.

What a sheet means is `importer.planning.Mode`: MERGE (the default) adds and updates and retires nothing;
REPLACE takes the sheet as the full list of the county or of one township and retires what it
leaves out — applying that needs the number of retirements typed back by the administrator.
The sheet reading and planning are pure (`server.admin.importer`); this module does the I/O.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin.importer import layouts, planning, sheet
from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import utcnow
from server.db import Base
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.tenant.models import Tenant
from server.unit.models import Unit, UnitLevel, in_subtree

Progress = Callable[[int, int], Awaitable[None]]


async def county_of(db_session: AsyncSession, tenant_id: int) -> Unit:
    county = await db_session.get(Unit, tenant_id)
    if county is None or county.level != UnitLevel.COUNTY or await db_session.get(Tenant, tenant_id) is None:
        raise DomainError(NOT_FOUND, field=["tenantId"])
    return county


async def _existing(db_session: AsyncSession, county: Unit) -> list[layouts.ExistingUnit]:
    rows = await db_session.scalars(
        select(Unit).where(Unit.tenant_id == county.id, Unit.id != county.id).order_by(Unit.retired_at.is_not(None), Unit.path)
    )
    return [
        layouts.ExistingUnit(
            id=u.id, path=u.path, parent_path=u.path.rsplit("/", 1)[0], level=u.level, code=u.code, name=u.name,
            retired=u.retired_at is not None,
        )
        for u in rows
    ]


def check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise DomainError("FILE_TOO_LARGE", field=["file"], max_mb=round(max_bytes / 1_000_000, 1))


def read(filename: str, data: bytes) -> list[list[str]]:
    try:
        return sheet.read_sheet(filename, data)
    except sheet.SheetError as exc:
        raise DomainError(exc.code, field=["file"], **exc.params) from None


async def _scope_path(db_session: AsyncSession, county: Unit, mode: planning.Mode, scope_id: int | None) -> str:
    """The path a REPLACE sheet lists in full: the county (default) or one of its active townships."""
    if mode != planning.Mode.REPLACE or scope_id is None or scope_id == county.id:
        return county.path
    scope = await db_session.get(Unit, scope_id)
    if (
        scope is None or scope.tenant_id != county.id or scope.level != UnitLevel.TOWNSHIP
        or scope.retired_at is not None
    ):
        raise DomainError("BAD_IMPORT_SCOPE", field=["scope"])
    return scope.path


async def plan_unit_import(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, filename: str, data: bytes, max_bytes: int,
    mode: planning.Mode = planning.Mode.MERGE, scope_id: int | None = None,
) -> planning.Plan:
    """The dry run: what the sheet would change in this mode. Changes nothing."""
    principal.require_user()
    county = await county_of(db_session, tenant_id)
    if principal.tenant_id is not None and principal.tenant_id != county.id:
        raise DomainError(FORBIDDEN)
    principal.require("unit", "import", county.path)
    check_size(data, max_bytes)
    rows = read(filename, data)
    scope = await _scope_path(db_session, county, mode, scope_id)
    return planning.plan(
        rows, layouts.County(county.path, county.name), await _existing(db_session, county), mode=mode, scope=scope
    )


def check_confirmation(plan: planning.Plan, confirm_retire: int | None) -> None:
    """Retirements are applied only when the administrator typed their number."""
    retiring = plan.counts()[planning.ChangeKind.RETIRE.value]
    if retiring and confirm_retire != retiring:
        raise DomainError("RETIRE_NOT_CONFIRMED", field=["confirm"], count=retiring)


async def apply_unit_import(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, filename: str, data: bytes, max_bytes: int,
    mode: planning.Mode = planning.Mode.MERGE, scope_id: int | None = None, confirm_retire: int | None = None,
    progress: Progress | None = None,
) -> planning.Plan:
    """Plan again (against the tree as it is now) and apply every change in one transaction;
    nothing at all when the sheet has errors. Retirements (REPLACE only) are applied only when
    `confirm_retire` equals their number: the administrator typed the count the preview showed.
    `progress(done, total)` is awaited as it goes."""
    plan = await plan_unit_import(
        db_session=db_session, principal=principal, tenant_id=tenant_id, filename=filename, data=data,
        max_bytes=max_bytes, mode=mode, scope_id=scope_id,
    )
    if not plan.ok:
        return plan
    check_confirmation(plan, confirm_retire)
    county = await county_of(db_session, tenant_id)
    now = utcnow()
    by_path: dict[str, Unit] = {county.path: county}
    for unit in await db_session.scalars(select(Unit).where(Unit.tenant_id == county.id)):
        by_path[unit.path] = unit
    total = len(plan.changes)
    for done, change in enumerate(plan.changes, start=1):
        if change.kind == planning.ChangeKind.ADD:
            parent = by_path[change.parent_path]
            unit = Unit(
                tenant_id=county.id, parent_id=parent.id, level=change.level, code=change.path.rsplit("/", 1)[-1],
                name=change.name, path=change.path,
            )
            db_session.add(unit)
            by_path[unit.path] = unit
            if change.level == UnitLevel.TOWNSHIP:
                await db_session.flush()
        elif change.kind in (planning.ChangeKind.RENAME, planning.ChangeKind.RESTORE):
            unit = by_path[change.path]
            unit.name = change.name
            if change.kind == planning.ChangeKind.RESTORE:
                unit.retired_at = None
        elif change.kind == planning.ChangeKind.RETIRE:
            by_path[change.path].retired_at = now
        elif change.kind == planning.ChangeKind.MOVE:
            await db_session.flush()
            await _move(db_session, by_path[change.path], by_path[change.parent_path], change.new_path)
        if progress is not None and (done % 25 == 0 or done == total):
            await progress(done, total)
    await db_session.flush()
    audit.record(
        db_session=db_session, tenant_id=county.id, actor_id=principal.user_id, action="unit.imported",
        object_type="unit", object_id=county.id, filename=filename[:200], counts=plan.counts(),
        mode=plan.mode.value, scope=plan.scope,
        changes=[
            {"kind": c.kind.value, "path": c.path, "newPath": c.new_path, "name": c.name, "oldName": c.old_name}
            for c in plan.changes[:2000]
        ],
    )
    await db_session.commit()
    return plan


async def _move(db_session: AsyncSession, unit: Unit, new_parent: Unit, new_path: str) -> None:
    """Give a unit (and its subtree) a new path; every row that copies a unit path follows."""
    old_path = unit.path
    cut = len(old_path) + 1
    targets = [(Unit.__table__, "path")] + [
        (table, "unit_path") for table in Base.metadata.sorted_tables if "unit_path" in table.c
    ]
    for table, column_name in targets:
        column = table.c[column_name]
        await db_session.execute(
            update(table)
            .where(in_subtree(column, old_path))
            .values({column_name: literal(new_path) + func.substr(column, cut)})
            .execution_options(synchronize_session=False)
        )
    await db_session.execute(
        update(Unit).where(Unit.id == unit.id).values(parent_id=new_parent.id, code=new_path.rsplit("/", 1)[-1])
        .execution_options(synchronize_session=False)
    )
    await db_session.refresh(unit)

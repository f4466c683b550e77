"""Tenant settings.

Settings history: every changed setting is a `TenantSettingChange` row (who, when, old, new).
A computation that must be reproducible later either stores `settings.to_json()` beside its
result (the "snapshot it was computed with") or rebuilds them with `settings_at(tenant, when)`.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin import rules
from server.admin.models import TenantSettingChange
from server.admin.scope import county_unit, same_tenant
from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import DomainError, Validator
from server.pagination import Page, keyset_page
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings


async def tenant_settings(*, db_session: AsyncSession, principal: Principal, tenant_id: int) -> TenantSettings:
    principal.require_user()
    county = await county_unit(db_session, tenant_id)
    same_tenant(principal, county.id)
    principal.require("settings", "read", county.path)
    tenant = await db_session.get(Tenant, county.id)
    return TenantSettings.from_json(tenant.settings)


async def update_settings(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, changes: dict[str, object]
) -> TenantSettings:
    """Change some settings. They apply from now on; the history keeps who, when, old and new."""
    principal.require_user()
    county = await county_unit(db_session, tenant_id)
    same_tenant(principal, county.id)
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


# Where the deprecated `tenantSettingsHistory` list stops (its description says so);
# `settings_history_page` pages through every change.
OLD_HISTORY_CUT = 200


async def _history_query(db_session: AsyncSession, principal: Principal, tenant_id: int) -> Select:
    """The county's changed settings, for a viewer who may read its settings (refused otherwise)."""
    await tenant_settings(db_session=db_session, principal=principal, tenant_id=tenant_id)
    return select(TenantSettingChange).where(TenantSettingChange.tenant_id == tenant_id)


async def settings_history(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, limit: int = OLD_HISTORY_CUT
) -> list[TenantSettingChange]:
    """The deprecated list: the newest `limit` changes only (`settings_history_page` pages through all)."""
    query = await _history_query(db_session, principal, tenant_id)
    rows = await db_session.scalars(
        query.order_by(TenantSettingChange.changed_at.desc(), TenantSettingChange.id.desc()).limit(limit)
    )
    return list(rows)


async def settings_history_page(
    *, db_session: AsyncSession, principal: Principal, tenant_id: int, first: int, after: str | None
) -> tuple[Page[TenantSettingChange], Select]:
    """One page of the county's changed settings, newest first (the one keyset helper), and the
    query for its count."""
    query = await _history_query(db_session, principal, tenant_id)
    page = await keyset_page(
        db_session=db_session, query=query, sort=TenantSettingChange.changed_at, pk=TenantSettingChange.id,
        first=first, after=after,
    )
    return page, query


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


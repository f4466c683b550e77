"""The county's evaluation settings: rule template and scoring policy, versioned. Saving is one
transaction with an audit record."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.errors import DomainError, Validator
from server.evaluation import scope
from server.evaluation.models import (
    EvaluationConfig,
)
from server.evaluation.sanwu.parsing import TemplateError
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.templates import BUILT_IN_TEMPLATES, DEFAULT_TEMPLATE_CODE, built_in_template
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY, ScoringPolicy
from server.evaluation.settings_rules.form import add_to, check_settings


@dataclass(frozen=True)
class Config:
    version: int  # 0: the built-in defaults, never saved
    template: SanwuRule
    policy: ScoringPolicy
    created_at: dt.datetime | None = None


async def current_config(*, db_session: AsyncSession, tenant_id: int) -> Config:
    row = await db_session.scalar(
        select(EvaluationConfig).where(EvaluationConfig.tenant_id == tenant_id)
        .order_by(EvaluationConfig.version.desc()).limit(1)
    )
    return _config_of(row)


async def settings_of(*, db_session: AsyncSession, principal: Principal, county_id: int) -> Config:
    """The settings in force of a county the viewer may read."""
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id)
    return await current_config(db_session=db_session, tenant_id=county.id)


async def current_configs(*, db_session: AsyncSession, tenant_ids: list[int]) -> dict[int, Config]:
    """`current_config` of many tenants in one query (the province ranking)."""
    latest = (select(EvaluationConfig.tenant_id, func.max(EvaluationConfig.version).label("version"))
              .where(EvaluationConfig.tenant_id.in_(tenant_ids)).group_by(EvaluationConfig.tenant_id).subquery())
    rows = {row.tenant_id: row for row in await db_session.scalars(select(EvaluationConfig).join(
        latest, (latest.c.tenant_id == EvaluationConfig.tenant_id) & (latest.c.version == EvaluationConfig.version)))}
    return {tenant_id: _config_of(rows.get(tenant_id)) for tenant_id in tenant_ids}


def _config_of(row: EvaluationConfig | None) -> Config:
    if row is None:
        return Config(0, built_in_template(DEFAULT_TEMPLATE_CODE), DEFAULT_SCORING_POLICY)
    return Config(row.version, SanwuRule.from_dict(row.template), ScoringPolicy.from_dict(row.policy),
                  row.created_at)


async def set_config(
    *, db_session: AsyncSession, principal: Principal, county_id: int, template_code: str | None = None,
    template: dict[str, Any] | None = None, policy: dict[str, Any] | None = None, note: str | None = None,
) -> Config:
    """Save a new version of the county's settings: a built-in template by code or an edited one
    (dict), and/or an edited scoring policy. What is not given is kept from the current version."""
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id, act="configure")
    current = await current_config(db_session=db_session, tenant_id=county.id)
    rule = current.template
    if template_code is not None:
        if template_code not in BUILT_IN_TEMPLATES:
            raise DomainError("INVALID", field=["input", "templateCode"])
        rule = built_in_template(template_code)
    if template is not None:
        try:
            rule = SanwuRule.from_dict(template)
        except TemplateError as error:
            raise DomainError("INVALID_TEMPLATE", "evaluation.INVALID_TEMPLATE",
                              field=["input", "template", *filter(None, [error.path])],
                              detail=error.message) from None
    scoring = current.policy
    if policy is not None:
        try:
            scoring = ScoringPolicy.from_dict(policy)
        except (TemplateError, ValueError) as error:
            path = getattr(error, "path", "")
            raise DomainError("INVALID_TEMPLATE", "evaluation.INVALID_TEMPLATE",
                              field=["input", "policy", *filter(None, [path])],
                              detail=getattr(error, "message", str(error))) from None
    check = Validator()
    # The same checks as the settings editor, whichever mutation saves.
    add_to(check, check_settings(rule.to_dict(), scoring.to_dict()))
    note = check.text(note, ["input", "note"], required=False, max_length=500)
    check.raise_if_any()
    row = EvaluationConfig(
        tenant_id=county.id, version=current.version + 1, template=rule.to_dict(), policy=scoring.to_dict(),
        note=note, created_by_user_id=principal.user_id,
    )
    db_session.add(row)
    await db_session.flush()
    audit.record(
        db_session=db_session, tenant_id=county.id, actor_id=principal.user_id, action="evaluation.configure",
        object_type="evaluation_config", object_id=row.id, version=row.version, template=rule.code,
    )
    await db_session.commit()
    return Config(row.version, rule, scoring, row.created_at)

"""A unit's standard rates for a period as the viewer may see them, with the county's points formula
applied (the queries are `rate_queries`'s, the rule `rates`')."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case import visibility as case_visibility
from server.case.models import Case
from server.errors import DomainError
from server.evaluation import rate_queries, scope
from server.evaluation import rates as rates_rules
from server.evaluation.config import current_config
from server.evaluation.scoring import standard_rates
from server.evaluation.values import plain
from server.unit.models import Unit


@dataclass(frozen=True)
class UnitRates:
    unit: Unit
    report: rates_rules.RateReport
    points: dict[str, Any]  # the county's points formula applied to the counts (plain form)


async def unit_rates(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, start: dt.date, end: dt.date
) -> UnitRates:
    """The standard rates of a unit's subtree for the days [start, end] (China dates), and the
    points the county's scoring policy gives them."""
    if end < start:
        raise DomainError("INVALID", field=["end"])
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id)
    report = await rate_queries.count_unit_rates(db_session=db_session, unit=unit, first_day=start, last_day=end)
    config = await current_config(db_session=db_session, tenant_id=unit.tenant_id)
    return UnitRates(unit, await _readable_inputs(db_session, principal, report),
                     plain(standard_rates(report.counts, config.policy)))


async def _readable_inputs(db_session: AsyncSession, principal: Principal, report: rates_rules.RateReport
                           ) -> rates_rules.RateReport:
    """The review decisions behind 复查复核维持率 name their cases only to a viewer who may open
    them (an accusation stays hidden from the accused unit); the counts stay whole."""
    upheld = report.get("REVIEW_UPHELD")
    decisions = (upheld.inputs or {}).get("decisions", [])
    ids = {d["case_id"] for d in decisions if d["case_id"] is not None}
    readable = {c.id for c in await db_session.scalars(select(Case).where(Case.id.in_(ids)))
                if case_visibility.readable(principal, c) is not None} if ids else set()
    shown = [{**d, "case_id": d["case_id"] if d["case_id"] in readable else None} for d in decisions]
    rates = tuple(replace(r, inputs={**r.inputs, "decisions": shown}) if r.code == "REVIEW_UPHELD" else r
                  for r in report.rates)
    return replace(report, rates=rates)

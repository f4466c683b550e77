"""The aggregate figures a declaration carries (score, grade, rank, "三无", rates as percentages —
never a case or a petitioner), and the gate that refuses a unit that is not 三无 or is vetoed."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.errors import DomainError
from server.evaluation import rates as rates_rules
from server.evaluation.config import current_config
from server.evaluation.gate import declaration_gate
from server.evaluation.models import DeclarationStatus
from server.evaluation.rate_counts import unit_report
from server.evaluation.review.compute import compute_review
from server.evaluation.rollup import explain
from server.evaluation.sanwu.rules import accountability
from server.evaluation.sanwu.service import judge_units
from server.unit.models import Unit

S = DeclarationStatus


async def summary_of(db_session: AsyncSession, principal: Principal | None, unit: Unit, year: int) -> dict:
    """Aggregate figures only: the unit's review row and its rates (percentages)."""
    county = await db_session.get(Unit, unit.tenant_id)
    config, result = await compute_review(db_session=db_session, county=county, year=year)
    row = result.row_of(unit.id)
    judged = await judge_units(db_session=db_session, tenant_id=unit.tenant_id, units=[unit], year=year, config=config)
    status = judged[unit.id].result
    report = await year_rates(db_session, unit, year)
    return {
        "score": str(row.score) if row else None, "grade": row.grade if row else None,
        "grade_zh": row.grade_zh if row else None, "rank": row.rank if row else None,
        "population_size": row.population_size if row else None,
        "sanwu": status.qualifies, "failed_rules": list(status.failed_codes),
        "vetoed": row.vetoed if row else False,
        "rates": [
            {"code": r.code, "label_zh": r.label_zh, "label_en": r.label_en,
             "percent": str(r.percent) if r.percent is not None else None, "available": r.available}
            for r in report.rates
        ],
        "template_code": result.template_code, "config_version": result.config_version,
    }


async def check_gate(db_session: AsyncSession, unit: Unit, year: int, field: list[str]) -> None:
    """Refuse to apply for or declare a unit that is not 三无 in the year or is vetoed, naming the
    rule and the incidents (`gate`)."""
    config = await current_config(db_session=db_session, tenant_id=unit.tenant_id)
    judged = await judge_units(db_session=db_session, tenant_id=unit.tenant_id, units=[unit], year=year, config=config)
    status = judged[unit.id]
    outcome = accountability(config.template, status.view.counted_for_consequences())
    rule = config.template.accountability
    refusal = declaration_gate(status.result, outcome, explain(status.view),
                               (rule.label_zh, rule.label_en) if rule else None)
    if refusal is not None:
        raise DomainError("DECLARATION_BARRED", "evaluation.DECLARATION_BARRED", field=field, **refusal.params())


async def year_rates(db_session: AsyncSession, unit: Unit, year: int) -> rates_rules.RateReport:
    """The standard rates of the unit's subtree over the year, counted from the records now."""
    return await unit_report.count_unit_rates(
        db_session=db_session, unit=unit, first_day=dt.date(year, 1, 1), last_day=dt.date(year, 12, 31))

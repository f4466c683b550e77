"""The province's (or a city's) ranking of its counties, townships and villages — aggregates only.

For a province or city reviewer: every county-level unit, township and village under their unit,
ranked within its level by 三无 (qualifying first), then the score of the county's stored annual
review of the year (townships and villages; counties have none), then the mean of the standard
rates below. Never a case, a petitioner or an incident: counts and percentages only.

The same rules as the county's own pages, counted over the whole subtree at once:
- 三无: `judge_units` (evaluate_sanwu with each county's current evaluation settings, over the
  incidents of each unit's subtree and the overdue backlog), per county;
- the standard rates: `rate_queries.tally_columns` (the conditions of `rates.tally`) summed in one
  query grouped by case path and accused unit over the period's cases (`in_period`), then summed
  up the tree without the accusations hidden from each unit; 满意率 and 参评率 from
  `round_counts` per county; built by `rates.report`, the one definition of each rate. The
  review-upheld, screening and information-report rates need per-unit records and are left to
  each unit's own page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case.hidden import hidden_from
from server.case.models import Case
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.evaluation import rate_queries
from server.evaluation import rates as rates_rules
from server.evaluation.models import ReviewRun
from server.evaluation.sanwu.rules import SanwuResult
from server.unit.models import Unit, UnitLevel, subtree_pattern

RANKED_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)
# The rates the ranking shows (counted from the cases and the reply rounds of the period).
RANKING_RATES = ("TIMELY_ACCEPTANCE", "ON_TIME_REPLY", "ON_TIME_CLOSURE", "FIRST_PETITION_ONE_PASS",
                 "RESOLUTION", "COLLECTIVE_RESOLUTION", "SATISFACTION", "PARTICIPATION")
_TALLY_KEYS = ("accept_due", "accepted_on_time", "reply_due", "replied_on_time", "close_due", "closed_on_time",
               "resolved_base", "resolved", "collective_base", "collective_resolved", "first_closed",
               "first_one_pass", "repeats")


@dataclass(frozen=True)
class RankedUnit:
    unit: Unit
    rank: int  # 1 = first within its level
    sanwu: bool
    failed_rules: tuple[str, ...]
    score: Decimal | None  # the county's stored annual review of the year; None when none is stored
    rates: tuple[rates_rules.Rate, ...]  # RANKING_RATES, in that order


@dataclass(frozen=True)
class LevelRanking:
    level: UnitLevel
    rows: tuple[RankedUnit, ...]


async def unit_ranking(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int
                       ) -> list[LevelRanking]:
    from server.evaluation.config import current_configs
    from server.evaluation.sanwu.service import judge_units
    from server.evaluation.scope import check_year as _check_year

    principal.require_user()
    _check_year(year)
    root = await db_session.get(Unit, unit_id)
    if root is None or root.level not in (UnitLevel.PROVINCE, UnitLevel.CITY):
        raise DomainError(NOT_FOUND)
    if not principal.can("ranking", "read", root.path):
        raise DomainError(FORBIDDEN)
    units = list(await db_session.scalars(
        select(Unit).where(Unit.path.like(subtree_pattern(root.path)), Unit.retired_at.is_(None),
                           Unit.level.in_(RANKED_LEVELS), Unit.tenant_id.is_not(None))
        .order_by(Unit.path)))
    by_tenant: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.tenant_id is not None:  # always: the query asks for tenants' units
            by_tenant.setdefault(unit.tenant_id, []).append(unit)

    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start, end = rate_queries.bounds(first_day, last_day)
    tallies, knows = await _tallies(db_session, root, list(by_tenant), {u.path: u.id for u in units}, start, end)
    sanwu: dict[int, SanwuResult] = {}
    rounds: dict[int, rate_queries.RoundCounts] = {}
    configs = await current_configs(db_session=db_session, tenant_ids=list(by_tenant))
    for tenant_id, members in by_tenant.items():
        config = configs[tenant_id]
        judged = await judge_units(db_session=db_session, tenant_id=tenant_id, units=members, year=year, config=config)
        sanwu.update({k: v.result for k, v in judged.items()})
        county = next((u for u in members if u.level == UnitLevel.COUNTY), None)
        counts = await rate_queries.round_counts(db_session, tenant_id, start, end, county)
        for unit in members:
            rounds[unit.id] = rate_queries.rounds_under(counts, unit.path)
    scores = await _stored_scores(db_session, list(by_tenant), year)

    levels = []
    reports: dict[tuple, tuple[rates_rules.Rate, ...]] = {}  # many small units count alike
    for level in RANKED_LEVELS:
        rows = []
        for unit in (u for u in units if u.level == level):
            r = rounds[unit.id]
            tally = rates_rules.Tally(**tallies[unit.id], replies=r.replies, rated=r.rated, satisfied=r.satisfied,
                                      basically_satisfied=r.basically_satisfied)
            key = (tally, *knows.get(unit.id, (False, False)))
            if key not in reports:
                report = rates_rules.report(
                    tally, rates_rules.unavailable("REVIEW_UPHELD", "", "", ""), screening=None,
                    knows_first=key[1], knows_outcome=key[2])
                shown = {rate.code: rate for rate in report.rates}
                reports[key] = tuple(shown[c] for c in RANKING_RATES)
            status = sanwu[unit.id]
            rows.append((unit, status.qualifies, tuple(status.failed_codes), scores.get(unit.id), reports[key]))
        rows.sort(key=_order)
        levels.append(LevelRanking(level, tuple(
            RankedUnit(unit, i + 1, ok, failed, score, rates) for i, (unit, ok, failed, score, rates) in enumerate(rows)
        )))
    return levels


def _order(row: tuple) -> tuple:
    unit, qualifies, _failed, score, rates = row
    measured = [r.percent for r in rates if r.available and r.percent is not None]
    mean = sum(measured, Decimal(0)) / len(measured) if measured else Decimal(-1)
    return (not qualifies, -(score if score is not None else Decimal(-1)), -mean, unit.path)


async def _tallies(db_session: AsyncSession, root: Unit, tenant_ids: list[int], units: dict[str, int],
                   start: dt.datetime, end: dt.datetime) -> tuple[dict[int, dict[str, int]], dict[int, tuple[bool, bool]]]:
    """The rates' counts of every unit's subtree: one aggregate grouped by case path and accused unit."""
    columns = rate_queries.tally_columns(start, end, utcnow())
    marks = (func.max(case((Case.first_petition.is_not(None), 1), else_=0)),
             func.max(case((Case.outcome.is_not(None), 1), else_=0)))
    query = (
        select(Case.unit_path, Case.accused_unit_path, *(columns[k] for k in _TALLY_KEYS), *marks)
        .where(Case.tenant_id.in_(tenant_ids) if tenant_ids else false(),
               or_(Case.unit_path == root.path, Case.unit_path.like(subtree_pattern(root.path))),
               and_(rate_queries.in_period(start, end)))
        .group_by(Case.unit_path, Case.accused_unit_path)
    )
    totals = {unit_id: dict.fromkeys(_TALLY_KEYS, 0) for unit_id in units.values()}
    knows: dict[int, tuple[bool, bool]] = {}
    for row in await db_session.execute(query):
        path, accused, *counts = row
        *counts, first, outcome = counts
        for ancestor in rate_queries.ancestors_and_self(path):
            unit_id = units.get(ancestor)
            if unit_id is None or hidden_from(ancestor, accused):
                continue
            total = totals[unit_id]
            for key, n in zip(_TALLY_KEYS, counts, strict=True):
                total[key] += int(n)
            was = knows.get(unit_id, (False, False))
            knows[unit_id] = (was[0] or bool(first), was[1] or bool(outcome))
    return totals, knows


async def _stored_scores(db_session: AsyncSession, tenant_ids: list[int], year: int) -> dict[int, Decimal]:
    """Each county's latest stored annual review of the year: unit id → score."""
    if not tenant_ids:
        return {}
    latest = (select(ReviewRun.tenant_id, func.max(ReviewRun.id).label("id"))
              .where(ReviewRun.tenant_id.in_(tenant_ids), ReviewRun.year == year)
              .group_by(ReviewRun.tenant_id).subquery())
    scores: dict[int, Decimal] = {}
    for result in await db_session.scalars(select(ReviewRun.result).join(latest, latest.c.id == ReviewRun.id)):
        for row in result.get("rows", []):
            scores[int(row["unit_id"])] = Decimal(str(row["score"]))
    return scores

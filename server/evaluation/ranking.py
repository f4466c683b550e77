"""The province's (or a city's) ranking of its counties, townships and villages — aggregates only.

For a province or city reviewer: every county-level unit, township and village under their unit,
ranked within its level by 三无 (qualifying first), then the score of the county's stored annual
review of the year (townships and villages; counties have none), then the mean of the standard
rates below. Never a case, a petitioner or an incident: counts and percentages only.

The same rules as the county's own pages, counted over every county of the province at once —
one query per aggregate, whatever the number of counties, and one linear pass up the tree:
- 三无: `evaluate_sanwu` with each county's current evaluation settings (`current_configs`, one
  query), over the incidents of each unit's subtree (`recorded_incidents_of`, all counties in
  three queries, rolled up per county by `rollup.roll_up`) and, when a template asks, the overdue
  backlog (one grouped query);
- the standard rates: `rate_counts.cases.tally_columns` (the conditions of `rates.tally`) summed in one
  query grouped by case path and accused unit over the period's cases (`in_period`); 满意率 and
  参评率 from `round_counts_of` (one grouped query); both carried up the tree by
  `rate_queries.subtree_totals` without the accusations hidden from each unit; built by
  `rates.report`, the one definition of each rate. The review-upheld, screening and
  information-report rates need per-unit records and are left to each unit's own page.
A test (tests/api/test_ranking_counties.py) compares every row with the unit's own pages.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import and_, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case.models import Case
from server.dates import utcnow
from server.db import plan_aggregate
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.evaluation import rate_queries
from server.evaluation import rates as rates_rules
from server.evaluation.config import current_configs
from server.evaluation.models import ReviewRun
from server.evaluation.rate_counts import cases as rate_cases
from server.evaluation.rate_counts import rounds as rate_rounds
from server.evaluation.review.result import scores_of
from server.evaluation.rollup import UnitRef, roll_up
from server.evaluation.sanwu.rules import evaluate_sanwu
from server.evaluation.sanwu.service import overdue_backlog_of
from server.evaluation.scope import TIER_OF_LEVEL, check_year
from server.evaluation.subtree_incidents import recorded_incidents_of
from server.unit.models import Unit, UnitLevel, subtree_pattern

RANKED_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)
# The rates the ranking shows (counted from the cases and the reply rounds of the period).
# `rates.counted_rates`, in its order.
RANKING_RATES = ("TIMELY_ACCEPTANCE", "ON_TIME_REPLY", "ON_TIME_CLOSURE", "FIRST_PETITION_ONE_PASS",
                 "RESOLUTION", "COLLECTIVE_RESOLUTION", "SATISFACTION", "PARTICIPATION")
_TALLY_KEYS = rate_cases.TALLY_COLUMNS


@dataclass(frozen=True)
class RankedUnit:
    unit_id: int
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
    principal.require_user()
    check_year(year)
    root = await db_session.get(Unit, unit_id)
    if root is None or root.level not in (UnitLevel.PROVINCE, UnitLevel.CITY):
        raise DomainError(NOT_FOUND)
    if not principal.can("ranking", "read", root.path):
        raise DomainError(FORBIDDEN)
    # Plain rows, not ORM objects: 20,000 units are ranked, a page of them is shown (the schema loads
    # the shown ones), and building an instance per unit cost more than the rest of the ranking.
    members = [_Member(*row) for row in await db_session.execute(  # type: ignore[arg-type]  # tenant_id: not null in SQL
        select(Unit.id, Unit.tenant_id, Unit.level, Unit.path, Unit.name)
        .where(Unit.path.like(subtree_pattern(root.path)), Unit.retired_at.is_(None),
               Unit.level.in_(RANKED_LEVELS), Unit.tenant_id.is_not(None))
        .order_by(Unit.path))]
    tenant_ids = sorted({m.tenant_id for m in members})
    paths = {m.path: m.id for m in members}

    start, end = rate_queries.bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
    configs = await current_configs(db_session=db_session, tenant_ids=tenant_ids)
    sanwu = await _sanwu(db_session, members, configs, year)
    # Per unit: the 13 case counts, the 2 marks, the 4 reply-round counts — one roll-up of both queries.
    case_rows = await _tallies(db_session, root, tenant_ids, start, end)
    round_rows = await rate_rounds.round_counts_of(db_session, tenant_ids, root.path, start, end)
    no_cases, no_rounds = (0,) * (len(_TALLY_KEYS) + 2), (0, 0, 0, 0)
    counts = rate_queries.subtree_totals(paths, itertools.chain(
        ((path, accused, (*n, *no_rounds)) for path, accused, n in case_rows),
        ((r.unit_path, r.accused_unit_path, (*no_cases, r.replies, r.satisfied, r.basically_satisfied, r.dissatisfied))
         for r in round_rows)), len(_TALLY_KEYS) + 6)
    scores = await _stored_scores(db_session, tenant_ids, year)

    levels = []
    reports: dict[tuple, tuple[tuple[rates_rules.Rate, ...], Decimal]] = {}  # many small units count alike
    none = Decimal(-1)
    by_level: dict[UnitLevel, list[_Member]] = {level: [] for level in RANKED_LEVELS}
    for member in members:
        by_level[member.level].append(member)
    for level in RANKED_LEVELS:
        rows = []
        for member in by_level[level]:
            key = tuple(counts[member.id])
            if key not in reports:
                reports[key] = _rates(key)
            shown, mean = reports[key]
            qualifies, failed = sanwu[member.id]
            score = scores.get(member.id)
            rows.append(((not qualifies, -(none if score is None else score), -mean, member.path),
                         member.id, qualifies, failed, score, shown))
        rows.sort(key=lambda row: row[0])
        levels.append(LevelRanking(level, tuple(
            RankedUnit(unit_id, i + 1, qualifies, failed, score, shown)
            for i, (_order, unit_id, qualifies, failed, score, shown) in enumerate(rows))))
    return levels


def _rates(key: tuple[int, ...]) -> tuple[tuple[rates_rules.Rate, ...], Decimal]:
    """RANKING_RATES of a unit from its counts (`rates.counted_rates`, `rates.report`'s own)
    and the mean of those measured (the ranking's third key; -1 when none is)."""
    cases, (first, outcome), (replies, satisfied, basically, dissatisfied) = key[:13], key[13:15], key[15:]
    tally = rate_cases.tally_of(cases, replies=replies, satisfied=satisfied, basically_satisfied=basically,
                                  dissatisfied=dissatisfied)
    shown = rates_rules.counted_rates(tally, knows_first=first > 0, knows_outcome=outcome > 0)
    measured = [r.percent for r in shown if r.available and r.percent is not None]
    return shown, (sum(measured, Decimal(0)) / len(measured) if measured else Decimal(-1))


class _Member(NamedTuple):
    id: int
    tenant_id: int
    level: UnitLevel
    path: str
    name: str


async def _sanwu(db_session: AsyncSession, members: list[_Member], configs: dict, year: int
                 ) -> dict[int, tuple[bool, tuple[str, ...]]]:
    """三无 of every unit as its own page judges it (`evaluate_sanwu` with its county's settings,
    over the incidents of its subtree rolled up by `rollup.roll_up`, and its overdue backlog when
    the template asks): the incidents of all counties in three queries, the backlog in one."""
    incidents = await recorded_incidents_of(db_session=db_session, tenant_ids=list(configs), year=year)
    by_tenant: dict[int, list[_Member]] = {}
    for member in members:
        by_tenant.setdefault(member.tenant_id, []).append(member)
    needs_backlog = [t for t, of_tenant in by_tenant.items()
                     if any(c.is_backlog for tier in {TIER_OF_LEVEL[m.level] for m in of_tenant}
                            for c in configs[t].template.criteria(tier))]
    backlog = await overdue_backlog_of(db_session=db_session, tenant_ids=needs_backlog,
                                       units=[m for t in needs_backlog for m in by_tenant[t]])
    judged: dict[tuple, tuple[bool, tuple[str, ...]]] = {}  # evaluate_sanwu is pure: units alike are judged once
    out: dict[int, tuple[bool, tuple[str, ...]]] = {}
    for tenant_id, of_tenant in by_tenant.items():
        template = configs[tenant_id].template
        recorded = incidents.get(tenant_id)
        views = roll_up([UnitRef(m.id, m.path, m.name) for m in of_tenant], recorded, template.consequences) \
            if recorded else {}
        for member in of_tenant:
            seen = tuple(views[member.id].judged()) if recorded else ()
            key = (id(template), TIER_OF_LEVEL[member.level], seen, backlog.get(member.id, 0))
            if key not in judged:
                result = evaluate_sanwu(template, key[1], list(seen), key[3])
                judged[key] = (result.qualifies, tuple(result.failed_codes))
            out[member.id] = judged[key]
    return out


async def _tallies(db_session: AsyncSession, root: Unit, tenant_ids: list[int], start: dt.datetime,
                   end: dt.datetime) -> list[tuple[str, str | None, tuple[int, ...]]]:
    """The rates' counts of the period's cases under the root (the 13 `_TALLY_KEYS`, then how many
    mark a first petition / an outcome): one aggregate grouped by case path and accused unit, for
    `rate_queries.subtree_totals` to carry up the tree without the accusations hidden from each unit."""
    columns = rate_cases.tally_columns(start, end, utcnow())
    marks = (func.count().filter(Case.first_petition.is_not(None)), func.count().filter(Case.outcome.is_not(None)))
    query = (
        select(Case.unit_path, Case.accused_unit_path, *(columns[k] for k in _TALLY_KEYS), *marks)
        .where(Case.tenant_id.in_(tenant_ids) if tenant_ids else false(),
               Case.unit_path.like(subtree_pattern(root.path)), and_(rate_queries.in_period(start, end)))
        .group_by(Case.unit_path, Case.accused_unit_path)
    )
    # One aggregate over every case of the year: hash the ~20,000 groups in memory rather than
    # sort a million wide rows on disk (the 4 MB default); no JIT (its compilation of the 13
    # conditions costs seconds here), a plan made for this period's dates.
    await plan_aggregate(db_session, work_mem="64MB")
    return [(path, accused, tuple(n)) for path, accused, *n in await db_session.execute(query)]


async def _stored_scores(db_session: AsyncSession, tenant_ids: list[int], year: int) -> dict[int, Decimal]:
    """Each county's latest stored annual review of the year: unit id → score."""
    if not tenant_ids:
        return {}
    latest = (select(ReviewRun.tenant_id, func.max(ReviewRun.id).label("id"))
              .where(ReviewRun.tenant_id.in_(tenant_ids), ReviewRun.year == year)
              .group_by(ReviewRun.tenant_id).subquery())
    scores: dict[int, Decimal] = {}
    for result in await db_session.scalars(select(ReviewRun.result).join(latest, latest.c.id == ReviewRun.id)):
        scores.update(scores_of(result))
    return scores

"""三无 status and targets of units, judged by the pure engine (`sanwu.rules`) on what this module
gathers from the records: verified, still-counting incidents of the unit's whole subtree in the
year (rolled up by `rollup`) and the unit's overdue backlog."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case.models import Case
from server.case.visibility import visible_filter
from server.dates import utcnow
from server.evaluation import rate_queries, scope
from server.evaluation.config import Config, current_config
from server.evaluation.rollup import ExplainedIncident, UnitIncidents, UnitRef, explain, roll_up
from server.evaluation.sanwu.reduction import KIND as REDUCTION_KIND
from server.evaluation.sanwu.reduction import reduction_progress
from server.evaluation.sanwu.rules import SanwuResult, accountability, evaluate_sanwu, targets_progress
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.vocabulary import ConsequenceScope, UnitTier
from server.evaluation.subtree_incidents import recorded_incidents
from server.incident.models import Incident
from server.pagination import Page, keyset_page
from server.unit.models import Unit, UnitLevel, in_subtree, is_under


async def overdue_backlog(*, db_session: AsyncSession, tenant_id: int, units: list[Unit]) -> dict[int, int]:
    """信访积案: open cases of each unit's subtree whose running deadline has passed (less the
    accusations hidden from the unit, as `rate_queries.cases_in_subtree`). One grouped count per case
    path and accused unit over the units' subtrees, summed up the tree: one query for a county."""
    return await overdue_backlog_of(db_session=db_session, tenant_ids=[tenant_id], units=units)


class Placed(Protocol):
    """A unit's id and path: an ORM unit or the ranking's plain row."""
    @property
    def id(self) -> int: ...
    @property
    def path(self) -> str: ...


async def overdue_backlog_of(*, db_session: AsyncSession, tenant_ids: list[int], units: Sequence[Placed]
                             ) -> dict[int, int]:
    """`overdue_backlog` of several counties' units in one grouped query (the province ranking)."""
    if not units or not tenant_ids:
        return {}
    roots: list[str] = []  # the topmost paths: sorted, a path under the last root adds nothing
    for path in sorted({u.path for u in units}):
        if not roots or not is_under(path, roots[-1]):
            roots.append(path)
    rows = await db_session.execute(
        select(Case.unit_path, Case.accused_unit_path, func.count()).where(
            Case.tenant_id.in_(tenant_ids),
            or_(*(in_subtree(Case.unit_path, r) for r in roots)),
            rate_queries.overdue_open(utcnow()),
        ).group_by(Case.unit_path, Case.accused_unit_path)
    )
    return rate_queries.sum_up_the_tree({u.path: u.id for u in units}, ((p, a, n) for p, a, n in rows))


async def _needs_backlog(template: SanwuRule, tiers: set[UnitTier]) -> bool:
    return any(c.is_backlog for tier in tiers for c in template.criteria(tier))


@dataclass(frozen=True)
class SanwuStatusData:
    unit: Unit
    year: int
    result: SanwuResult
    # The incidents judged: every counting incident with a share in the unit's subtree (属地),
    # each explained with the unit(s) it is attributed to.
    incidents: list[Incident]
    explained: list[ExplainedIncident]
    accountability_level: str
    accountability_count: int
    config_version: int
    template_code: str
    # 无信访积案: the result's backlog criteria count the overdue cases; `backlog_cases_page` names
    # those the viewer may open.
    consequences: str = ConsequenceScope.ATTRIBUTED_UNIT.value


@dataclass(frozen=True)
class UnitSanwu:
    """A unit's 三无 result and the incidents behind it (its subtree's, rolled up)."""

    result: SanwuResult
    view: UnitIncidents


async def judge_units(
    *, db_session: AsyncSession, tenant_id: int, units: list[Unit], year: int, config: Config,
) -> dict[int, UnitSanwu]:
    """三无 of each unit, judged on the incidents of its whole subtree (see `rollup`)."""
    under = units[0].path if len(units) == 1 else None
    recorded = await recorded_incidents(db_session=db_session, tenant_id=tenant_id, year=year, under_path=under)
    views = roll_up([UnitRef(u.id, u.path, u.name) for u in units], recorded, config.template.consequences)
    tiers = {scope.TIER_OF_LEVEL[u.level] for u in units}
    backlog = (await overdue_backlog(db_session=db_session, tenant_id=tenant_id, units=units)
               if await _needs_backlog(config.template, tiers) else {})
    judged: dict[tuple, SanwuResult] = {}  # evaluate_sanwu is pure: units alike are judged once
    out = {}
    for unit in units:
        key = (scope.TIER_OF_LEVEL[unit.level], tuple(views[unit.id].judged()), backlog.get(unit.id, 0))
        if key not in judged:
            judged[key] = evaluate_sanwu(config.template, key[0], list(key[1]), key[2])
        out[unit.id] = UnitSanwu(judged[key], views[unit.id])
    return out


async def sanwu_status(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int) -> SanwuStatusData:
    scope.check_year(year)
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id)
    config = await current_config(db_session=db_session, tenant_id=unit.tenant_id)
    status = (await judge_units(db_session=db_session, tenant_id=unit.tenant_id, units=[unit], year=year, config=config))[unit.id]
    acc = accountability(config.template, status.view.counted_for_consequences())
    judged_ids = [int(j.incident.id) for j in status.view.subtree]
    rows = {r.id: r for r in await db_session.scalars(select(Incident).where(Incident.id.in_(judged_ids)))} \
        if judged_ids else {}
    return SanwuStatusData(unit, year, status.result, [rows[i] for i in judged_ids], explain(status.view),
                           str(acc.level), acc.count, config.version, config.template.code,
                           config.template.consequences.value)


# Where the deprecated `SanwuCriterion.caseIds` stops (its description says so; `overdueBacklog`
# counts every case, `backlog_cases_page` pages through those the viewer may open).
OLD_BACKLOG_CUT = 500


def _backlog_query(principal: Principal, unit: Unit) -> Select:
    """The overdue open cases `overdue_backlog` counts for the unit that the viewer may open, all
    decided in SQL: an accusation hidden from the unit is neither counted for it nor named, and a
    case the viewer may not read is not named either."""
    return select(Case).where(
        rate_queries.cases_in_subtree(unit.tenant_id, unit),
        rate_queries.overdue_open(utcnow()),
        visible_filter(principal, "read"),
    )


async def backlog_case_ids(*, db_session: AsyncSession, principal: Principal, unit: Unit) -> list[int]:
    """The deprecated list: `_backlog_query`, oldest deadline first, the first `OLD_BACKLOG_CUT` only."""
    principal.require_user()
    query = _backlog_query(principal, unit).with_only_columns(Case.id)
    return list(await db_session.scalars(query.order_by(Case.due_at, Case.id).limit(OLD_BACKLOG_CUT)))


async def backlog_cases_page(
    *, db_session: AsyncSession, principal: Principal, unit: Unit, first: int, after: str | None
) -> tuple[Page[Case], Select]:
    """One page of `_backlog_query`, oldest deadline first (the one keyset helper), and the query
    for its count."""
    principal.require_user()
    query = _backlog_query(principal, unit)
    page = await keyset_page(
        db_session=db_session, query=query, sort=Case.due_at, pk=Case.id, first=first, after=after, descending=False,
    )
    return page, query


@dataclass(frozen=True)
class TargetRow:
    scope_unit: Unit
    tier: UnitTier
    label_zh: str
    label_en: str
    target_percent: Decimal | None
    qualifying: int
    total: int
    actual_percent: Decimal | None
    met: bool | None
    # ESCALATION_REDUCTION (seed 000): this year's and last year's totals; qualifying/total hold them too.
    kind: str = "UNITS_SANWU_PERCENT"
    previous: int | None = None
    current: int | None = None


async def _reduction_rows(db_session: AsyncSession, county: Unit, units: list[Unit], year: int,
                          config: Config) -> list[TargetRow]:
    """Seed 000's year-on-year reduction of escalations, per scope unit (the county, or each
    township), over the scope unit's whole subtree."""
    if not config.template.reductions:
        return []
    scopes = {UnitTier.COUNTY: [county], UnitTier.TOWNSHIP: [u for u in units if u.level == UnitLevel.TOWNSHIP]}
    refs = [UnitRef(u.id, u.path, u.name) for u in [county, *scopes[UnitTier.TOWNSHIP]]]
    now = roll_up(refs, await recorded_incidents(db_session=db_session, tenant_id=county.id, year=year))
    before = roll_up(refs, await recorded_incidents(db_session=db_session, tenant_id=county.id, year=year - 1))
    rows = []
    for target in config.template.reductions:
        for scope_unit in scopes[target.scope]:
            p = reduction_progress(config.template, target, now[scope_unit.id].judged(), before[scope_unit.id].judged())
            rows.append(TargetRow(scope_unit, target.scope, target.label_zh, target.label_en, target.reduce_to_percent,
                                  p.current, p.previous, p.actual_percent, p.met, REDUCTION_KIND, p.previous,
                                  p.current))
    return rows


async def sanwu_targets(*, db_session: AsyncSession, principal: Principal, county_id: int, year: int) -> list[TargetRow]:
    """Progress towards the template's creation targets: for the county (seed 004: 40 % of the
    townships, 50 % of the villages) and per township (seed 002: 90 % of its villages)."""
    scope.check_year(year)
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id)
    config = await current_config(db_session=db_session, tenant_id=county.id)
    units = await scope.units_of_county(db_session=db_session, county=county)
    status = await judge_units(db_session=db_session, tenant_id=county.id, units=units, year=year, config=config)
    townships = [u for u in units if u.level == UnitLevel.TOWNSHIP]
    rows: list[TargetRow] = []

    def add(scope: Unit, tier: UnitTier, members: list[Unit], label_zh: str, label_en: str) -> None:
        qualifying = sum(1 for m in members if status[m.id].result.qualifies)
        progress = targets_progress(config.template, tier, qualifying, len(members))
        rows.append(TargetRow(scope, tier, label_zh, label_en, progress.target_percent, qualifying,
                              len(members), progress.actual_percent, progress.met))

    for tier, level in ((UnitTier.TOWNSHIP, UnitLevel.TOWNSHIP), (UnitTier.VILLAGE, UnitLevel.VILLAGE)):
        target = config.template.target(tier)
        if target is not None and target.scope != UnitTier.COUNTY:
            continue
        members = [u for u in units if u.level == level]
        add(county, tier, members, target.label_zh if target else f"“三无”{_zh_tier(tier)}",
            target.label_en if target else f"三无 {tier.lower()}s")
    village_target = config.template.target(UnitTier.VILLAGE)
    for township in townships:
        members = [u for u in units if u.parent_id == township.id]
        if village_target is not None and village_target.scope == UnitTier.TOWNSHIP:
            add(township, UnitTier.VILLAGE, members, village_target.label_zh, village_target.label_en)
        else:
            qualifying = sum(1 for m in members if status[m.id].result.qualifies)
            progress = targets_progress(config.template, UnitTier.VILLAGE, qualifying, len(members))
            rows.append(TargetRow(township, UnitTier.VILLAGE, "“三无”村（居）", "三无 villages", None,
                                  qualifying, len(members), progress.actual_percent, None))
    return rows + await _reduction_rows(db_session, county, units, year, config)


def _zh_tier(tier: UnitTier) -> str:
    return {"COUNTY": "县", "TOWNSHIP": "乡镇", "VILLAGE": "村（居）"}[tier]

"""Use cases of the joint evaluation: settings, campaign, self-assessment, ratings, "三无" status,
targets, rates, the annual review and the public overview. Each public function that changes
something is one transaction with an audit record.

The pure engine (`rules`, `scoring`, `rates`) does the judging; this module only gathers its
inputs from the records: verified, still-counting incidents of the unit's whole subtree in the year
(rolled up by `rollup`; deductions and accountability count the unit's own unless the template says otherwise);
the unit's overdue backlog; its self-assessment, ratings and its subtree's citizen ratings.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.principal import Principal
from server.case import service as case_service
from server.case.models import OPEN_STATUSES, Case
from server.dates import CHINA, local_date, utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.evaluation import rate_queries
from server.evaluation import rates as rates_rules
from server.evaluation.completeness import INCOMPLETE_GRADE, review_population
from server.evaluation.models import (
    Campaign,
    Declaration,
    EvaluationConfig,
    Indicator,
    RatingKind,
    Rectification,
    ReviewRun,
    SelfAssessment,
    Submission,
    SubmissionKind,
    UnitRating,
    centi_to_decimal,
    decimal_to_centi,
)
from server.evaluation.reduction import KIND as REDUCTION_KIND
from server.evaluation.reduction import reduction_progress
from server.evaluation.review_diff import ReviewChange, review_changes
from server.evaluation.rollup import ExplainedIncident, UnitIncidents, UnitRef, explain, roll_up
from server.evaluation.rules import (
    ConsequenceScope,
    SanwuResult,
    SanwuRule,
    TemplateError,
    UnitTier,
    accountability,
    evaluate_sanwu,
    incident_deductions,
    plain,
    targets_progress,
)
from server.evaluation.scoring import (
    DEFAULT_SCORING_POLICY,
    PublicEvaluationInput,
    ScoringPolicy,
    SelfAssessmentInput,
    UnitReviewInput,
)
from server.evaluation.settings_rules import add_to, check_settings
from server.evaluation.subtree_incidents import recorded_incidents
from server.evaluation.templates import BUILT_IN_TEMPLATES, DEFAULT_TEMPLATE_CODE, built_in_template
from server.incident.models import Incident
from server.unit.models import Unit, UnitLevel, subtree_pattern

TIER_OF_LEVEL = {
    UnitLevel.COUNTY: UnitTier.COUNTY,
    UnitLevel.TOWNSHIP: UnitTier.TOWNSHIP,
    UnitLevel.VILLAGE: UnitTier.VILLAGE,
}

# Seed 004, 三、活动安排和步骤: the three stages and their months (the year is the campaign's).
SEED_004_STAGES = (
    ("MOBILISE", "动员部署阶段", "Mobilisation", (4, 20), (4, 30)),
    ("ADVANCE", "全面推进阶段", "Full implementation (建·创·评·联)", (5, 1), (11, 30)),
    ("DECLARE", "申报推荐阶段", "Declaration and recommendation", (12, 1), (12, 31)),
)

# The 建 checklist of seed 004 (一是抓好"建"的基础): platform, mechanisms, team.
BUILD_CHECKLIST = (
    ("PLATFORM", "建好平台：综治中心站落实硬件设施、人员和经费，一站式接待", "Platform: one-stop reception"),
    ("MEETINGS", "建好机制：排查调处例会（县每月、乡镇每半月、村每周）", "Mechanism: screening meetings"),
    ("EARLY_WARNING", "建好机制：社会矛盾排查预警、重大决策风险评估", "Mechanism: early warning, risk assessment"),
    ("FIRST_CONTACT", "建好机制：初信初访首接责任制", "Mechanism: first-contact responsibility"),
    ("LIAISON", "建好机制：建立两代表一委员和党员干部联系社区和群众制度",
     "Mechanism: deputies, committee members and Party officials linked with communities and the public"),
    ("PROXY", "建好机制：基层陪防和代理信访事项制度", "Mechanism: petition proxies"),
    ("TEAM", "建好队伍：信访干部和基层信访代理员队伍", "Team: petition staff and proxies"),
)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=CHINA).astimezone(dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=CHINA).astimezone(dt.UTC)
    return start, end


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError("OUT_OF_RANGE", field=["year"], min=2000, max=2100)


# ---------------------------------------------------------------------------------------------
# Units


async def _unit(db_session: AsyncSession, principal: Principal, unit_id: int, act: str = "read",
                obj: str = "evaluation") -> Unit:
    """A unit of the viewer's tenant at county, township or village level that they may `act` on."""
    principal.require_user()
    unit = await db_session.get(Unit, unit_id)
    if unit is None or unit.tenant_id is None or unit.tenant_id != principal.tenant_id \
            or unit.level not in TIER_OF_LEVEL:
        raise DomainError(NOT_FOUND)
    if not principal.can(obj, act, unit.path):
        raise DomainError(FORBIDDEN)
    return unit


async def _county(db_session: AsyncSession, principal: Principal, county_id: int, act: str = "read") -> Unit:
    unit = await _unit(db_session, principal, county_id, act)
    if unit.level != UnitLevel.COUNTY:
        raise DomainError(NOT_FOUND)
    return unit


async def _units_of_county(db_session: AsyncSession, county: Unit) -> list[Unit]:
    rows = await db_session.scalars(
        select(Unit).where(
            Unit.tenant_id == county.id, Unit.retired_at.is_(None),
            Unit.level.in_((UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)),
        ).order_by(Unit.path)
    )
    return list(rows)


# ---------------------------------------------------------------------------------------------
# Settings: rule template and scoring policy, versioned


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
    template: dict | None = None, policy: dict | None = None, note: str | None = None,
) -> Config:
    """Save a new version of the county's settings: a built-in template by code or an edited one
    (dict), and/or an edited scoring policy. What is not given is kept from the current version."""
    county = await _county(db_session, principal, county_id, "configure")
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


# ---------------------------------------------------------------------------------------------
# Inputs gathered from the records


async def overdue_backlog(*, db_session: AsyncSession, tenant_id: int, units: list[Unit]) -> dict[int, int]:
    """信访积案: open cases of each unit's subtree whose running deadline has passed (less the
    accusations hidden from the unit, as `rate_queries.in_subtree`). One grouped count per case
    path and accused unit over the units' subtrees, summed up the tree: one query for a county."""
    if not units:
        return {}
    paths = {u.path for u in units}
    roots = [p for p in paths if not any(p.startswith(q + "/") for q in paths)]
    rows = await db_session.execute(
        select(Case.unit_path, Case.accused_unit_path, func.count()).where(
            Case.tenant_id == tenant_id,
            or_(*(or_(Case.unit_path == r, Case.unit_path.like(subtree_pattern(r))) for r in roots)),
            Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None), Case.due_at < utcnow(),
        ).group_by(Case.unit_path, Case.accused_unit_path)
    )
    return rate_queries.sum_up_the_tree({u.path: u.id for u in units}, ((p, a, n) for p, a, n in rows))


async def _needs_backlog(template: SanwuRule, tiers: set[UnitTier]) -> bool:
    return any(c.is_backlog for tier in tiers for c in template.criteria(tier))


# ---------------------------------------------------------------------------------------------
# 三无 status and targets


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
    # 无信访积案: the overdue open cases of the unit's subtree the viewer may open (all are counted).
    backlog_case_ids: tuple[int, ...] = ()
    consequences: str = ConsequenceScope.ATTRIBUTED_UNIT.value


@dataclass(frozen=True)
class UnitSanwu:
    """A unit's 三无 result and the incidents behind it (its subtree's, rolled up)."""

    result: SanwuResult
    view: UnitIncidents


async def _sanwu_many(
    db_session: AsyncSession, tenant_id: int, units: list[Unit], year: int, config: Config,
) -> dict[int, UnitSanwu]:
    """三无 of each unit, judged on the incidents of its whole subtree (see `rollup`)."""
    under = units[0].path if len(units) == 1 else None
    recorded = await recorded_incidents(db_session=db_session, tenant_id=tenant_id, year=year, under_path=under)
    views = roll_up([UnitRef(u.id, u.path, u.name) for u in units], recorded, config.template.consequences)
    tiers = {TIER_OF_LEVEL[u.level] for u in units}
    backlog = (await overdue_backlog(db_session=db_session, tenant_id=tenant_id, units=units)
               if await _needs_backlog(config.template, tiers) else {})
    judged: dict[tuple, SanwuResult] = {}  # evaluate_sanwu is pure: units alike are judged once
    out = {}
    for unit in units:
        key = (TIER_OF_LEVEL[unit.level], tuple(views[unit.id].judged()), backlog.get(unit.id, 0))
        if key not in judged:
            judged[key] = evaluate_sanwu(config.template, key[0], list(key[1]), key[2])
        out[unit.id] = UnitSanwu(judged[key], views[unit.id])
    return out


async def sanwu_status(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int) -> SanwuStatusData:
    _check_year(year)
    unit = await _unit(db_session, principal, unit_id)
    config = await current_config(db_session=db_session, tenant_id=unit.tenant_id)
    status = (await _sanwu_many(db_session, unit.tenant_id, [unit], year, config))[unit.id]
    acc = accountability(config.template, status.view.counted_for_consequences())
    backlog: tuple[int, ...] = ()
    if await _needs_backlog(config.template, {TIER_OF_LEVEL[unit.level]}):
        backlog = await _backlog_cases(db_session, principal, unit)
    judged_ids = [int(j.incident.id) for j in status.view.subtree]
    rows = {r.id: r for r in await db_session.scalars(select(Incident).where(Incident.id.in_(judged_ids)))} \
        if judged_ids else {}
    return SanwuStatusData(unit, year, status.result, [rows[i] for i in judged_ids], explain(status.view),
                           str(acc.level), acc.count, config.version, config.template.code, backlog,
                           config.template.consequences.value)


async def _backlog_cases(db_session: AsyncSession, principal: Principal, unit: Unit) -> tuple[int, ...]:
    """The overdue open cases `overdue_backlog` counts for the unit, oldest deadline first — named
    only when the viewer may open them (an accusation stays hidden from the accused unit)."""
    rows = await db_session.scalars(select(Case).where(
        _in_subtree(unit.tenant_id, unit),
        Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None), Case.due_at < utcnow(),
    ).order_by(Case.due_at, Case.id).limit(500))
    return tuple(c.id for c in rows if case_service.readable(principal, c) is not None)


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
        for scope in scopes[target.scope]:
            p = reduction_progress(config.template, target, now[scope.id].judged(), before[scope.id].judged())
            rows.append(TargetRow(scope, target.scope, target.label_zh, target.label_en, target.reduce_to_percent,
                                  p.current, p.previous, p.actual_percent, p.met, REDUCTION_KIND, p.previous,
                                  p.current))
    return rows


async def sanwu_targets(*, db_session: AsyncSession, principal: Principal, county_id: int, year: int) -> list[TargetRow]:
    """Progress towards the template's creation targets: for the county (seed 004: 40 % of the
    townships, 50 % of the villages) and per township (seed 002: 90 % of its villages)."""
    _check_year(year)
    county = await _county(db_session, principal, county_id)
    config = await current_config(db_session=db_session, tenant_id=county.id)
    units = await _units_of_county(db_session, county)
    status = await _sanwu_many(db_session, county.id, units, year, config)
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


# ---------------------------------------------------------------------------------------------
# Standard rates


# The queries live in rate_queries (the rule in rates); the names stay importable from here.
_in_subtree = rate_queries.in_subtree
_case_facts = rate_queries.case_facts
count_unit_rates = rate_queries.count_unit_rates
screening_on_time = rate_queries.screening_on_time


async def unit_rates(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, start: dt.date, end: dt.date
) -> tuple[Unit, rates_rules.RateReport]:
    """The standard rates of a unit's subtree for the days [start, end] (China dates)."""
    if end < start:
        raise DomainError("INVALID", field=["end"])
    unit = await _unit(db_session, principal, unit_id)
    report = await count_unit_rates(db_session=db_session, unit=unit, first_day=start, last_day=end)
    return unit, await _readable_inputs(db_session, principal, report)


async def _readable_inputs(db_session: AsyncSession, principal: Principal, report: rates_rules.RateReport
                           ) -> rates_rules.RateReport:
    """The review decisions behind 复查复核维持率 name their cases only to a viewer who may open
    them (an accusation stays hidden from the accused unit); the counts stay whole."""
    from dataclasses import replace

    upheld = report.get("REVIEW_UPHELD")
    decisions = (upheld.inputs or {}).get("decisions", [])
    ids = {d["case_id"] for d in decisions if d["case_id"] is not None}
    readable = {c.id for c in await db_session.scalars(select(Case).where(Case.id.in_(ids)))
                if case_service.readable(principal, c) is not None} if ids else set()
    shown = [{**d, "case_id": d["case_id"] if d["case_id"] in readable else None} for d in decisions]
    rates = tuple(replace(r, inputs={**r.inputs, "decisions": shown}) if r.code == "REVIEW_UPHELD" else r
                  for r in report.rates)
    return replace(report, rates=rates)


# ---------------------------------------------------------------------------------------------
# Campaign, indicators, self-assessment, ratings, submissions


async def get_campaign(*, db_session: AsyncSession, tenant_id: int, year: int) -> Campaign | None:
    return await db_session.scalar(select(Campaign).where(Campaign.tenant_id == tenant_id, Campaign.year == year))


def default_stages(year: int) -> list[dict]:
    return [
        {"code": code, "name_zh": zh, "name_en": en, "starts_on": dt.date(year, *s).isoformat(),
         "ends_on": dt.date(year, *e).isoformat()}
        for code, zh, en, s, e in SEED_004_STAGES
    ]


@dataclass
class IndicatorIn:
    code: str
    name: str
    part: str
    max_points: Decimal
    tier: str | None = None


async def create_campaign(
    *, db_session: AsyncSession, principal: Principal, county_id: int, year: int, name: str | None = None,
    indicators: list[IndicatorIn] | None = None,
) -> Campaign:
    """Open the county's campaign of a year with seed 004's stages and an indicator table."""
    _check_year(year)
    county = await _county(db_session, principal, county_id, "configure")
    if await get_campaign(db_session=db_session, tenant_id=county.id, year=year):
        raise DomainError("CONFLICT", "evaluation.CAMPAIGN_EXISTS", field=["input", "year"], year=year)
    check = Validator()
    name = check.text(name or f"{year}年信访工作“三无”县乡镇村（居）“联建联创联评”活动", ["input", "name"],
                      max_length=200)
    _check_indicators(check, indicators or [])
    check.raise_if_any()
    campaign = Campaign(tenant_id=county.id, year=year, name=name, stages=default_stages(year))
    db_session.add(campaign)
    await db_session.flush()
    for n, ind in enumerate(indicators or []):
        db_session.add(Indicator(
            tenant_id=county.id, campaign_id=campaign.id, code=ind.code.strip(), name=ind.name.strip(),
            part=ind.part, tier=ind.tier, max_points_centi=decimal_to_centi(ind.max_points), position=n,
        ))
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                 action="evaluation.campaign_create", object_type="campaign", object_id=campaign.id, year=year)
    await db_session.commit()
    return campaign


def _check_indicators(check: Validator, table: list[IndicatorIn]) -> None:
    seen = set()
    for n, ind in enumerate(table):
        at = ["input", "indicators", str(n)]
        code = check.text(ind.code, [*at, "code"], max_length=32)
        check.text(ind.name, [*at, "name"], max_length=200)
        if code is not None and code in seen:
            check.add("DUPLICATE", [*at, "code"], "evaluation.DUPLICATE")
        seen.add(code)
        if not Decimal(0) < ind.max_points <= Decimal(1000):
            check.add("OUT_OF_RANGE", [*at, "maxPoints"], min=0, max=1000)
        if ind.part not in ("BUILD", "CREATE", "EVALUATE", "LINK"):
            check.add("INVALID", [*at, "part"])
        if ind.tier not in (None, "TOWNSHIP", "VILLAGE"):
            check.add("INVALID", [*at, "tier"])


@dataclass
class StageIn:
    code: str
    starts_on: dt.date
    ends_on: dt.date


async def update_campaign(
    *, db_session: AsyncSession, principal: Principal, campaign_id: int, name: str | None = None,
    stages: list[StageIn] | None = None, indicators: list[IndicatorIn] | None = None,
) -> Campaign:
    """The county edits its campaign: the name, the stages' dates (seed 004's stages, in order,
    within the year) and the indicator table (lines matched by code; a line units have already
    scored cannot be removed, moved to another tier or given fewer points than a unit scored)."""
    principal.require_user()
    campaign = await db_session.get(Campaign, campaign_id)
    if campaign is None or campaign.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND, field=["input", "id"])
    county = await _county(db_session, principal, campaign.tenant_id, "configure")
    check = Validator()
    if name is not None:
        name = check.text(name, ["input", "name"], max_length=200)
    new_stages = None
    if stages is not None:
        known = {st["code"]: st for st in campaign.stages}
        if [x.code for x in stages] != list(known):
            check.add("INVALID", ["input", "stages"], "evaluation.STAGES_FIXED")
        else:
            first, last = dt.date(campaign.year, 1, 1), dt.date(campaign.year, 12, 31)
            previous_end = None
            for n, x in enumerate(stages):
                if not first <= x.starts_on <= x.ends_on <= last:
                    check.add("OUT_OF_RANGE", ["input", "stages", str(n), "endsOn"], "evaluation.STAGE_DATES",
                              year=campaign.year)
                elif previous_end is not None and x.starts_on <= previous_end:
                    check.add("INVALID", ["input", "stages", str(n), "startsOn"], "evaluation.STAGE_ORDER")
                previous_end = x.ends_on
            new_stages = [{**known[x.code], "starts_on": x.starts_on.isoformat(), "ends_on": x.ends_on.isoformat()}
                          for x in stages]
    table = {i.code: i for i in await indicators_of(db_session, campaign.id)} if indicators is not None else {}
    if indicators is not None:
        _check_indicators(check, indicators)
        scored = await _scored_lines(db_session, campaign.id)
        wanted = {(i.code or "").strip() for i in indicators}
        for code, ind in table.items():
            if code not in wanted and ind.id in scored:
                check.add("IN_USE", ["input", "indicators"], "evaluation.INDICATOR_IN_USE", indicator=code)
        for n, new in enumerate(indicators):
            old = table.get((new.code or "").strip())
            if old is None or old.id not in scored:
                continue
            best, levels = scored[old.id]
            if Decimal(0) < new.max_points and decimal_to_centi(new.max_points) < best:
                check.add("OUT_OF_RANGE", ["input", "indicators", str(n), "maxPoints"],
                          "evaluation.INDICATOR_POINTS_SCORED", points=centi_to_decimal(best))
            if new.tier is not None and any(level != new.tier for level in levels):
                check.add("IN_USE", ["input", "indicators", str(n), "tier"], "evaluation.INDICATOR_TIER_SCORED")
    check.raise_if_any()
    if name is not None:
        campaign.name = name
    if new_stages is not None:
        campaign.stages = new_stages
    if indicators is not None:
        keep = set()
        for n, new in enumerate(indicators):
            code = new.code.strip()
            row = table.get(code)
            if row is None:
                row = Indicator(tenant_id=campaign.tenant_id, campaign_id=campaign.id, code=code)
                db_session.add(row)
            row.name, row.part, row.tier = new.name.strip(), new.part, new.tier
            row.max_points_centi, row.position = decimal_to_centi(new.max_points), n
            keep.add(code)
        for code, row in table.items():
            if code not in keep:
                await db_session.execute(
                    Rectification.__table__.update().where(Rectification.indicator_id == row.id).values(indicator_id=None))
                await db_session.delete(row)
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                 action="evaluation.campaign_update", object_type="campaign", object_id=campaign.id,
                 year=campaign.year, name=name is not None, stages=new_stages is not None,
                 indicators=[i.code.strip() for i in indicators] if indicators is not None else None)
    await db_session.commit()
    return campaign


async def indicators_of(db_session: AsyncSession, campaign_id: int) -> list[Indicator]:
    return await indicators(db_session=db_session, campaign_id=campaign_id)


async def _scored_lines(db_session: AsyncSession, campaign_id: int) -> dict[int, tuple[int, set[str]]]:
    """Per indicator that units have scored: the highest points given and the levels of those units."""
    rows = (await db_session.execute(
        select(SelfAssessment.indicator_id, SelfAssessment.points_centi, Unit.level)
        .join(Unit, Unit.id == SelfAssessment.unit_id).where(SelfAssessment.campaign_id == campaign_id))).all()
    out: dict[int, tuple[int, set[str]]] = {}
    for indicator_id, points, level in rows:
        best, levels = out.get(indicator_id, (0, set()))
        out[indicator_id] = (max(best, points), levels | {str(level)})
    return out


async def campaign_for(*, db_session: AsyncSession, principal: Principal, county_id: int, year: int) -> Campaign | None:
    county = await _county(db_session, principal, county_id)
    return await get_campaign(db_session=db_session, tenant_id=county.id, year=year)


async def indicators(*, db_session: AsyncSession, campaign_id: int) -> list[Indicator]:
    rows = await db_session.scalars(
        select(Indicator).where(Indicator.campaign_id == campaign_id).order_by(Indicator.position, Indicator.id))
    return list(rows)


async def _campaign_of(db_session: AsyncSession, unit: Unit, year: int) -> Campaign:
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        raise DomainError("NOT_FOUND", "evaluation.NO_CAMPAIGN", field=["input", "year"], year=year)
    return campaign


@dataclass
class ScoreIn:
    indicator_code: str
    points: Decimal
    evidence: str | None = None
    # The line's evidence files (ids of uploads): exactly these afterwards; None keeps the files.
    attachment_ids: list[int] | None = None


async def submit_self_assessment(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, scores: list[ScoreIn],
) -> list[SelfAssessment]:
    """自查自评: a township or village scores itself on the county's indicators (again = update),
    each line with its evidence note and evidence files."""
    unit = await _unit(db_session, principal, unit_id, "self_assess")
    if unit.level == UnitLevel.COUNTY:
        raise DomainError("INVALID", "evaluation.NOT_ASSESSED_TIER", field=["input", "unitId"])
    campaign = await _campaign_of(db_session, unit, year)
    table = {i.code: i for i in await indicators(db_session=db_session, campaign_id=campaign.id)}
    existing = {
        r.indicator_id: r for r in await db_session.scalars(
            select(SelfAssessment).where(SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id))
    }
    check = Validator()
    files: dict[int, list[Attachment]] = {}  # position in `scores` → the files to keep on that line
    seen_files: set[int] = set()
    for n, s in enumerate(scores):
        ind = table.get(s.indicator_code)
        if ind is None or (ind.tier and ind.tier != unit.level):
            check.add("INVALID", ["input", "scores", str(n), "indicatorCode"])
            continue
        maximum = centi_to_decimal(ind.max_points_centi)
        if not Decimal(0) <= s.points <= maximum:
            check.add("OUT_OF_RANGE", ["input", "scores", str(n), "points"], min=0, max=maximum)
        check.text(s.evidence, ["input", "scores", str(n), "evidence"], required=False, max_length=2000)
        if s.attachment_ids is not None:
            row = existing.get(ind.id)
            found = await _evidence_files(db_session, principal, check, tenant_id=unit.tenant_id,
                                          attachment_ids=s.attachment_ids, owner_column="self_assessment_id",
                                          owner_id=row.id if row else None,
                                          field=["input", "scores", str(n), "attachmentIds"])
            if found is not None:
                if seen_files & {f.id for f in found}:
                    check.add("DUPLICATE", ["input", "scores", str(n), "attachmentIds"], "evaluation.FILE_TWICE")
                seen_files |= {f.id for f in found}
                files[n] = found
    check.raise_if_any()
    saved = []
    for s in scores:
        ind = table[s.indicator_code]
        row = existing.get(ind.id)
        if row is None:
            row = SelfAssessment(tenant_id=unit.tenant_id, campaign_id=campaign.id, indicator_id=ind.id,
                                 unit_id=unit.id, unit_path=unit.path, points_centi=0)
            db_session.add(row)
            existing[ind.id] = row
        row.points_centi = decimal_to_centi(s.points)
        row.evidence = (s.evidence or "").strip() or None
        row.submitted_by_user_id = principal.user_id
        row.submitted_at = utcnow()
        saved.append(row)
    await db_session.flush()
    linked = {}
    for n, found in files.items():
        row = saved[n]
        await _set_files(db_session, "self_assessment_id", row.id, found)
        linked[scores[n].indicator_code] = [f.id for f in found]
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action="evaluation.self_assess", object_type="unit", object_id=unit.id, year=year,
                 indicators=[s.indicator_code for s in scores], **({"files": linked} if linked else {}))
    await db_session.commit()
    return saved


async def add_rectification(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, description: str, owner: str,
    due_on: dt.date, indicator_code: str | None = None,
) -> Rectification:
    unit = await _unit(db_session, principal, unit_id, "self_assess")
    campaign = await _campaign_of(db_session, unit, year)
    check = Validator()
    description = check.text(description, ["input", "description"], max_length=2000)
    owner = check.text(owner, ["input", "owner"], max_length=100)
    indicator_id = None
    if indicator_code:
        ind = next((i for i in await indicators(db_session=db_session, campaign_id=campaign.id)
                    if i.code == indicator_code), None)
        if ind is None:
            check.add("INVALID", ["input", "indicatorCode"])
        else:
            indicator_id = ind.id
    check.raise_if_any()
    row = Rectification(tenant_id=unit.tenant_id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                        indicator_id=indicator_id, description=description, owner=owner, due_on=due_on,
                        created_by_user_id=principal.user_id)
    db_session.add(row)
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action="evaluation.rectification_add", object_type="rectification", object_id=row.id)
    await db_session.commit()
    return row


async def set_rectification_done(
    *, db_session: AsyncSession, principal: Principal, rectification_id: int, done_on: dt.date | None,
) -> Rectification:
    """整改完成: the unit marks a rectification item done on a day (None: reopened)."""
    principal.require_user()
    row = await db_session.get(Rectification, rectification_id)
    if row is None or row.tenant_id != principal.tenant_id or not principal.can("evaluation", "read", row.unit_path):
        raise DomainError(NOT_FOUND, field=["input", "id"])
    if not principal.can("evaluation", "self_assess", row.unit_path):
        raise DomainError(FORBIDDEN)
    if done_on is not None and not dt.date(2000, 1, 1) <= done_on <= local_date(utcnow()):
        raise DomainError("OUT_OF_RANGE", "evaluation.DONE_ON_RANGE", field=["input", "doneOn"])
    row.done_on = done_on
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action="evaluation.rectification_done" if done_on else "evaluation.rectification_reopen",
                 object_type="rectification", object_id=row.id, done_on=done_on.isoformat() if done_on else None)
    await db_session.commit()
    return row


async def rate_unit(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, kind: RatingKind,
    score: Decimal, comment: str | None = None,
) -> UnitRating:
    """An invited public rater's (群众点评) or an assessor's (组织考评) score for a unit; rating
    again replaces the rater's earlier score."""
    act = "rate" if kind == RatingKind.PUBLIC_RATER else "assess"
    unit = await _unit(db_session, principal, unit_id, act)
    if unit.level == UnitLevel.COUNTY:
        raise DomainError("INVALID", "evaluation.NOT_ASSESSED_TIER", field=["input", "unitId"])
    campaign = await _campaign_of(db_session, unit, year)
    check = Validator()
    if not Decimal(0) <= score <= Decimal(100):
        check.add("OUT_OF_RANGE", ["input", "score"], min=0, max=100)
    comment = check.text(comment, ["input", "comment"], required=False, max_length=1000)
    check.raise_if_any()
    row = await db_session.scalar(select(UnitRating).where(
        UnitRating.campaign_id == campaign.id, UnitRating.unit_id == unit.id, UnitRating.kind == kind,
        UnitRating.rater_user_id == principal.user_id))
    if row is None:
        row = UnitRating(tenant_id=unit.tenant_id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                         kind=kind, rater_user_id=principal.user_id, score_centi=0)
        db_session.add(row)
    row.score_centi = decimal_to_centi(score)
    row.comment = comment
    row.rated_at = utcnow()
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action=f"evaluation.{act}", object_type="unit", object_id=unit.id, year=year, score=str(score))
    await db_session.commit()
    return row


async def submit_work(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, kind: SubmissionKind,
    title: str, description: str | None, item_code: str | None, evidence: list[dict],
    attachment_ids: list[int] | None = None, submission_id: int | None = None,
) -> Submission:
    """建 checklist item done, or 创 good-practice submission, with its evidence list and evidence
    files; with `submission_id`, the unit's earlier submission edited (its files become exactly
    `attachment_ids`, or stay as they are when None). One checklist submission per item."""
    unit = await _unit(db_session, principal, unit_id, "self_assess")
    campaign = await _campaign_of(db_session, unit, year)
    row: Submission | None = None
    if submission_id is not None:
        row = await db_session.get(Submission, submission_id)
        if row is None or row.unit_id != unit.id or row.campaign_id != campaign.id:
            raise DomainError(NOT_FOUND, field=["input", "id"])
    check = Validator()
    if row is not None and row.kind != kind:
        check.add("INVALID", ["input", "kind"])
    title = check.text(title, ["input", "title"], max_length=200)
    description = check.text(description, ["input", "description"], required=False, max_length=5000)
    if kind == SubmissionKind.CHECKLIST:
        if item_code not in {c for c, _, _ in BUILD_CHECKLIST}:
            check.add("INVALID", ["input", "itemCode"])
        else:
            other = await db_session.scalar(select(Submission.id).where(
                Submission.campaign_id == campaign.id, Submission.unit_id == unit.id,
                Submission.kind == SubmissionKind.CHECKLIST, Submission.item_code == item_code,
                *([Submission.id != row.id] if row is not None else [])).limit(1))
            if other is not None:
                check.add("CONFLICT", ["input", "itemCode"], "evaluation.CHECKLIST_ITEM_REPORTED")
    else:
        item_code = None
    if len(evidence) > 20:
        check.add("TOO_MANY", ["input", "evidence"], max=20)
    clean = []
    for n, e in enumerate(evidence[:20]):
        name = check.text(e.get("name"), ["input", "evidence", str(n), "name"], max_length=200)
        note = check.text(e.get("note"), ["input", "evidence", str(n), "note"], required=False, max_length=500)
        clean.append({"name": name, "note": note})
    files = None
    if attachment_ids is not None:
        files = await _evidence_files(db_session, principal, check, tenant_id=unit.tenant_id,
                                      attachment_ids=attachment_ids, owner_column="submission_id",
                                      owner_id=row.id if row else None, field=["input", "attachmentIds"])
    check.raise_if_any()
    if row is None:
        row = Submission(tenant_id=unit.tenant_id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                         kind=kind)
        db_session.add(row)
        action = "evaluation.submit"
    else:
        action = "evaluation.submit_edit"
    row.item_code, row.title, row.description, row.evidence = item_code, title, description, clean
    row.submitted_by_user_id = principal.user_id
    row.submitted_at = utcnow()
    await db_session.flush()
    if files is not None:
        await _set_files(db_session, "submission_id", row.id, files)
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action=action, object_type="submission", object_id=row.id, kind=str(kind),
                 **({"files": [f.id for f in files]} if files is not None else {}))
    await db_session.commit()
    return row


async def delete_submission(*, db_session: AsyncSession, principal: Principal, submission_id: int) -> Submission:
    """Withdraw a submission; its files are unlinked (readable by their uploader only, and purged
    later like any upload never saved with a record)."""
    principal.require_user()
    row = await db_session.get(Submission, submission_id)
    if row is None or row.tenant_id != principal.tenant_id or not principal.can("evaluation", "read", row.unit_path):
        raise DomainError(NOT_FOUND, field=["id"])
    if not principal.can("evaluation", "self_assess", row.unit_path):
        raise DomainError(FORBIDDEN)
    await _set_files(db_session, "submission_id", row.id, [])
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action="evaluation.submit_delete", object_type="submission", object_id=row.id,
                 kind=str(row.kind), title=row.title)
    await db_session.delete(row)
    await db_session.commit()
    return row


async def submissions(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, subtree: bool = False,
    kind: SubmissionKind | None = None,
) -> list[Submission]:
    """A unit's submissions of the year; with `subtree`, also those of every unit under it that the
    viewer may read (the county sees every township's and village's)."""
    unit = await _unit(db_session, principal, unit_id)
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        return []
    query = select(Submission).where(Submission.campaign_id == campaign.id)
    if subtree:
        query = query.where(
            or_(Submission.unit_path == unit.path, Submission.unit_path.like(subtree_pattern(unit.path))),
            principal.subtree_filter(Submission.unit_path, "evaluation", "read"),
        ).order_by(Submission.unit_path, Submission.kind, Submission.id)
    else:
        query = query.where(Submission.unit_id == unit.id).order_by(Submission.kind, Submission.id)
    if kind is not None:
        query = query.where(Submission.kind == kind)
    return list(await db_session.scalars(query))


# ---------------------------------------------------------------------------------------------
# Evidence files (stored by server.attachment; linked here to submissions and self-assessment lines)


async def _evidence_files(
    db_session: AsyncSession, principal: Principal, check: Validator, *, tenant_id: int,
    attachment_ids: list[int], owner_column: str, owner_id: int | None, field: list[str],
) -> list[Attachment] | None:
    """The uploads to link to a record (validated: the uploader's own, unlinked or already this
    record's); None with the refusal noted in `check`."""
    if len(set(attachment_ids)) > attachment_access.MAX_PER_RECORD:
        check.add("TOO_MANY", field, max=attachment_access.MAX_PER_RECORD)
        return None
    found = await attachment_access.unlinked(
        db_session=db_session, tenant_id=tenant_id, user_id=principal.user_id, attachment_ids=attachment_ids,
        owner_column=owner_column, owner_id=owner_id)
    if found is None:
        check.add(NOT_FOUND, field, "error.NOT_FOUND")
        return None
    order = {a: n for n, a in enumerate(dict.fromkeys(attachment_ids))}
    return sorted(found, key=lambda f: order[f.id])


async def _set_files(db_session: AsyncSession, owner_column: str, owner_id: int, files: list[Attachment]) -> None:
    """Link exactly `files` to the record: files no longer listed are let go (unlinked: only their
    uploader can read them, and the purge of unsaved uploads removes them in time)."""
    keep = {f.id for f in files}
    column = getattr(Attachment, owner_column)
    for row in await db_session.scalars(select(Attachment).where(column == owner_id)):
        if row.id not in keep:
            setattr(row, owner_column, None)
    for f in files:
        setattr(f, owner_column, owner_id)
    await db_session.flush()


async def files_of(db_session: AsyncSession, owner_column: str, owner_ids: list[int]) -> dict[int, list[Attachment]]:
    """The files of several records of one kind at once, in upload order."""
    out: dict[int, list[Attachment]] = {i: [] for i in owner_ids}
    if not owner_ids:
        return out
    column = getattr(Attachment, owner_column)
    for row in await db_session.scalars(select(Attachment).where(column.in_(owner_ids)).order_by(Attachment.id)):
        out[getattr(row, owner_column)].append(row)
    return out


async def may_read_evidence(*, db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A file of a submission or a self-assessment line: readable by whoever may read the unit's
    evaluation records (the unit itself, the levels above it, the county's assessors)."""
    if attachment.submission_id is not None:
        row = await db_session.get(Submission, attachment.submission_id)
    elif attachment.self_assessment_id is not None:
        row = await db_session.get(SelfAssessment, attachment.self_assessment_id)
    else:
        return False
    return (row is not None and row.tenant_id == attachment.tenant_id == principal.tenant_id
            and principal.can("evaluation", "read", row.unit_path))


@dataclass(frozen=True)
class SheetLine:
    indicator: Indicator
    points: Decimal | None
    evidence: str | None
    files: list[Attachment]


@dataclass(frozen=True)
class SelfAssessmentSheet:
    unit: Unit
    campaign: Campaign
    lines: list[SheetLine]
    rectifications: list[Rectification]
    declaration_status: str | None


async def self_assessment_sheet(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int
) -> SelfAssessmentSheet | None:
    """A unit's self-assessment against the county's indicator table of the year (None without a
    campaign), with its rectification items and where its declaration stands."""
    unit = await _unit(db_session, principal, unit_id)
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        return None
    table = [i for i in await indicators(db_session=db_session, campaign_id=campaign.id) if i.tier in (None, unit.level)]
    own = {r.indicator_id: r for r in await db_session.scalars(select(SelfAssessment).where(
        SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id))}
    files = await files_of(db_session, "self_assessment_id", [r.id for r in own.values()])
    lines = [SheetLine(i, centi_to_decimal(own[i.id].points_centi) if i.id in own else None,
                       own[i.id].evidence if i.id in own else None, files[own[i.id].id] if i.id in own else [])
             for i in table]
    items = list(await db_session.scalars(select(Rectification).where(
        Rectification.campaign_id == campaign.id, Rectification.unit_id == unit.id).order_by(Rectification.id)))
    status = await db_session.scalar(select(Declaration.status).where(
        Declaration.unit_id == unit.id, Declaration.year == year))
    return SelfAssessmentSheet(unit, campaign, lines, items, str(status) if status else None)


# ---------------------------------------------------------------------------------------------
# The annual review


async def compute_review(*, db_session: AsyncSession, county: Unit, year: int) -> tuple[Config, dict]:
    """Score, grade, rank and 三无 of every township and village of the county, with every input
    kept beside its figure (JSON-ready). Townships rank among townships, villages among villages."""
    config = await current_config(db_session=db_session, tenant_id=county.id)
    units = await _units_of_county(db_session, county)
    by_id = {u.id: u for u in units}
    status = await _sanwu_many(db_session, county.id, units, year, config)
    campaign = await get_campaign(db_session=db_session, tenant_id=county.id, year=year)
    table: dict[int, Indicator] = {}
    self_rows: dict[int, list[SelfAssessment]] = {}
    ratings: dict[tuple[int, RatingKind], list[UnitRating]] = {}
    if campaign is not None:
        table = {i.id: i for i in await indicators(db_session=db_session, campaign_id=campaign.id)}
        for row in await db_session.scalars(select(SelfAssessment).where(SelfAssessment.campaign_id == campaign.id)):
            self_rows.setdefault(row.unit_id, []).append(row)
        for row in await db_session.scalars(
                select(UnitRating).where(UnitRating.campaign_id == campaign.id).order_by(UnitRating.id)):
            ratings.setdefault((row.unit_id, row.kind), []).append(row)
    start, end = _year_bounds(year)
    citizen = await _citizen_ratings(db_session, county.id, units, start, end)
    line_files = await files_of(db_session, "self_assessment_id", [r.id for rows in self_rows.values() for r in rows])

    inputs: dict[int, UnitReviewInput] = {}
    details: dict[int, dict] = {}
    for unit in units:
        result, view = status[unit.id].result, status[unit.id].view
        consequence_incidents = view.counted_for_consequences()
        applicable = [i for i in table.values() if i.tier in (None, unit.level)]
        own = self_rows.get(unit.id, [])
        self_input = None
        if own and applicable:
            earned = sum((centi_to_decimal(r.points_centi) for r in own if r.indicator_id in
                          {i.id for i in applicable}), Decimal(0))
            maximum = sum((centi_to_decimal(i.max_points_centi) for i in applicable), Decimal(0))
            self_input = SelfAssessmentInput(earned=earned, maximum=maximum)
        s, b, d = citizen.get(unit.id, (0, 0, 0))
        raters = ratings.get((unit.id, RatingKind.PUBLIC_RATER), [])
        assessors = ratings.get((unit.id, RatingKind.ASSESSOR), [])
        acc = accountability(config.template, consequence_incidents)
        inputs[unit.id] = UnitReviewInput(
            unit_id=str(unit.id), self_assessment=self_input,
            public=PublicEvaluationInput(satisfied=s, basically_satisfied=b, dissatisfied=d,
                                         rater_scores=tuple(centi_to_decimal(r.score_centi) for r in raters)),
            organisational_scores=tuple(centi_to_decimal(r.score_centi) for r in assessors),
            deductions=incident_deductions(config.template, consequence_incidents), accountability=acc,
        )
        details[unit.id] = {
            "sanwu": plain(result),
            "incidents": explained_incidents(view),
            "consequences": config.template.consequences.value,
            "self_assessment_lines": [
                {"indicator": table[r.indicator_id].code, "name": table[r.indicator_id].name,
                 "points": str(centi_to_decimal(r.points_centi)),
                 "max_points": str(centi_to_decimal(table[r.indicator_id].max_points_centi)),
                 "evidence": r.evidence, "files": [f.filename for f in line_files.get(r.id, [])]}
                for r in own if r.indicator_id in table
            ],
            "public_rater_scores": [{"rating_id": r.id, "score": str(centi_to_decimal(r.score_centi))} for r in raters],
            "assessor_scores": [{"rating_id": r.id, "score": str(centi_to_decimal(r.score_centi))} for r in assessors],
            "citizen_ratings": {"satisfied": s, "basically_satisfied": b, "dissatisfied": d},
        }
    rows = []
    for level in (UnitLevel.TOWNSHIP, UnitLevel.VILLAGE):
        population = [inputs[u.id] for u in units if u.level == level]
        for ranked in review_population(population, config.policy):
            unit = by_id[int(ranked.score.unit_id)]
            sc = ranked.score
            # A part nobody filled leaves the unit incomplete: not graded, ranked apart.
            grade = INCOMPLETE_GRADE if ranked.incomplete else (sc.grade.code, sc.grade.label_zh, sc.grade.label_en)
            rows.append({
                "unit_id": unit.id, "unit_name": unit.name, "unit_path": unit.path, "level": str(unit.level),
                "parent_id": unit.parent_id,
                "score": str(sc.total), "rank": ranked.rank, "grade": grade[0],
                "grade_zh": grade[1], "grade_en": grade[2],
                "incomplete": ranked.incomplete, "missing_parts": list(ranked.missing_parts),
                "sanwu": status[unit.id].result.qualifies, "failed_rules": list(status[unit.id].result.failed_codes),
                "vetoed": sc.vetoed, "veto_reasons": list(sc.veto_reasons),
                "population": f"{level}", "population_size": len(population),
                "breakdown": plain(sc), "inputs": details[unit.id],
            })
    result = {
        "county_id": county.id, "county_name": county.name, "year": year,
        "config_version": config.version, "template_code": config.template.code,
        "template_name_zh": config.template.name_zh, "rows": rows,
    }
    return config, result


def explained_incidents(view: UnitIncidents) -> list[dict]:
    """The review's explanation of a unit's incidents (JSON-ready): each incident judged, with
    the unit(s) it is attributed to and whether it counts for the unit's own consequences."""
    return [
        {"id": int(e.id), "kind": e.kind.value, "occurred_on": e.occurred_on.isoformat(), "headcount": e.headcount,
         "total_headcount": e.total_headcount, "destination": e.destination.value if e.destination else None,
         "units": [{"unit_id": uid, "unit_name": name, "headcount": n} for uid, name, n in e.units],
         "own": e.own, "counts_for_consequences": e.counts_for_consequences}
        for e in explain(view)
    ]


async def _citizen_ratings(
    db_session: AsyncSession, tenant_id: int, units: list[Unit], start: dt.datetime, end: dt.datetime
) -> dict[int, tuple[int, int, int]]:
    """Citizens' ratings (满意度评价) per unit: (满意, 基本满意, 不满意) of the reply rounds answered
    in the period in the unit's subtree, each round with its own rating — the rounds 满意率 counts
    (rates.tally), so the review, the public page and the standard rates agree."""
    counts = await rate_queries.round_counts(db_session, tenant_id, start, end)
    out = {}
    for unit in units:
        r = rate_queries.rounds_under(counts, unit.path)
        out[unit.id] = (r.satisfied, r.basically_satisfied, r.dissatisfied)
    return out


@dataclass(frozen=True)
class ReviewData:
    county: Unit
    year: int
    result: dict
    run_id: int | None  # None: computed live, not stored
    computed_at: dt.datetime
    template: dict
    policy: dict
    # Computed now while a run is stored: what a new run would change against the stored one.
    changes: list[ReviewChange] | None = None
    compared_run_id: int | None = None


async def latest_run(*, db_session: AsyncSession, tenant_id: int, year: int) -> ReviewRun | None:
    return await db_session.scalar(
        select(ReviewRun).where(ReviewRun.tenant_id == tenant_id, ReviewRun.year == year)
        .order_by(ReviewRun.id.desc()).limit(1))


async def annual_review(
    *, db_session: AsyncSession, principal: Principal, county_id: int, year: int, live: bool = False
) -> ReviewData:
    """The county's stored annual review of the year (its latest run), or — when none is stored
    or `live` is asked — the review computed now from the records."""
    _check_year(year)
    county = await _county(db_session, principal, county_id)
    run = await latest_run(db_session=db_session, tenant_id=county.id, year=year)
    if run is not None and not live:
        return ReviewData(county, year, run.result, run.id, run.computed_at, run.template, run.policy)
    config, result = await compute_review(db_session=db_session, county=county, year=year)
    changes = review_changes(run.result["rows"], result["rows"]) if run is not None else None
    return ReviewData(county, year, result, None, utcnow(), config.template.to_dict(), config.policy.to_dict(),
                      changes, run.id if run is not None else None)


async def run_annual_review(
    *, db_session: AsyncSession, principal: Principal, county_id: int, year: int,
    confirm_incomplete: bool = False, note: str | None = None,
) -> ReviewData:
    """Compute and store the annual review with a copy of the template and weights it used.
    A run with incomplete units (a score part nobody filled) is stored only when the county
    confirms it with a note, which the stored run keeps beside its rows."""
    _check_year(year)
    county = await _county(db_session, principal, county_id, "review")
    check = Validator()
    note = check.text(note, ["note"], required=False, max_length=2000)
    check.raise_if_any()
    config, result = await compute_review(db_session=db_session, county=county, year=year)
    incomplete = [r["unit_name"] for r in result["rows"] if r.get("incomplete")]
    if incomplete:
        if not confirm_incomplete:
            raise DomainError("INCOMPLETE_UNITS", "evaluation.INCOMPLETE_UNITS", field=["confirmIncomplete"],
                              count=len(incomplete), units="、".join(incomplete[:10]))
        if note is None:
            raise DomainError("REQUIRED", "evaluation.INCOMPLETE_NOTE", field=["note"])
        result = {**result, "incomplete_confirmation": {"count": len(incomplete), "note": note,
                                                        "by_user_id": principal.user_id}}
    run = ReviewRun(tenant_id=county.id, year=year, config_version=config.version, template=config.template.to_dict(),
                    policy=config.policy.to_dict(), result=result, computed_by_user_id=principal.user_id)
    db_session.add(run)
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                 action="evaluation.review_run", object_type="review_run", object_id=run.id, year=year,
                 config_version=config.version,
                 **({"incomplete": len(incomplete), "note": note} if incomplete else {}))
    await db_session.commit()
    return ReviewData(county, year, result, run.id, run.computed_at, run.template, run.policy)


async def unit_review(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int) -> ReviewData | None:
    """The county's stored annual review as a unit sees it: only the rows of the unit's subtree
    that the viewer may read (a township: itself and its villages; a village: itself; the county:
    every row), each with its score, grade, rank (among the whole county), 三无 and inputs.
    None until the county has stored a run — a township never sees a review still being computed."""
    _check_year(year)
    unit = await _unit(db_session, principal, unit_id)
    run = await latest_run(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if run is None:
        return None
    visible = set(await db_session.scalars(select(Unit.id).where(
        Unit.tenant_id == unit.tenant_id,
        or_(Unit.id == unit.id, Unit.path.like(subtree_pattern(unit.path))),
        principal.subtree_filter(Unit.path, "evaluation", "read"))))
    result = {**run.result, "rows": [r for r in run.result["rows"] if r["unit_id"] in visible]}
    county = await db_session.get(Unit, unit.tenant_id)
    return ReviewData(county, year, result, run.id, run.computed_at, run.template, run.policy)


# ---------------------------------------------------------------------------------------------
# Public transparency (阳光信访): aggregates only


@dataclass(frozen=True)
class PublicUnitRow:
    name: str
    level: str
    parent_name: str | None
    sanwu: bool
    rated: int
    satisfaction_percent: Decimal | None


async def public_counties(*, db_session: AsyncSession) -> list[Unit]:
    rows = await db_session.scalars(select(Unit).where(Unit.level == UnitLevel.COUNTY, Unit.tenant_id == Unit.id)
                                    .order_by(Unit.path))
    return list(rows)


async def public_overview(*, db_session: AsyncSession, county_id: int, year: int) -> tuple[Unit, list[PublicUnitRow]]:
    """Per unit of a county: "三无" status and the citizens' satisfaction of the year — counts
    and percentages only. No sign-in: nothing here names a person or a matter."""
    _check_year(year)
    county = await db_session.get(Unit, county_id)
    if county is None or county.level != UnitLevel.COUNTY or county.tenant_id != county.id:
        raise DomainError(NOT_FOUND)
    config = await current_config(db_session=db_session, tenant_id=county.id)
    units = [county, *await _units_of_county(db_session, county)]
    status = await _sanwu_many(db_session, county.id, units, year, config)
    start, end = _year_bounds(year)
    citizen = await _citizen_ratings(db_session, county.id, units, start, end)
    names = {u.id: u.name for u in units}
    rows = []
    for unit in units:
        s, b, d = citizen[unit.id]
        rated = s + b + d
        rows.append(PublicUnitRow(
            unit.name, str(unit.level), names.get(unit.parent_id), status[unit.id].result.qualifies, rated,
            rates_rules._pct(s + b, rated)))
    return county, rows


attachment_access.register_reader(
    "submission_id", "self_assessment_id",
    may_read=lambda db_session, principal, attachment: may_read_evidence(
        db_session=db_session, principal=principal, attachment=attachment),
)

"""Use cases of the evaluation settings editor: the versions of a county's "三无" rule template and
scoring policy with who saved them and which stored reviews used them, a preview of what an edit
would change this year, and saving an edit as a new version ("applies from now on").

Saving goes through `server.evaluation.config.set_config` (one transaction, an audit record); this
module adds what an editor needs around it: every field problem at once in the reader's language
(`settings_rules.form.check_settings`), a refusal when someone else saved meanwhile, and no empty
versions. Stored review runs keep their own copy of the template and policy, so history keeps the
settings each review was computed with.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.models import User
from server.auth.principal import Principal
from server.dates import china_today
from server.errors import CONFLICT, FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.evaluation.config import current_config, set_config
from server.evaluation.models import EvaluationConfig, ReviewRun
from server.evaluation.review.compute import compute_review
from server.evaluation.review.result import ReviewInputs, ReviewRow
from server.evaluation.sanwu.rules import accountability, evaluate_sanwu, incident_deductions, targets_progress
from server.evaluation.sanwu.service import overdue_backlog
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.templates import DEFAULT_TEMPLATE_CODE, built_in_template
from server.evaluation.sanwu.vocabulary import IncidentKind, SanwuIncident, UnitTier
from server.evaluation.scoring.parts import PublicEvaluationInput, SelfAssessmentInput
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY, ScoringPolicy
from server.evaluation.scoring.units import UnitReviewInput
from server.evaluation.scoring.units import annual_review as score_population
from server.evaluation.settings_rules.form import add_to, check_settings
from server.unit.models import Unit, UnitLevel

NOTE_MAX = 500


def this_year() -> int:
    return china_today().year


async def _county(db_session: AsyncSession, principal: Principal, county_id: int, *, change: bool) -> Unit:
    """The viewer's county, when they may configure its evaluation (or, to read, review it)."""
    principal.require_user()
    unit = await db_session.get(Unit, county_id)
    if unit is None or unit.level != UnitLevel.COUNTY or unit.tenant_id is None \
            or unit.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND)
    acts = ("configure",) if change else ("configure", "read")
    if not any(principal.can("evaluation", act, unit.path) for act in acts):
        raise DomainError(FORBIDDEN)
    return unit


# ---------------------------------------------------------------------------------------------
# Versions


@dataclass(frozen=True)
class RunUse:
    id: int
    year: int
    computed_at: dt.datetime


@dataclass(frozen=True)
class Version:
    version: int  # 0: the built-in defaults, in force until a first version is saved
    template: dict
    policy: dict
    note: str | None
    created_at: dt.datetime | None
    created_by: User | None
    current: bool
    review_runs: list[RunUse]


async def versions(*, db_session: AsyncSession, principal: Principal, county_id: int) -> list[Version]:
    """Every version of the county's settings, newest (the one in force) first, ending with the
    built-in defaults (version 0); each with who saved it and the stored reviews computed with it."""
    county = await _county(db_session, principal, county_id, change=False)
    rows = list(await db_session.execute(
        select(EvaluationConfig, User).outerjoin(User, User.id == EvaluationConfig.created_by_user_id)
        .where(EvaluationConfig.tenant_id == county.id).order_by(EvaluationConfig.version.desc())
    ))
    runs: dict[int, list[RunUse]] = {}
    for run_id, version, year, at in await db_session.execute(
        select(ReviewRun.id, ReviewRun.config_version, ReviewRun.year, ReviewRun.computed_at)
        .where(ReviewRun.tenant_id == county.id).order_by(ReviewRun.computed_at.desc(), ReviewRun.id.desc())
    ):
        runs.setdefault(version, []).append(RunUse(run_id, year, at))
    out = [
        Version(config.version, config.template, config.policy, config.note, config.created_at, user,
                n == 0, runs.get(config.version, []))
        for n, (config, user) in enumerate(rows)
    ]
    out.append(Version(0, built_in_template(DEFAULT_TEMPLATE_CODE).to_dict(), DEFAULT_SCORING_POLICY.to_dict(),
                       None, None, None, not rows, runs.get(0, [])))
    return out


# ---------------------------------------------------------------------------------------------
# Checking a draft


def _problems(template: Any, policy: Any, note: str | None = None) -> Validator:
    check = Validator()
    add_to(check, check_settings(template, policy))
    check.text(note, ["input", "note"], required=False, max_length=NOTE_MAX)
    return check


# ---------------------------------------------------------------------------------------------
# Preview: what the draft would change this year


@dataclass(frozen=True)
class UnitEffect:
    unit_id: int
    population: str  # TOWNSHIP / VILLAGE
    sanwu_before: bool
    sanwu_after: bool
    failed_after: list[tuple[str, str]]  # (label_zh, label_en) of the criteria that would fail
    vetoed_before: bool
    vetoed_after: bool
    score_before: Decimal
    score_after: Decimal
    grade_before: tuple[str, str]  # (zh, en)
    grade_after: tuple[str, str]
    rank_before: int
    rank_after: int

    @property
    def changed(self) -> bool:
        return (self.sanwu_before, self.vetoed_before, self.score_before, self.grade_before, self.rank_before) != (
            self.sanwu_after, self.vetoed_after, self.score_after, self.grade_after, self.rank_after)


@dataclass(frozen=True)
class TargetEffect:
    scope_unit_id: int
    tier: UnitTier
    total: int
    qualifying_before: int
    qualifying_after: int
    actual_before: Decimal | None
    actual_after: Decimal | None
    target_before: Decimal | None
    target_after: Decimal | None
    met_before: bool | None
    met_after: bool | None


@dataclass(frozen=True)
class Preview:
    year: int
    units: int
    sanwu_before: int
    sanwu_after: int
    vetoed_before: int
    vetoed_after: int
    effects: list[UnitEffect]  # only the units where something changes
    targets: list[TargetEffect]


def _incidents(inputs: ReviewInputs) -> list[SanwuIncident]:
    return [SanwuIncident(id=str(i.id), kind=IncidentKind(i.kind), headcount=max(1, i.headcount or 1),
                          occurred_on=dt.date.fromisoformat(i.occurred_on)) for i in inputs.incidents]


def _review_input(row: ReviewRow, template: SanwuRule, incidents: list[SanwuIncident]) -> UnitReviewInput:
    """The same inputs the stored figures came from (kept in the row's breakdown), judged under
    the draft template: only deductions and accountability depend on it."""
    b = row.breakdown
    sa = b["self_assessment"]
    pub = b["public"]
    return UnitReviewInput(
        unit_id=str(row.unit_id),
        self_assessment=None if sa["missing"] else SelfAssessmentInput(earned=sa["earned"], maximum=sa["maximum"]),
        public=PublicEvaluationInput(satisfied=pub["satisfied"], basically_satisfied=pub["basically_satisfied"],
                                     dissatisfied=pub["dissatisfied"], rater_scores=tuple(pub["rater_scores"])),
        organisational_scores=tuple(b["organisational"]["scores"]),
        deductions=incident_deductions(template, incidents), accountability=accountability(template, incidents),
    )


def _targets(units: Iterable[Unit], before: dict[int, bool], after: dict[int, bool], county: Unit,
             old: SanwuRule, new: SanwuRule) -> list[TargetEffect]:
    units = list(units)
    out: list[TargetEffect] = []

    def add(scope: Unit, tier: UnitTier, members: list[Unit], per_township: bool) -> None:
        def progress(rule: SanwuRule, status: dict[int, bool]):
            target = rule.target(tier)
            applies = target is not None and (target.scope == UnitTier.TOWNSHIP) == per_township
            p = targets_progress(rule, tier, sum(1 for m in members if status[m.id]), len(members))
            return p, applies

        (pb, ab), (pa, aa) = progress(old, before), progress(new, after)
        out.append(TargetEffect(scope.id, tier, len(members), pb.qualifying_count, pa.qualifying_count,
                                pb.actual_percent, pa.actual_percent,
                                pb.target_percent if ab else None, pa.target_percent if aa else None,
                                pb.met if ab else None, pa.met if aa else None))

    add(county, UnitTier.TOWNSHIP, [u for u in units if u.level == UnitLevel.TOWNSHIP], False)
    add(county, UnitTier.VILLAGE, [u for u in units if u.level == UnitLevel.VILLAGE], False)
    if any(r.target(UnitTier.VILLAGE) is not None and r.target(UnitTier.VILLAGE).scope == UnitTier.TOWNSHIP
           for r in (old, new)):
        for township in (u for u in units if u.level == UnitLevel.TOWNSHIP):
            add(township, UnitTier.VILLAGE, [u for u in units if u.parent_id == township.id], True)
    return out


async def preview(
    *, db_session: AsyncSession, principal: Principal, county_id: int, template: Any, policy: Any,
    year: int | None = None,
) -> Preview:
    """What the draft would change in `year` (default: this year) against the settings in force:
    which townships and villages would gain or lose 三无, be vetoed, or move in score, grade or
    rank, and the progress to the targets. Computes the live review once and re-judges its
    inputs with the pure rules; changes nothing. Refuses a draft with problems (field errors)."""
    county = await _county(db_session, principal, county_id, change=True)
    year = this_year() if year is None else year
    if not 2000 <= year <= 2100:
        raise DomainError("OUT_OF_RANGE", field=["input", "year"], min=2000, max=2100)
    _problems(template, policy).raise_if_any()
    new_rule, new_policy = SanwuRule.from_dict(template), ScoringPolicy.from_dict(policy)
    config, review = await compute_review(db_session=db_session, county=county, year=year)
    rows = review.rows
    units = {u.id: u for u in await db_session.scalars(
        select(Unit).where(Unit.id.in_([r.unit_id for r in rows])))}
    backlog: dict[int, int] = {}
    if any(c.is_backlog for tier in (UnitTier.TOWNSHIP, UnitTier.VILLAGE) for c in new_rule.criteria(tier)):
        backlog = await overdue_backlog(db_session=db_session, tenant_id=county.id, units=list(units.values()))

    after_status: dict[int, Any] = {}
    after_scores: dict[int, Any] = {}
    for population in ("TOWNSHIP", "VILLAGE"):
        members = [r for r in rows if r.population == population]
        inputs = []
        for row in members:
            incidents = _incidents(row.inputs)
            after_status[row.unit_id] = evaluate_sanwu(new_rule, UnitTier(population), incidents,
                                                       backlog.get(row.unit_id, 0))
            inputs.append(_review_input(row, new_rule, incidents))
        for ranked in score_population(inputs, new_policy):
            after_scores[int(ranked.score.unit_id)] = ranked

    effects: list[UnitEffect] = []
    for row in rows:
        status, ranked = after_status[row.unit_id], after_scores[row.unit_id]
        effect = UnitEffect(
            unit_id=row.unit_id, population=row.population,
            sanwu_before=row.sanwu, sanwu_after=status.qualifies,
            failed_after=[(c.label_zh, c.label_en) for c in status.failed],
            vetoed_before=row.vetoed, vetoed_after=ranked.score.vetoed,
            score_before=row.score, score_after=ranked.score.total,
            grade_before=(row.grade_zh, row.grade_en),
            grade_after=(ranked.score.grade.label_zh, ranked.score.grade.label_en),
            rank_before=row.rank, rank_after=ranked.rank,
        )
        if effect.changed:
            effects.append(effect)
    effects.sort(key=lambda e: (e.sanwu_before == e.sanwu_after, e.vetoed_before == e.vetoed_after,
                                e.grade_before == e.grade_after, -abs(e.score_after - e.score_before),
                                units[e.unit_id].path))
    before = {r.unit_id: r.sanwu for r in rows}
    after = {u: s.qualifies for u, s in after_status.items()}
    return Preview(
        year=year, units=len(rows),
        sanwu_before=sum(before.values()), sanwu_after=sum(after.values()),
        vetoed_before=sum(1 for r in rows if r.vetoed),
        vetoed_after=sum(1 for r in after_scores.values() if r.score.vetoed),
        effects=effects,
        targets=_targets(sorted(units.values(), key=lambda u: u.path), before, after, county,
                         config.template, new_rule),
    )


# ---------------------------------------------------------------------------------------------
# Saving


async def save(
    *, db_session: AsyncSession, principal: Principal, county_id: int, base_version: int, template: Any,
    policy: Any, note: str | None = None,
) -> Version:
    """Save the edited template and policy as the county's next version. Refused, with every field
    problem at once, when a value is bad; refused (CONFLICT) when the version in force is no longer
    `base_version`, the one the editor showed its changes against; refused when nothing changed."""
    county = await _county(db_session, principal, county_id, change=True)
    _problems(template, policy, note).raise_if_any()
    current = await current_config(db_session=db_session, tenant_id=county.id)
    if base_version != current.version:
        raise DomainError(CONFLICT, "evaluationSettings.STALE", field=["input", "baseVersion"],
                          version=current.version)
    rule, scoring = SanwuRule.from_dict(template), ScoringPolicy.from_dict(policy)
    if rule == current.template and scoring == current.policy:
        raise DomainError("NO_CHANGE", "evaluationSettings.NO_CHANGE")
    try:
        config = await set_config(db_session=db_session, principal=principal, county_id=county.id,
                                          template=rule.to_dict(), policy=scoring.to_dict(), note=note)
    except IntegrityError:
        # Two editors saved the same next version at once: the other one won.
        await db_session.rollback()
        latest = await db_session.scalar(
            select(func.max(EvaluationConfig.version)).where(EvaluationConfig.tenant_id == county.id))
        raise DomainError(CONFLICT, "evaluationSettings.STALE", field=["input", "baseVersion"],
                          version=latest or 0) from None
    user = await db_session.get(User, principal.user_id)
    return Version(config.version, rule.to_dict(), scoring.to_dict(), (note or "").strip() or None,
                   config.created_at, user, True, [])

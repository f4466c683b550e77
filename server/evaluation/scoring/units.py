"""A unit's annual-review score and grade, and the ranking of a population of units.

A unit's score (0–100 before deductions):

    total = max(0, Σ round2(weight × part) − incident deductions)

with the three parts of `server.evaluation.scoring.parts`. A missing part scores 0 and is marked,
rather than having its weight moved to the others, so units are always scored on the same weights
and a missing assessment shows as one.

Veto (一票否决): the grade is forced to the lowest band and the unit is flagged; its score is still
computed and shown. Ranking is standard competition ranking ("1, 2, 2, 4") on the shown total;
vetoed units rank after every unit that is not vetoed. Ties are not broken — equal shown totals
share a rank, because a rank must be explainable from the numbers shown; within a tie, units keep
the order they were passed in (pass them sorted by unit code for a stable listing).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from server.evaluation.sanwu.rules import AccountabilityOutcome, IncidentDeductions
from server.evaluation.scoring.numbers import ZERO
from server.evaluation.scoring.parts import (
    OrganisationalScore,
    PublicEvaluationInput,
    PublicEvaluationScore,
    SelfAssessmentInput,
    SelfAssessmentScore,
    organisational_score,
    public_score,
    self_assessment_score,
)
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY, GradeBand, ScoringPolicy
from server.evaluation.values import round2


@dataclass(frozen=True)
class UnitReviewInput:
    unit_id: str
    self_assessment: SelfAssessmentInput | None
    public: PublicEvaluationInput
    organisational_scores: tuple[Decimal | int | str, ...]  # county assessors' scores, 0–100 each
    deductions: IncidentDeductions = field(default_factory=IncidentDeductions.none)
    accountability: AccountabilityOutcome | None = None  # a VETO outcome vetoes the unit
    other_veto_reasons: tuple[str, ...] = ()  # e.g. a county's own 否决 item, as a code or short text


@dataclass(frozen=True)
class WeightedPart:
    code: str  # SELF_ASSESSMENT, PUBLIC_EVALUATION, ORGANISATIONAL_ASSESSMENT
    label_zh: str
    label_en: str
    weight: Decimal
    score: Decimal
    weighted: Decimal  # round2(weight × score)
    missing: bool


@dataclass(frozen=True)
class UnitScore:
    unit_id: str
    self_assessment: SelfAssessmentScore
    public: PublicEvaluationScore
    organisational: OrganisationalScore
    parts: tuple[WeightedPart, ...]
    subtotal: Decimal  # Σ weighted
    deductions: IncidentDeductions
    total: Decimal  # max(0, subtotal − deductions.total)
    vetoed: bool
    veto_reasons: tuple[str, ...]
    accountability: AccountabilityOutcome | None
    grade: GradeBand
    formula: str


def score_unit(data: UnitReviewInput, policy: ScoringPolicy = DEFAULT_SCORING_POLICY) -> UnitScore:
    """One unit's annual-review score, grade and veto, with every input kept beside its result."""
    self_score = self_assessment_score(data.self_assessment)
    public = public_score(data.public, policy)
    organisational = organisational_score(data.organisational_scores)
    parts = tuple(
        WeightedPart(code, zh, en, weight, part.score, round2(weight * part.score), part.missing)
        for code, zh, en, weight, part in (
            ("SELF_ASSESSMENT", "自查自评", "Self-assessment", policy.self_assessment_weight, self_score),
            ("PUBLIC_EVALUATION", "群众点评", "Public evaluation", policy.public_weight, public),
            ("ORGANISATIONAL_ASSESSMENT", "组织考评", "Organisational assessment",
             policy.organisational_weight, organisational),
        )
    )
    subtotal = sum((p.weighted for p in parts), ZERO)
    total = max(ZERO, subtotal - data.deductions.total)
    reasons = tuple(data.other_veto_reasons)
    if data.accountability is not None and data.accountability.vetoed:
        reasons = ("ACCOUNTABILITY_VETO", *reasons)  # seed 003 一票否决
    vetoed = bool(reasons)
    grade = policy.lowest_grade if vetoed else policy.grade_for(total)
    formula = " + ".join(f"{p.weight} × {p.score}" for p in parts)
    formula = f"{formula} = {subtotal}; {subtotal} − {data.deductions.total} = {total}"
    return UnitScore(data.unit_id, self_score, public, organisational, parts, subtotal, data.deductions, total,
                     vetoed, reasons, data.accountability, grade, formula)


@dataclass(frozen=True)
class RankedUnit:
    rank: int
    score: UnitScore


def rank_units(scores: Iterable[UnitScore]) -> tuple[RankedUnit, ...]:
    """Standard competition ranking ("1, 2, 2, 4") on the shown total, vetoed units last.
    Rank within one population (the county's townships, or its villages); the caller groups."""
    def standing(s: UnitScore) -> tuple[bool, Decimal]:
        return (s.vetoed, -s.total)

    ordered = sorted(scores, key=standing)  # stable: a tie keeps the callers' order
    ranked: list[RankedUnit] = []
    for position, score in enumerate(ordered, start=1):
        tied = ranked and standing(ranked[-1].score) == standing(score)
        ranked.append(RankedUnit(ranked[-1].rank if tied else position, score))
    return tuple(ranked)


def annual_review(
    units: Iterable[UnitReviewInput], policy: ScoringPolicy = DEFAULT_SCORING_POLICY
) -> tuple[RankedUnit, ...]:
    """Score and rank one population of units."""
    units = tuple(units)
    ids = [u.unit_id for u in units]
    if len(set(ids)) != len(ids):
        raise ValueError("a unit is listed twice")
    return rank_units(score_unit(u, policy) for u in units)

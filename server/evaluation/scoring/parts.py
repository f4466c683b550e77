"""The three parts of a unit's score, each on 0–100, with the inputs they are computed from:
- self-assessment 自查自评: points earned ÷ points available × 100;
- public evaluation 群众点评: citizens' satisfaction rate ((满意 + 基本满意) ÷ ratings × 100) and the
  invited raters' (两代表一委员, 居民代表) average, mixed by `citizen_share`; when one of the two
  has no ratings the other stands for the whole part (a village without petitions has nobody to
  rate it and is not punished for that); with neither, the part scores 0 and is marked missing;
- organisational assessment 组织考评: the average of the county assessors' scores.
A missing part scores 0 and is marked (how it weighs in: `server.evaluation.scoring.units`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from server.evaluation.scoring.numbers import HUNDRED, ZERO, count, number, score_0_100
from server.evaluation.scoring.policy import ScoringPolicy
from server.evaluation.values import round2


@dataclass(frozen=True)
class SelfAssessmentInput:
    earned: Decimal | int | str  # points the unit earned on the county's indicator table …
    maximum: Decimal | int | str  # … out of the points available


@dataclass(frozen=True)
class PublicEvaluationInput:
    satisfied: int = 0  # citizens' ratings of the unit's replies: 满意
    basically_satisfied: int = 0  # 基本满意
    dissatisfied: int = 0  # 不满意
    rater_scores: tuple[Decimal | int | str, ...] = ()  # invited raters' scores, 0–100 each



@dataclass(frozen=True)
class SelfAssessmentScore:
    earned: Decimal
    maximum: Decimal
    score: Decimal  # earned ÷ maximum × 100, two decimals
    missing: bool
    formula: str


@dataclass(frozen=True)
class PublicEvaluationScore:
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    rated: int
    satisfaction_rate: Decimal | None  # (满意 + 基本满意) ÷ rated × 100; None without ratings
    rater_scores: tuple[Decimal, ...]
    rater_average: Decimal | None  # None without invited raters
    citizen_share: Decimal  # the share actually applied (1 or 0 when one side is missing)
    score: Decimal
    missing: bool
    formula: str


@dataclass(frozen=True)
class OrganisationalScore:
    scores: tuple[Decimal, ...]
    score: Decimal  # their average, two decimals
    missing: bool
    formula: str



def _average(values: Sequence[Decimal]) -> Decimal:
    return round2(sum(values, Decimal(0)) / len(values))


def self_assessment_score(data: SelfAssessmentInput | None) -> SelfAssessmentScore:
    if data is None:
        return SelfAssessmentScore(ZERO, ZERO, ZERO, True, "no self-assessment")
    earned, maximum = number(data.earned, "self_assessment.earned"), number(data.maximum, "self_assessment.maximum")
    if maximum == 0:
        raise ValueError("self_assessment.maximum must be more than 0")
    if earned > maximum:
        raise ValueError(f"self_assessment.earned {earned} exceeds maximum {maximum}")
    score = round2(earned * HUNDRED / maximum)
    return SelfAssessmentScore(earned, maximum, score, False, f"{earned} / {maximum} × 100 = {score}")


def public_score(data: PublicEvaluationInput, policy: ScoringPolicy) -> PublicEvaluationScore:
    satisfied = count(data.satisfied, "public.satisfied")
    basic = count(data.basically_satisfied, "public.basically_satisfied")
    dissatisfied = count(data.dissatisfied, "public.dissatisfied")
    raters = tuple(score_0_100(s, f"public.rater_scores[{n}]") for n, s in enumerate(data.rater_scores))
    rated = satisfied + basic + dissatisfied
    rate = round2(Decimal(satisfied + basic) * HUNDRED / rated) if rated else None
    average = _average(raters) if raters else None
    if rate is not None and average is not None:
        share = policy.citizen_share
        score = round2(share * rate + (1 - share) * average)
        formula = f"{share} × {rate} + {1 - share} × {average} = {score}"
    elif rate is not None:
        share, score, formula = Decimal(1), rate, f"citizens only: {rate}"
    elif average is not None:
        share, score, formula = Decimal(0), average, f"invited raters only: {average}"
    else:
        share, score, formula = Decimal(0), ZERO, "no ratings"
    steps = []
    if rate is not None:
        steps.append(f"citizens ({satisfied} + {basic}) / {rated} × 100 = {rate}")
    if average is not None:
        steps.append(f"raters ({' + '.join(map(str, raters))}) / {len(raters)} = {average}")
    formula = "; ".join([*steps, formula])
    return PublicEvaluationScore(satisfied, basic, dissatisfied, rated, rate, raters, average, share, score,
                                 rate is None and average is None, formula)


def organisational_score(scores: Sequence[Decimal | int | str]) -> OrganisationalScore:
    checked = tuple(score_0_100(s, f"organisational_scores[{n}]") for n, s in enumerate(scores))
    if not checked:
        return OrganisationalScore((), ZERO, True, "no organisational assessment")
    score = _average(checked)
    return OrganisationalScore(checked, score, False, f"({' + '.join(map(str, checked))}) / {len(checked)} = {score}")

"""Annual review scoring (评: 自查自评, 群众点评, 组织考评) and the county's standard rates. Pure.

Numbers are `Decimal`. Every figure that is shown is rounded to two decimals, half up
(`round2`: 87.665 → 87.67), and the next step is computed from the *shown* figure, so that the
breakdown the UI prints adds up exactly: a part's weighted points are round2(weight × shown part
score), the subtotal is the sum of the shown weighted points, and so on. Grades are decided on the
shown total, so a unit shown with 90.00 is never graded below a 90 threshold.

A unit's score (0–100 before deductions):

    total = max(0, Σ round2(weight × part) − incident deductions)

with three parts, each on 0–100:
- self-assessment 自查自评: points earned ÷ points available × 100;
- public evaluation 群众点评: citizens' satisfaction rate ((满意 + 基本满意) ÷ ratings × 100) and the
  invited raters' (两代表一委员, 居民代表) average, mixed by `citizen_share`; when one of the two
  has no ratings the other stands for the whole part (a village without petitions has nobody to
  rate it and is not punished for that); with neither, the part scores 0 and is marked missing;
- organisational assessment 组织考评: the average of the county assessors' scores.
A missing part scores 0 and is marked, rather than having its weight moved to the others, so
units are always scored on the same weights and a missing assessment shows as one.

Default weights (seeds 004 names the three means but gives no weights; a county sets its own in
`ScoringPolicy`, and they must sum to 1): self-assessment 0.30, public evaluation 0.30,
organisational assessment 0.40 — the county's own checked assessment weighs most. Default grades:
优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below.

Veto (一票否决): the grade is forced to the lowest band and the unit is flagged; its score is still
computed and shown. Ranking is standard competition ranking ("1, 2, 2, 4") on the shown total;
vetoed units rank after every unit that is not vetoed. Ties are not broken — equal shown totals
share a rank, because a rank must be explainable from the numbers shown; within a tie, units keep
the order they were passed in (pass them sorted by unit code for a stable listing).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from server.evaluation.sanwu.parsing import TemplateError, parse_decimal, parse_keys, parse_text
from server.evaluation.sanwu.rules import AccountabilityOutcome, IncidentDeductions
from server.evaluation.values import round2

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


class ScoringPolicyError(TemplateError):
    """An invalid scoring policy; `path` points at the field."""


def _num(value: Any, name: str) -> Decimal:
    """A non-negative Decimal from int, str, Decimal (or a float, through its shortest repr)."""
    try:
        return parse_decimal(value, name)
    except TemplateError as error:
        raise ValueError(f"{name}: {error.message}") from None


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def _score_0_100(value: Any, name: str) -> Decimal:
    score = _num(value, name)
    if score > HUNDRED:
        raise ValueError(f"{name} must be at most 100, got {score}")
    return score


# ---------------------------------------------------------------------------------------------
# Policy


@dataclass(frozen=True)
class GradeBand:
    code: str
    label_zh: str
    label_en: str
    min_score: Decimal  # the band holds shown totals ≥ min_score (and below the band above)


DEFAULT_GRADES = (
    GradeBand("EXCELLENT", "优秀", "Excellent", Decimal("90")),
    GradeBand("GOOD", "良好", "Good", Decimal("80")),
    GradeBand("PASS", "合格", "Pass", Decimal("60")),
    GradeBand("FAIL", "不合格", "Fail", Decimal("0")),
)


@dataclass(frozen=True)
class RatePoints:
    """Points per standard rate (county assessment rules in use: 及时受理率 × 5, 按期答复率 × 10,
    参评群众满意率 × 10, 群众参评率 × 5) and the deduction per repeat petition (重信重访; no
    figure in the seeds: 0.5 by default)."""

    timely_acceptance: Decimal = Decimal("5")
    on_time_reply: Decimal = Decimal("10")
    satisfaction: Decimal = Decimal("10")
    participation: Decimal = Decimal("5")
    repeat_petition_deduction: Decimal = Decimal("0.5")


@dataclass(frozen=True)
class ScoringPolicy:
    """What a county sets for its annual review (stored as `to_dict()` JSON)."""

    self_assessment_weight: Decimal = Decimal("0.30")
    public_weight: Decimal = Decimal("0.30")
    organisational_weight: Decimal = Decimal("0.40")
    citizen_share: Decimal = Decimal("0.50")  # of the public part; the invited raters have the rest
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES  # highest first; the last starts at 0
    rate_points: RatePoints = field(default_factory=RatePoints)

    def __post_init__(self) -> None:
        _parse_policy(self.to_dict())  # one set of checks for built and stored policies

    @property
    def lowest_grade(self) -> GradeBand:
        return self.grades[-1]

    def grade_for(self, total: Decimal) -> GradeBand:
        return next(band for band in self.grades if total >= band.min_score)

    def to_dict(self) -> dict[str, Any]:
        rp = self.rate_points
        return {
            "weights": {
                "self_assessment": str(self.self_assessment_weight),
                "public_evaluation": str(self.public_weight),
                "organisational_assessment": str(self.organisational_weight),
            },
            "citizen_share": str(self.citizen_share),
            "grades": [
                {"code": g.code, "label_zh": g.label_zh, "label_en": g.label_en, "min_score": str(g.min_score)}
                for g in self.grades
            ],
            "rate_points": {
                "timely_acceptance": str(rp.timely_acceptance),
                "on_time_reply": str(rp.on_time_reply),
                "satisfaction": str(rp.satisfaction),
                "participation": str(rp.participation),
                "repeat_petition_deduction": str(rp.repeat_petition_deduction),
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoringPolicy:
        return _parse_policy(data)


def _parse_policy(data: Mapping[str, Any]) -> ScoringPolicy:
    try:
        parse_keys(data, "", {"weights", "citizen_share", "grades", "rate_points"})
        w = parse_keys(data["weights"], "weights", {"self_assessment", "public_evaluation", "organisational_assessment"})
        weights = {k: parse_decimal(v, f"weights.{k}") for k, v in w.items()}
        if sum(weights.values()) != 1:
            raise ScoringPolicyError("weights", f"must sum to 1, not {sum(weights.values())}")
        share = parse_decimal(data["citizen_share"], "citizen_share")
        if share > 1:
            raise ScoringPolicyError("citizen_share", "expected a share between 0 and 1")
        if not isinstance(data["grades"], list | tuple) or not data["grades"]:
            raise ScoringPolicyError("grades", "expected a non-empty list, highest band first")
        grades: list[GradeBand] = []
        for n, g in enumerate(data["grades"]):
            path = f"grades[{n}]"
            parse_keys(g, path, {"code", "label_zh", "label_en", "min_score"})
            band = GradeBand(parse_text(g["code"], f"{path}.code"), parse_text(g["label_zh"], f"{path}.label_zh"),
                             parse_text(g["label_en"], f"{path}.label_en"), parse_decimal(g["min_score"], f"{path}.min_score"))
            if grades and band.min_score >= grades[-1].min_score:
                raise ScoringPolicyError(f"{path}.min_score", "bands must be listed highest first")
            if any(b.code == band.code for b in grades):
                raise ScoringPolicyError(f"{path}.code", "grade codes must be unique")
            grades.append(band)
        if grades[-1].min_score != 0:
            # Every total needs a grade, and a veto needs a band to fall to.
            raise ScoringPolicyError(f"grades[{len(grades) - 1}].min_score", "the lowest band must start at 0")
        r = parse_keys(data["rate_points"], "rate_points", {
            "timely_acceptance", "on_time_reply", "satisfaction", "participation", "repeat_petition_deduction"})
        rate_points = RatePoints(**{k: parse_decimal(v, f"rate_points.{k}") for k, v in r.items()})
    except TemplateError as error:
        if isinstance(error, ScoringPolicyError):
            raise
        raise ScoringPolicyError(error.path, error.message) from None
    policy = object.__new__(ScoringPolicy)  # skip __post_init__: this *is* the validation
    for name, value in {
        "self_assessment_weight": weights["self_assessment"],
        "public_weight": weights["public_evaluation"],
        "organisational_weight": weights["organisational_assessment"],
        "citizen_share": share,
        "grades": tuple(grades),
        "rate_points": rate_points,
    }.items():
        object.__setattr__(policy, name, value)
    return policy


DEFAULT_SCORING_POLICY = ScoringPolicy()


# ---------------------------------------------------------------------------------------------
# A unit's score


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
class UnitReviewInput:
    unit_id: str
    self_assessment: SelfAssessmentInput | None
    public: PublicEvaluationInput
    organisational_scores: tuple[Decimal | int | str, ...]  # county assessors' scores, 0–100 each
    deductions: IncidentDeductions = field(default_factory=IncidentDeductions.none)
    accountability: AccountabilityOutcome | None = None  # a VETO outcome vetoes the unit
    other_veto_reasons: tuple[str, ...] = ()  # e.g. a county's own 否决 item, as a code or short text


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


def _average(values: Sequence[Decimal]) -> Decimal:
    return round2(sum(values, Decimal(0)) / len(values))


def _self_assessment(data: SelfAssessmentInput | None) -> SelfAssessmentScore:
    if data is None:
        return SelfAssessmentScore(ZERO, ZERO, ZERO, True, "no self-assessment")
    earned, maximum = _num(data.earned, "self_assessment.earned"), _num(data.maximum, "self_assessment.maximum")
    if maximum == 0:
        raise ValueError("self_assessment.maximum must be more than 0")
    if earned > maximum:
        raise ValueError(f"self_assessment.earned {earned} exceeds maximum {maximum}")
    score = round2(earned * HUNDRED / maximum)
    return SelfAssessmentScore(earned, maximum, score, False, f"{earned} / {maximum} × 100 = {score}")


def _public(data: PublicEvaluationInput, policy: ScoringPolicy) -> PublicEvaluationScore:
    satisfied = _count(data.satisfied, "public.satisfied")
    basic = _count(data.basically_satisfied, "public.basically_satisfied")
    dissatisfied = _count(data.dissatisfied, "public.dissatisfied")
    raters = tuple(_score_0_100(s, f"public.rater_scores[{n}]") for n, s in enumerate(data.rater_scores))
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


def _organisational(scores: Sequence[Decimal | int | str]) -> OrganisationalScore:
    checked = tuple(_score_0_100(s, f"organisational_scores[{n}]") for n, s in enumerate(scores))
    if not checked:
        return OrganisationalScore((), ZERO, True, "no organisational assessment")
    score = _average(checked)
    return OrganisationalScore(checked, score, False, f"({' + '.join(map(str, checked))}) / {len(checked)} = {score}")


def score_unit(data: UnitReviewInput, policy: ScoringPolicy = DEFAULT_SCORING_POLICY) -> UnitScore:
    """One unit's annual-review score, grade and veto, with every input kept beside its result."""
    self_score = _self_assessment(data.self_assessment)
    public = _public(data.public, policy)
    organisational = _organisational(data.organisational_scores)
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


# ---------------------------------------------------------------------------------------------
# Standard rates


@dataclass(frozen=True)
class RateCounts:
    """Counts for one unit and period, taken from the case records."""

    accept_due: int  # cases whose acceptance decision fell due in the period …
    accepted_on_time: int  # … of which decided (受理/不予受理/转送) by the deadline
    reply_due: int  # cases whose reply fell due …
    replied_on_time: int  # … of which replied by the deadline (incl. an approved extension)
    replies: int  # replies that could be rated
    rated: int  # … of which the petitioner rated
    satisfied: int  # … 满意
    basically_satisfied: int  # … 基本满意
    repeat_petitions: int = 0  # 重信重访 in the period


@dataclass(frozen=True)
class RateScore:
    code: str
    label_zh: str
    label_en: str
    numerator: int
    denominator: int
    rate: Decimal | None  # percent, two decimals; None with nothing to measure
    max_points: Decimal
    points: Decimal  # round2(rate ÷ 100 × max_points), from the shown rate
    formula: str


@dataclass(frozen=True)
class StandardRates:
    rates: tuple[RateScore, ...]
    gross: Decimal  # Σ points
    repeat_petitions: int
    repeat_deduction: Decimal  # repeat_petitions × points each
    total: Decimal  # max(0, gross − repeat_deduction)
    formula: str


def _rate(code: str, zh: str, en: str, numerator: int, denominator: int, max_points: Decimal,
          empty_points: Decimal, empty_reason: str) -> RateScore:
    if numerator > denominator:
        raise ValueError(f"{code}: {numerator} exceeds {denominator}")
    if denominator == 0:
        return RateScore(code, zh, en, 0, 0, None, max_points, empty_points, f"{empty_reason}: {empty_points}")
    rate = round2(Decimal(numerator) * HUNDRED / denominator)
    points = round2(rate * max_points / HUNDRED)
    return RateScore(code, zh, en, numerator, denominator, rate, max_points, points,
                     f"{numerator} / {denominator} × 100 = {rate} %; {rate} % × {max_points} = {points}")


def standard_rates(counts: RateCounts, policy: ScoringPolicy = DEFAULT_SCORING_POLICY) -> StandardRates:
    """The county's standard rates and their points, computed from counts (never typed in).

    With nothing to measure (no case due, no reply) a rate scores its full points: nothing was
    late. Satisfaction is the exception when there were replies but none was rated: unrated
    replies are no evidence of satisfaction, and full points would reward not asking.
    满意率 counts 满意 + 基本满意 over the replies rated; 参评率 is rated ÷ replies.
    """
    c = {name: _count(getattr(counts, name), name) for name in (
        "accept_due", "accepted_on_time", "reply_due", "replied_on_time", "replies", "rated",
        "satisfied", "basically_satisfied", "repeat_petitions")}
    if c["rated"] > c["replies"]:
        raise ValueError(f"rated {c['rated']} exceeds replies {c['replies']}")
    pleased = c["satisfied"] + c["basically_satisfied"]
    if pleased > c["rated"]:
        raise ValueError(f"satisfied + basically_satisfied {pleased} exceeds rated {c['rated']}")
    rp = policy.rate_points
    rates = (
        _rate("TIMELY_ACCEPTANCE", "及时受理率", "Timely acceptance rate", c["accepted_on_time"], c["accept_due"],
              rp.timely_acceptance, rp.timely_acceptance, "no case due for acceptance"),
        _rate("ON_TIME_REPLY", "按期答复率", "On-time reply rate", c["replied_on_time"], c["reply_due"],
              rp.on_time_reply, rp.on_time_reply, "no reply due"),
        _rate("SATISFACTION", "参评群众满意率", "Satisfaction rate of those who rated", pleased, c["rated"],
              rp.satisfaction, rp.satisfaction if c["replies"] == 0 else ZERO,
              "no reply to rate" if c["replies"] == 0 else "replies but no rating"),
        _rate("PARTICIPATION", "群众参评率", "Rating participation rate", c["rated"], c["replies"],
              rp.participation, rp.participation, "no reply to rate"),
    )
    gross = sum((r.points for r in rates), ZERO)
    deduction = round2(c["repeat_petitions"] * rp.repeat_petition_deduction)
    total = max(ZERO, gross - deduction)
    formula = (f"{' + '.join(str(r.points) for r in rates)} = {gross}; "
               f"{gross} − {c['repeat_petitions']} × {rp.repeat_petition_deduction} = {total}")
    return StandardRates(rates, gross, c["repeat_petitions"], deduction, total, formula)


__all__ = [
    "DEFAULT_GRADES", "DEFAULT_SCORING_POLICY", "GradeBand", "OrganisationalScore", "PublicEvaluationInput",
    "PublicEvaluationScore", "RankedUnit", "RateCounts", "RatePoints", "RateScore", "ScoringPolicy",
    "ScoringPolicyError", "SelfAssessmentInput", "SelfAssessmentScore", "StandardRates", "UnitReviewInput",
    "UnitScore", "WeightedPart", "annual_review", "rank_units", "score_unit", "standard_rates",
]

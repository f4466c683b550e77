"""What a county sets for its annual review: the parts' weights, the grade bands and the points per
standard rate (`ScoringPolicy`, stored as its `to_dict()` JSON).

Default weights (seeds 004 names the three means but gives no weights; a county sets its own in
`ScoringPolicy`, and they must sum to 1): self-assessment 0.30, public evaluation 0.30,
organisational assessment 0.40 — the county's own checked assessment weighs most. Default grades:
优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from server.evaluation.sanwu.parsing import TemplateError, parse_decimal, parse_keys, parse_text


class ScoringPolicyError(TemplateError):
    """An invalid scoring policy; `path` points at the field."""



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

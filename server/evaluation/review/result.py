"""The annual review's result as a typed value, and its stored (JSON) form. Pure.

A stored run keeps what it showed: `ReviewResult.to_json()` is what `ReviewRun.result` holds, and
`ReviewResult.from_json()` reads it back. The JSON carries `schema_version`; runs stored before the
result was typed have none and are version 1, the same shape. Fields added to the review over time
read with a neutral value from runs stored before them: `incomplete` false, `missing_parts`,
`files` empty, `consequences` and the incident explanation's later fields (`total_headcount`,
`destination`, `own`, `counts_for_consequences`) null — never a made-up fact.

`breakdown` (the plain form of `scoring.units.UnitScore`) and `inputs.sanwu` (the plain form of
`sanwu.rules.SanwuResult`) stay JSON: they are shown as they are, and read only where named below.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

REVIEW_SCHEMA_VERSION = 2
_READABLE_VERSIONS = (1, 2)  # 1: runs stored before the version was written (same shape)

JSON = dict[str, Any]


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class IncidentShare:
    """A unit an incident is attributed to, with its part of the headcount."""

    unit_id: int
    unit_name: str
    headcount: int

    def to_json(self) -> JSON:
        return {"unit_id": self.unit_id, "unit_name": self.unit_name, "headcount": self.headcount}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IncidentShare:
        return cls(int(data["unit_id"]), str(data["unit_name"]), int(data["headcount"]))


@dataclass(frozen=True)
class ReviewIncident:
    """An incident the unit was judged on (its whole subtree's), as the review explains it."""

    id: int
    kind: str
    occurred_on: str  # ISO date
    headcount: int
    total_headcount: int | None = None
    destination: str | None = None
    units: tuple[IncidentShare, ...] = ()
    own: bool | None = None
    counts_for_consequences: bool | None = None

    def to_json(self) -> JSON:
        return {"id": self.id, "kind": self.kind, "occurred_on": self.occurred_on, "headcount": self.headcount,
                "total_headcount": self.total_headcount, "destination": self.destination,
                "units": [u.to_json() for u in self.units], "own": self.own,
                "counts_for_consequences": self.counts_for_consequences}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReviewIncident:
        return cls(
            id=int(data["id"]), kind=str(data["kind"]), occurred_on=str(data["occurred_on"]),
            headcount=int(data["headcount"]), total_headcount=_optional_int(data.get("total_headcount")),
            destination=data.get("destination"), units=tuple(IncidentShare.from_json(u) for u in data.get("units", ())),
            own=data.get("own"), counts_for_consequences=data.get("counts_for_consequences"),
        )


@dataclass(frozen=True)
class SelfAssessmentLine:
    indicator: str  # the indicator's code
    name: str
    points: Decimal
    max_points: Decimal
    evidence: str | None
    files: tuple[str, ...] = ()  # the evidence files' names

    def to_json(self) -> JSON:
        return {"indicator": self.indicator, "name": self.name, "points": str(self.points),
                "max_points": str(self.max_points), "evidence": self.evidence, "files": list(self.files)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SelfAssessmentLine:
        return cls(str(data["indicator"]), str(data["name"]), Decimal(str(data["points"])),
                   Decimal(str(data["max_points"])), data.get("evidence"), tuple(data.get("files", ())))


@dataclass(frozen=True)
class RatingScore:
    """One invited public rater's or assessor's score."""

    rating_id: int
    score: Decimal

    def to_json(self) -> JSON:
        return {"rating_id": self.rating_id, "score": str(self.score)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RatingScore:
        return cls(int(data["rating_id"]), Decimal(str(data["score"])))


@dataclass(frozen=True)
class CitizenRatings:
    """The citizens' ratings of the reply rounds (满意, 基本满意, 不满意)."""

    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    def to_json(self) -> JSON:
        return {"satisfied": self.satisfied, "basically_satisfied": self.basically_satisfied,
                "dissatisfied": self.dissatisfied}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CitizenRatings:
        return cls(int(data["satisfied"]), int(data["basically_satisfied"]), int(data["dissatisfied"]))


@dataclass(frozen=True)
class ReviewInputs:
    """What a unit's figures came from."""

    sanwu: JSON  # the plain form of sanwu.rules.SanwuResult
    incidents: tuple[ReviewIncident, ...]
    self_assessment_lines: tuple[SelfAssessmentLine, ...]
    public_rater_scores: tuple[RatingScore, ...]
    assessor_scores: tuple[RatingScore, ...]
    citizen_ratings: CitizenRatings
    consequences: str | None = None  # whose incidents deductions and accountability counted

    @property
    def failed_criteria_zh(self) -> list[str]:
        """The labels (zh) of the 三无 criteria the unit failed."""
        return [c["label_zh"] for c in self.sanwu.get("criteria", ()) if not c["passed"]]

    def to_json(self) -> JSON:
        return {
            "sanwu": self.sanwu, "incidents": [i.to_json() for i in self.incidents],
            "consequences": self.consequences,
            "self_assessment_lines": [line.to_json() for line in self.self_assessment_lines],
            "public_rater_scores": [s.to_json() for s in self.public_rater_scores],
            "assessor_scores": [s.to_json() for s in self.assessor_scores],
            "citizen_ratings": self.citizen_ratings.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReviewInputs:
        return cls(
            sanwu=dict(data["sanwu"]), incidents=tuple(ReviewIncident.from_json(i) for i in data["incidents"]),
            self_assessment_lines=tuple(SelfAssessmentLine.from_json(x) for x in data["self_assessment_lines"]),
            public_rater_scores=tuple(RatingScore.from_json(s) for s in data["public_rater_scores"]),
            assessor_scores=tuple(RatingScore.from_json(s) for s in data["assessor_scores"]),
            citizen_ratings=CitizenRatings.from_json(data["citizen_ratings"]),
            consequences=data.get("consequences"),
        )


@dataclass(frozen=True)
class ReviewRow:
    """One township or village: score, grade, rank (within its population) and 三无, with its inputs."""

    unit_id: int
    unit_name: str
    unit_path: str
    level: str  # TOWNSHIP or VILLAGE
    parent_id: int | None
    score: Decimal
    rank: int
    grade: str  # the grade's code, or INCOMPLETE
    grade_zh: str
    grade_en: str
    sanwu: bool
    failed_rules: tuple[str, ...]
    vetoed: bool
    veto_reasons: tuple[str, ...]
    population: str  # ranked among: TOWNSHIP or VILLAGE
    population_size: int
    breakdown: JSON  # the plain form of scoring.units.UnitScore: every part, weight, deduction and formula
    inputs: ReviewInputs
    incomplete: bool = False  # a score part nobody filled: not graded, ranked after the complete units
    missing_parts: tuple[str, ...] = ()

    def grade_label(self, *, en: bool) -> str:
        return self.grade_en if en else self.grade_zh

    def part_score(self, code: str) -> Decimal:
        """The weighted points of one part of the breakdown (SELF_ASSESSMENT, PUBLIC_EVALUATION,
        ORGANISATIONAL_ASSESSMENT)."""
        return Decimal(str(next(p for p in self.breakdown["parts"] if p["code"] == code)["score"]))

    def to_json(self) -> JSON:
        return {
            "unit_id": self.unit_id, "unit_name": self.unit_name, "unit_path": self.unit_path, "level": self.level,
            "parent_id": self.parent_id, "score": str(self.score), "rank": self.rank, "grade": self.grade,
            "grade_zh": self.grade_zh, "grade_en": self.grade_en,
            "incomplete": self.incomplete, "missing_parts": list(self.missing_parts),
            "sanwu": self.sanwu, "failed_rules": list(self.failed_rules),
            "vetoed": self.vetoed, "veto_reasons": list(self.veto_reasons),
            "population": self.population, "population_size": self.population_size,
            "breakdown": self.breakdown, "inputs": self.inputs.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReviewRow:
        return cls(
            unit_id=int(data["unit_id"]), unit_name=str(data["unit_name"]), unit_path=str(data["unit_path"]),
            level=str(data["level"]), parent_id=_optional_int(data["parent_id"]), score=Decimal(str(data["score"])),
            rank=int(data["rank"]), grade=str(data["grade"]), grade_zh=str(data["grade_zh"]),
            grade_en=str(data["grade_en"]), sanwu=bool(data["sanwu"]), failed_rules=tuple(data["failed_rules"]),
            vetoed=bool(data["vetoed"]), veto_reasons=tuple(data["veto_reasons"]),
            population=str(data["population"]), population_size=int(data["population_size"]),
            breakdown=dict(data["breakdown"]), inputs=ReviewInputs.from_json(data["inputs"]),
            incomplete=bool(data.get("incomplete", False)), missing_parts=tuple(data.get("missing_parts", ())),
        )


@dataclass(frozen=True)
class IncompleteConfirmation:
    """The county's confirmation of a stored run that holds incomplete units."""

    count: int
    note: str
    by_user_id: int | None

    def to_json(self) -> JSON:
        return {"count": self.count, "note": self.note, "by_user_id": self.by_user_id}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IncompleteConfirmation:
        return cls(int(data["count"]), str(data["note"]), _optional_int(data.get("by_user_id")))


class ReviewFormatError(ValueError):
    """A stored result this server cannot read (a newer schema version)."""


def _check_version(data: Mapping[str, Any]) -> None:
    version = data.get("schema_version", 1)
    if version not in _READABLE_VERSIONS:
        raise ReviewFormatError(f"annual review schema_version {version}: this server reads "
                                f"{', '.join(map(str, _READABLE_VERSIONS))}")


def scores_of(data: Mapping[str, Any]) -> dict[int, Decimal]:
    """A stored result's unit id → score, without reading the rows' inputs: the province ranking
    reads one stored review per county, where the whole `ReviewResult.from_json` (every row's
    incidents, lines and ratings) would cost many times the two keys it needs."""
    _check_version(data)
    return {int(row["unit_id"]): Decimal(str(row["score"])) for row in data["rows"]}


@dataclass(frozen=True)
class ReviewResult:
    """Every township and village of a county in a year, townships ranked among townships and
    villages among villages, with the settings' identity the review used."""

    county_id: int
    county_name: str
    year: int
    config_version: int
    template_code: str
    template_name_zh: str
    rows: tuple[ReviewRow, ...]
    incomplete_confirmation: IncompleteConfirmation | None = None

    def row_of(self, unit_id: int) -> ReviewRow | None:
        return next((r for r in self.rows if r.unit_id == unit_id), None)

    @property
    def incomplete_rows(self) -> tuple[ReviewRow, ...]:
        return tuple(r for r in self.rows if r.incomplete)

    def with_rows(self, rows: Sequence[ReviewRow]) -> ReviewResult:
        return replace(self, rows=tuple(rows))

    def confirmed(self, confirmation: IncompleteConfirmation) -> ReviewResult:
        return replace(self, incomplete_confirmation=confirmation)

    def to_json(self) -> JSON:
        data: JSON = {
            "schema_version": REVIEW_SCHEMA_VERSION,
            "county_id": self.county_id, "county_name": self.county_name, "year": self.year,
            "config_version": self.config_version, "template_code": self.template_code,
            "template_name_zh": self.template_name_zh, "rows": [r.to_json() for r in self.rows],
        }
        if self.incomplete_confirmation is not None:
            data["incomplete_confirmation"] = self.incomplete_confirmation.to_json()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReviewResult:
        _check_version(data)
        confirmation = data.get("incomplete_confirmation")
        return cls(
            county_id=int(data["county_id"]), county_name=str(data["county_name"]), year=int(data["year"]),
            config_version=int(data["config_version"]), template_code=str(data["template_code"]),
            template_name_zh=str(data["template_name_zh"]),
            rows=tuple(ReviewRow.from_json(r) for r in data["rows"]),
            incomplete_confirmation=IncompleteConfirmation.from_json(confirmation) if confirmation else None,
        )

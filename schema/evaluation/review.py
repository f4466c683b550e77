"""The annual review: its rows, and what a new run would change."""
import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.errors import UserError
from schema.evaluation.common import load_unit
from schema.types import Unit
from server import ids
from server.evaluation.review.result import ReviewRow as ReviewRowData
from server.evaluation.review.service import ReviewData
from server.unit.models import Unit as UnitModel


@strawberry.type
class ReviewRow:
    score: float
    rank: int
    grade: str = strawberry.field(description="Grade code: EXCELLENT, GOOD, PASS, FAIL (or the county's).")
    grade_label: str
    sanwu: bool
    vetoed: bool
    failed_rules: list[str]
    veto_reasons: list[str]
    population: str = strawberry.field(description="Ranked among: TOWNSHIP or VILLAGE.")
    population_size: int
    incomplete: bool = strawberry.field(description=(
        "A score part nobody filled (no self-assessment, no ratings, no assessment): not graded (grade INCOMPLETE), "
        "ranked after the complete units. False in runs stored before this existed."))
    missing_parts: list[str] = strawberry.field(
        description="The parts nobody filled: SELF_ASSESSMENT, PUBLIC_EVALUATION, ORGANISATIONAL_ASSESSMENT.")
    breakdown: JSON = strawberry.field(description="Every part, weight, deduction and formula.")
    inputs: JSON = strawberry.field(description="What each figure came from: indicator lines, ratings, incidents.")
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return await load_unit(info, self.unit_id)

    @classmethod
    def of(cls, row: ReviewRowData, en: bool) -> "ReviewRow":
        return cls(
            score=float(row.score), rank=row.rank, grade=row.grade, grade_label=row.grade_label(en=en),
            sanwu=row.sanwu, vetoed=row.vetoed, failed_rules=list(row.failed_rules),
            veto_reasons=list(row.veto_reasons), population=row.population, population_size=row.population_size,
            breakdown=JSON(row.breakdown), inputs=JSON(row.inputs.to_json()), incomplete=row.incomplete,
            missing_parts=list(row.missing_parts), unit_id=row.unit_id,
        )


@strawberry.type(description="One difference between the stored review and the year computed now.")
class ReviewChange:
    field: str = strawberry.field(description="sanwu, failed_rules, vetoed, grade, score, rank; row: only in one run.")
    stored: str | None = strawberry.field(description="What the stored run shows (null: the unit is not in it).")
    live: str | None = strawberry.field(description="What a new run would show (null: no longer reviewed).")
    unit_name: str
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return await load_unit(info, self.unit_id)


@strawberry.type
class AnnualReview:
    year: int
    rows: list[ReviewRow]
    stored: bool = strawberry.field(description="True: a run the county stored; false: computed now.")
    run_id: strawberry.ID | None
    computed_at: dt.datetime
    config_version: int
    template_code: str
    template: JSON = strawberry.field(description="The rule template this review used.")
    policy: JSON = strawberry.field(description="The weights and grades this review used.")
    changes: list[ReviewChange] | None = strawberry.field(description=(
        "Computed now while a run is stored (live): every difference a new run would make against the stored "
        "one, to see before storing it. Null for a stored run, or when none is stored yet."))
    compared_run_id: strawberry.ID | None
    incomplete_note: str | None = strawberry.field(
        description="The county's note confirming a stored run that holds incomplete units.")
    county_model: strawberry.Private[UnitModel]

    @strawberry.field
    def county(self) -> Unit:
        return Unit.of(self.county_model)

    @classmethod
    def of(cls, data: ReviewData, en: bool) -> "AnnualReview":
        return cls(
            year=data.year, rows=[ReviewRow.of(r, en) for r in data.result.rows], stored=data.run_id is not None,
            run_id=strawberry.ID(ids.encode("ReviewRun", data.run_id)) if data.run_id else None,
            computed_at=data.computed_at, config_version=data.result.config_version,
            template_code=data.result.template_code, template=JSON(data.template), policy=JSON(data.policy),
            changes=None if data.changes is None else [
                ReviewChange(field=c.field, stored=c.stored, live=c.live, unit_name=c.unit_name, unit_id=c.unit_id)
                for c in data.changes],
            compared_run_id=strawberry.ID(ids.encode("ReviewRun", data.compared_run_id))
            if data.compared_run_id else None,
            incomplete_note=data.result.incomplete_confirmation.note if data.result.incomplete_confirmation else None,
            county_model=data.county,
        )


@strawberry.type
class AnnualReviewPayload:
    review: AnnualReview | None
    user_errors: list[UserError]

"""The standard rates of a unit and the points the county's policy gives them."""
import datetime as dt
from typing import Any

import strawberry
from strawberry.scalars import JSON

from schema.types import Unit
from server import ids
from server.unit.models import Unit as UnitModel


@strawberry.type
class StandardRate:
    code: str
    label: str
    numerator: int
    denominator: int
    percent: float | None = strawberry.field(description="Null with nothing to measure, or unavailable.")
    available: bool
    note: str | None
    formula: str
    inputs: JSON | None = strawberry.field(
        default=None, description="What was counted, where the rate has a breakdown (REVIEW_UPHELD: per "
                                  "round, and each decision with its case when the viewer may open it).")


def rate_inputs(inputs: dict[str, Any] | None) -> JSON | None:
    if inputs is None:
        return None
    if "decisions" not in inputs:
        return JSON(inputs)
    return JSON({**inputs, "decisions": [
        {**d, "case_id": ids.encode("Case", d["case_id"]) if d["case_id"] is not None else None}
        for d in inputs["decisions"]]})


@strawberry.type
class UnitRates:
    start: dt.date
    end: dt.date
    rates: list[StandardRate]
    repeat_petitions: int | None
    points: JSON = strawberry.field(description="The county's points formula applied to the counts.")
    unit_model: strawberry.Private[UnitModel]

    @strawberry.field
    def unit(self) -> Unit:
        return Unit.of(self.unit_model)

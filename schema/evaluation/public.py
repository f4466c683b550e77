"""Public transparency (阳光信访): aggregates per unit, no sign-in."""

import strawberry


@strawberry.type(description="阳光信访: aggregates per unit; no names, phones or matters.")
class PublicUnitStatus:
    name: str
    level: str
    parent_name: str | None
    sanwu: bool
    rated: int
    satisfaction_percent: float | None


@strawberry.type
class PublicCounty:
    id: strawberry.ID
    name: str


@strawberry.type
class PublicTransparency:
    county_name: str
    year: int
    units: list[PublicUnitStatus]

"""The problems of an edited settings form (`FieldProblem`), the limits of its inputs, and
`FieldChecks`: the collector of problems with the checks of single values the sections share."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from server.evaluation.sanwu.vocabulary import IncidentKind

HEADCOUNT_MAX = 100_000
BACKLOG_MAX = 10_000
ACCOUNTABILITY_MAX = 1_000
POINTS_MAX = Decimal(100)
LABEL_MAX = 200
CODE_MAX = 64
SOURCE_MAX = 1_000
CRITERIA_MAX = 20
DECIMAL_PLACES = 2


@dataclass(frozen=True)
class FieldProblem:
    path: str  # "template.tiers.TOWNSHIP[1].headcount.value"
    code: str  # stable: REQUIRED, OUT_OF_RANGE, NOT_A_NUMBER, WEIGHTS_SUM, …
    message_key: str
    params: Mapping[str, object] = field(default_factory=dict)


class FieldChecks:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def add(self, path: str, code: str, key: str | None = None, **params: object) -> None:
        self.problems.append(FieldProblem(path, code, key or f"evaluationSettings.{code}", params))

    # -- values ---------------------------------------------------------------------------------

    def obj(self, value: Any, path: str, known: set[str] | None = None) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.add(path, "INVALID", "error.INVALID")
            return None
        if known is not None:
            for key in value:
                if key not in known:
                    self.add(f"{path}.{key}" if path else str(key), "UNKNOWN_FIELD")
        return value

    def text(self, value: Any, path: str, max_length: int = LABEL_MAX, required: bool = True) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(path, "REQUIRED", "error.REQUIRED")
            return
        if not isinstance(value, str):
            self.add(path, "INVALID", "error.INVALID")
        elif len(value) > max_length:
            self.add(path, "TOO_LONG", "error.TOO_LONG", max=max_length)

    def integer(self, value: Any, path: str, low: int, high: int) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "REQUIRED", "error.REQUIRED")
            return None
        number = to_decimal(value)
        if number is None:
            self.add(path, "NOT_A_NUMBER")
            return None
        if number != number.to_integral_value() or not isinstance(value, int) or isinstance(value, bool):
            # JSON integers only: "5" or 5.0 would be stored as something the engine refuses.
            self.add(path, "NOT_AN_INTEGER")
            return None
        if not low <= value <= high:
            self.add(path, "OUT_OF_RANGE", "error.OUT_OF_RANGE", min=low, max=high)
            return None
        return value

    def number(self, value: Any, path: str, low: Decimal, high: Decimal, *, above_low: bool = False) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "REQUIRED", "error.REQUIRED")
            return None
        number = to_decimal(value)
        if number is None:
            self.add(path, "NOT_A_NUMBER")
            return None
        if number < low or number > high or (above_low and number == low):
            self.add(path, "ABOVE_RANGE" if above_low else "OUT_OF_RANGE",
                     None if above_low else "error.OUT_OF_RANGE", min=show(low), max=show(high))
            return None
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > DECIMAL_PLACES:
            self.add(path, "DECIMALS", places=DECIMAL_PLACES)
            return None
        return number

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        if value not in choices:
            self.add(path, "INVALID_CHOICE", choices=", ".join(choices))
            return None
        return value

    def kinds(self, value: Any, path: str) -> list[str] | None:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.add(path, "INVALID", "error.INVALID")
            return None
        known = tuple(k.value for k in IncidentKind)
        found: list[str] = []
        for n, kind in enumerate(value):
            if self.choice(kind, f"{path}[{n}]", known) is not None:
                if kind in found:
                    self.add(path, "DUPLICATE_KIND")
                    return None
                found.append(kind)
        return found


def to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def show(value: Decimal) -> str:
    return format(value.normalize(), "f")


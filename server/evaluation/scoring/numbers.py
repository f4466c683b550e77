"""The checks of the numbers scoring takes in: non-negative decimals and counts, scores on 0–100.
Each raises ValueError naming the input."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.evaluation.sanwu.parsing import TemplateError, parse_decimal

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def number(value: Any, name: str) -> Decimal:
    """A non-negative Decimal from int, str, Decimal (or a float, through its shortest repr)."""
    try:
        return parse_decimal(value, name)
    except TemplateError as error:
        raise ValueError(f"{name}: {error.message}") from None


def count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def score_0_100(value: Any, name: str) -> Decimal:
    score = number(value, name)
    if score > HUNDRED:
        raise ValueError(f"{name} must be at most 100, got {score}")
    return score

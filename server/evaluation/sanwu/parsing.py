"""Strict parsing of a template's dict form (and of the scoring policy's): each helper checks one
value and raises `TemplateError` with the path of the offending field. Pure."""
from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from server.evaluation.sanwu.vocabulary import IncidentKind, MonthDay


class TemplateError(ValueError):
    """A template (or its dict form) is invalid; `path` points at the offending field, e.g.
    ``tiers.VILLAGE[1].headcount.value``, so an editor can show it next to the input."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# Parsing is strict: an unknown key is an error, because a misspelt "kind" silently ignored would
# leave a criterion that counts nothing and a unit that can never fail it.

def parse_keys(data: Any, path: str, required: set[str], optional: set[str] | frozenset[str] = frozenset()) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise TemplateError(path, "expected an object")
    missing = required - data.keys()
    if missing:
        raise TemplateError(path, f"missing {', '.join(sorted(missing))}")
    unknown = set(data.keys()) - required - optional
    if unknown:
        raise TemplateError(path, f"unknown {', '.join(sorted(map(str, unknown)))}")
    return data


def parse_text(data: Any, path: str) -> str:
    if not isinstance(data, str) or not data.strip():
        raise TemplateError(path, "expected non-empty text")
    return data


def parse_int(data: Any, path: str, minimum: int) -> int:
    if isinstance(data, bool) or not isinstance(data, int) or data < minimum:
        raise TemplateError(path, f"expected an integer of at least {minimum}")
    return data


def parse_decimal(data: Any, path: str) -> Decimal:
    if isinstance(data, bool) or not isinstance(data, int | str | float | Decimal):
        raise TemplateError(path, "expected a number")
    try:
        value = Decimal(str(data))  # str() first: 0.1 the float becomes "0.1", not 0.1000000000000000055…
    except InvalidOperation:
        raise TemplateError(path, "expected a number") from None
    if not value.is_finite() or value < 0:
        raise TemplateError(path, "expected a non-negative number")
    return value


_E = TypeVar("_E", bound=enum.Enum)


def parse_enum(cls: type[_E], data: Any, path: str) -> _E:
    try:
        return cls(data)
    except ValueError:
        raise TemplateError(path, f"expected one of {', '.join(m.value for m in cls)}") from None


def parse_kinds(data: Any, path: str) -> tuple[IncidentKind, ...]:
    if not isinstance(data, list | tuple):
        raise TemplateError(path, "expected a list")
    kinds = [parse_enum(IncidentKind, k, f"{path}[{n}]") for n, k in enumerate(data)]
    if len(set(kinds)) != len(kinds):
        raise TemplateError(path, "a kind is listed twice")
    return tuple(k for k in IncidentKind if k in kinds)  # canonical order: equal sets compare equal



def parse_month_day(data: Any, path: str) -> MonthDay:
    if isinstance(data, str) and len(data) == 5 and data[2] == "-" and data[:2].isdigit() and data[3:].isdigit():
        try:
            return MonthDay(int(data[:2]), int(data[3:]))
        except ValueError:
            pass
    raise TemplateError(path, "expected a day of the year as MM-DD")

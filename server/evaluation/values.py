"""Value helpers of the evaluation: two-decimal rounding and the plain (JSON-ready) form of results. Pure."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Two decimals, half up (0.005 → 0.01), the way results are shown and published."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def plain(value: Any) -> Any:
    """Dataclasses, enums, decimals and dates → JSON-ready dicts, lists, strings and numbers, for
    results the UI shows with their breakdown. Decimals become strings ("87.90") to keep them
    exact; properties such as `failed` are not included (the UI derives them from `passed`)."""
    kind = type(value)
    if kind in _AS_IS:  # most leaves: answered before any other test (the annual review has thousands)
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


_AS_IS = frozenset({str, int, float, bool, type(None)})  # exact types: an enum of str is not one of them


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type (None for any other type), looked up once per type."""
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELDS[kind]

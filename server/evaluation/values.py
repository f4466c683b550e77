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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
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

"""`values.plain`: the JSON-ready form of results ("Dataclasses, enums, decimals and dates →
JSON-ready dicts, lists, strings and numbers"), unchanged by its fast path for plain leaves."""
import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

from server.evaluation.values import plain


class Kind(enum.StrEnum):
    A = "A"


class Level(enum.IntEnum):
    TWO = 2


@dataclass(frozen=True)
class Inner:
    kind: Kind
    amount: Decimal
    on: dt.date


@dataclass(frozen=True)
class Outer:
    name: str
    flag: bool
    count: int
    ratio: float
    none: None
    level: Level
    inner: Inner
    items: tuple[Inner, ...]
    extra: dict = field(default_factory=dict)

    @property
    def derived(self) -> str:  # properties are not part of the plain form
        return "x"


def test_every_kind_of_value_becomes_its_json_ready_form():
    inner = Inner(Kind.A, Decimal("87.90"), dt.date(2026, 3, 1))
    value = Outer("乡", True, 3, 0.5, None, Level.TWO, inner, (inner,), {Kind.A: [Decimal("1.00")]})
    expected_inner = {"kind": "A", "amount": "87.90", "on": "2026-03-01"}
    assert plain(value) == {"name": "乡", "flag": True, "count": 3, "ratio": 0.5, "none": None, "level": 2,
                            "inner": expected_inner, "items": [expected_inner], "extra": {"A": ["1.00"]}}
    # An enum of str or int is its value, never the enum (JSON and the stored run hold plain strings).
    assert type(plain(Kind.A)) is str and type(plain(Level.TWO)) is int
    assert plain(dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)) == "2026-03-01T08:00:00+00:00"

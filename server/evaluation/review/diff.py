"""What changed between a stored annual review and the same year computed now. Pure.

A stored run keeps what it showed (its rows, template and weights are copied into it). Before the
county stores a new run — after the 属地 roll-up, a late incident or a contest decided — it sees,
unit by unit, what the new run would change: 三无, failed rules, veto, grade, score, rank.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Row fields compared, in the order shown.
COMPARED = ("sanwu", "failed_rules", "vetoed", "grade", "score", "rank")


@dataclass(frozen=True)
class ReviewChange:
    unit_id: int
    unit_name: str
    field: str  # one of COMPARED, or "row" when the unit is only in one of the two
    stored: str | None  # the value shown before (None: the unit was not in the stored run)
    live: str | None  # the value it would show now (None: the unit is no longer reviewed)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def review_changes(stored_rows: Sequence[Mapping[str, Any]], live_rows: Sequence[Mapping[str, Any]]) -> list[ReviewChange]:
    """Every difference per unit, in the live run's order (units only in the stored run last).
    Rows of runs stored before a field existed compare only the fields both have."""
    stored = {r["unit_id"]: r for r in stored_rows}
    live_ids = {r["unit_id"] for r in live_rows}
    changes: list[ReviewChange] = []
    for row in live_rows:
        before = stored.get(row["unit_id"])
        if before is None:
            changes.append(ReviewChange(row["unit_id"], row["unit_name"], "row", None, "present"))
            continue
        for name in COMPARED:
            if name in before and name in row and _show(before[name]) != _show(row[name]):
                changes.append(ReviewChange(row["unit_id"], row["unit_name"], name,
                                            _show(before[name]), _show(row[name])))
    for row in stored_rows:
        if row["unit_id"] not in live_ids:
            changes.append(ReviewChange(row["unit_id"], row["unit_name"], "row", "present", None))
    return changes

"""The period and the subtree every standard-rate count is taken within: a period's China days as
UTC instants (`bounds`), the cases with an instant in it (`in_period`, one index range per
instant), the cases a unit's figures count (`cases_in_subtree`, less the accusations hidden from it), and
per-path counts summed up the unit tree with the same exception (`subtree_totals`). The counts
themselves are `server.evaluation.rate_counts`'."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, or_

from server.case.models import OPEN_STATUSES, Case
from server.case.visibility import not_hidden_from
from server.dates import CHINA
from server.unit.models import Unit, in_subtree, is_under

DECIDED = (Case.accepted_at, Case.rejected_at, Case.forwarded_at, Case.assigned_at)
# Every instant a case can count at in `rates.tally` (a deadline, an act, the registration):
# a case none of whose instants falls in the period counts for no rate of that period.
CASE_INSTANTS = (Case.accept_due_at, *DECIDED, Case.handle_due_at, Case.answered_at, Case.closed_at,
                 Case.registered_at)


def bounds(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The China days [first_day, last_day] as the UTC instants [start, end)."""
    start = dt.datetime.combine(first_day, dt.time(), CHINA).astimezone(dt.UTC)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), CHINA).astimezone(dt.UTC)
    return start, end


def cases_in_subtree(tenant_id: int, unit: Unit) -> ColumnElement[bool]:
    """The cases a unit's figures count: its subtree's, less accusations against the unit or a
    unit above it — hidden from the unit, they never show in its counts either (Art. 30)."""
    if unit.id == tenant_id:  # the county: every case of the tenant is in its subtree
        return and_(Case.tenant_id == tenant_id, not_hidden_from(unit.path))
    return and_(
        Case.tenant_id == tenant_id,
        in_subtree(Case.unit_path, unit.path),
        not_hidden_from(unit.path),
    )


def within(column: SQLColumnExpression[dt.datetime | None], start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    return (column >= start) & (column < end)


def in_period(start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    """The cases with an instant in [start, end): one index range per instant."""
    return or_(*(within(c, start, end) for c in CASE_INSTANTS))


def overdue_open(now: dt.datetime) -> ColumnElement[bool]:
    """信访积案: an open case whose running deadline has passed."""
    return and_(Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None), Case.due_at < now)


def sum_up_the_tree(units: dict[str, int], counts: Iterable[tuple[str, str | None, int]]) -> dict[int, int]:
    """Per unit id (`units`: path → id): the counts of its subtree's case paths, less the
    accusations hidden from the unit (`hidden_from`, as `cases_in_subtree` leaves them out)."""
    totals = subtree_totals(units, ((path, accused, (n,)) for path, accused, n in counts), 1)
    return {unit_id: total[0] for unit_id, total in totals.items()}


def subtree_totals(units: Mapping[str, int], rows: Iterable[tuple[str, str | None, Sequence[int]]],
                   width: int) -> dict[int, Sequence[int]]:
    """Per unit id (`units`: path → id): the sums of the rows (case path, accused unit path,
    `width` counts) of its subtree, less the accusations hidden from the unit (`hidden_from`: an
    accusation is hidden from the accused unit and everything under it). Read-only: units may
    share one sequence.

    Linear in rows + paths: a row counts for every unit above its case path except the accused
    unit and those under it — that is, for the accused unit's parent and everything above it when
    the accused unit lies on the case's own path, else for the case path and everything above. So
    each row is added once at that point, and the points' sums are carried up the paths once,
    deepest first."""
    at: dict[str, Sequence[int]] = {}
    for path, accused, counts in rows:
        if accused is not None and is_under(path, accused):
            path = accused.rsplit("/", 1)[0]  # "" when the accused is a root: nobody above counts it
        total = at.get(path)
        at[path] = list(counts) if total is None else [a + b for a, b in zip(total, counts, strict=True)]
    by_depth: dict[int, list[str]] = {}
    for path in at:
        by_depth.setdefault(path.count("/"), []).append(path)
    for depth in range(max(by_depth, default=0), 0, -1):
        for path in by_depth.get(depth, []):
            parent = path.rsplit("/", 1)[0]
            if not parent:
                continue
            above = at.get(parent)
            if above is None:
                at[parent] = at[path]  # never changed in place: a sum is a new list
                by_depth.setdefault(depth - 1, []).append(parent)
            else:
                at[parent] = [a + b for a, b in zip(above, at[path], strict=True)]
    zero = [0] * width
    return {unit_id: at.get(path, zero) for path, unit_id in units.items()}


def ancestors_and_self(path: str) -> list[str]:
    """"/34/3401/340102" → ["/34", "/34/3401", "/34/3401/340102"]."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(2, len(parts) + 1)]

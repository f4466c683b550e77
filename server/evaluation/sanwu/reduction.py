"""Year-on-year reduction targets (seed 000: "2023年度目标：全镇进京非正常上访、进京越级上访和到省集访
总量下降到50%以上"). Pure.

A reduction target is a target kind beside "percent of units 三无": the escalations its template
names — every incident that breaks one of the scope tier's incident criteria (seed 000: 进京非正常上访,
进京越级上访, 到省集访) — counted over the scope unit's whole subtree, this year against last year.
"下降到50%" and "下降50%" agree at the figure the seed gives: this year's total is at most
`reduce_to_percent` of last year's. With nothing last year the target is met only by nothing this
year (there is nothing to fall from). Totals are counted in 人次 (person-times, seed 000's
"人次明显削减") unless the target says INCIDENTS.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from server.evaluation.sanwu.criteria import ReductionTarget
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.vocabulary import CountBy, SanwuIncident
from server.evaluation.values import round2

KIND = "ESCALATION_REDUCTION"


@dataclass(frozen=True)
class ReductionProgress:
    target: ReductionTarget
    previous: int  # last year's total
    current: int  # this year's total (so far, for the running year)
    actual_percent: Decimal | None  # current ÷ previous × 100; None when last year had none
    met: bool


def counted_total(template: SanwuRule, target: ReductionTarget, incidents: Iterable[SanwuIncident]) -> int:
    """The escalations the template names for the scope's tier, in the target's unit."""
    criteria = [c for c in template.criteria(target.scope) if not c.is_backlog]
    counted = [i for i in incidents if any(c.counts(i) for c in criteria)]
    if target.count_by is CountBy.INCIDENTS:
        return len(counted)
    return sum(i.headcount for i in counted)


def reduction_progress(
    template: SanwuRule, target: ReductionTarget,
    this_year: Iterable[SanwuIncident], last_year: Iterable[SanwuIncident],
) -> ReductionProgress:
    current = counted_total(template, target, this_year)
    previous = counted_total(template, target, last_year)
    if previous == 0:
        return ReductionProgress(target, previous, current, None, current == 0)
    actual = round2(Decimal(current) * 100 / Decimal(previous))
    # Exact comparison (not on the rounded figure), as for the 三无 targets.
    return ReductionProgress(target, previous, current, actual, Decimal(current) * 100 <= target.reduce_to_percent * previous)

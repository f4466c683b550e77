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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from server.evaluation.rules import (
    CountBy,
    SanwuIncident,
    TemplateError,
    UnitTier,
    _decimal,
    _enum,
    _keys,
    _text,
    round2,
)

if TYPE_CHECKING:
    from server.evaluation.rules import SanwuRule

KIND = "ESCALATION_REDUCTION"


@dataclass(frozen=True)
class ReductionTarget:
    scope: UnitTier  # whose subtree's total: the county's, or each township's
    reduce_to_percent: Decimal  # this year ≤ this share of last year
    count_by: CountBy
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class ReductionProgress:
    target: ReductionTarget
    previous: int  # last year's total
    current: int  # this year's total (so far, for the running year)
    actual_percent: Decimal | None  # current ÷ previous × 100; None when last year had none
    met: bool


def reduction_to_dict(t: ReductionTarget) -> dict[str, Any]:
    return {"scope": t.scope.value, "reduce_to_percent": str(t.reduce_to_percent), "count_by": t.count_by.value,
            "label_zh": t.label_zh, "label_en": t.label_en}


def parse_reductions(data: Any, path: str) -> tuple[ReductionTarget, ...]:
    if data is None:
        return ()
    if not isinstance(data, list | tuple):
        raise TemplateError(path, "expected a list")
    out: list[ReductionTarget] = []
    for n, item in enumerate(data):
        p = f"{path}[{n}]"
        _keys(item, p, {"scope", "reduce_to_percent", "label_zh", "label_en"}, {"count_by"})
        scope = _enum(UnitTier, item["scope"], f"{p}.scope")
        if scope is UnitTier.VILLAGE:
            raise TemplateError(f"{p}.scope", "the scope is the county or a township")
        percent = _decimal(item["reduce_to_percent"], f"{p}.reduce_to_percent")
        if not 0 <= percent < 100:
            raise TemplateError(f"{p}.reduce_to_percent", "expected at least 0 and less than 100")
        if any(t.scope is scope for t in out):
            raise TemplateError(f"{p}.scope", "one reduction target per scope")
        out.append(ReductionTarget(scope, percent, _enum(CountBy, item.get("count_by", "PERSON_TIMES"), f"{p}.count_by"),
                                   _text(item["label_zh"], f"{p}.label_zh"), _text(item["label_en"], f"{p}.label_en")))
    return tuple(out)


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


def reductions_of(data: Mapping[str, Any]) -> Any:
    return data.get("reductions")

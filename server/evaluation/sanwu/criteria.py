"""The parts of a 三无 rule template: criteria, the accountability rule, deductions, creation
targets and reduction targets, each with its dict form (parsed strictly). Pure."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from server.evaluation.sanwu.parsing import (
    TemplateError,
    parse_decimal,
    parse_enum,
    parse_int,
    parse_keys,
    parse_kinds,
    parse_month_day,
    parse_text,
)
from server.evaluation.sanwu.vocabulary import (
    AccountabilityLevel,
    CountBy,
    DayPeriod,
    DestinationLevel,
    HeadcountComparison,
    IncidentKind,
    SanwuIncident,
    UnitTier,
    kinds_reaching,
)


@dataclass(frozen=True)
class HeadcountThreshold:
    comparison: HeadcountComparison
    value: int

    def admits(self, headcount: int) -> bool:
        if self.comparison is HeadcountComparison.MORE_THAN:
            return headcount > self.value
        return headcount >= self.value


@dataclass(frozen=True)
class SanwuCriterion:
    """One "无…" criterion of a tier, e.g. 无到县 5 人（包含 5 人）以上集体上访.

    Either an incident criterion (`kinds` and/or `destination_at_or_above`, optionally with a
    `headcount` threshold) — broken by any counted incident — or a backlog criterion
    (`max_overdue_backlog`, seed 002 无信访积案) — broken when the unit has more overdue backlog
    cases than allowed. Never both, so a failure always has one kind of explanation.
    """

    code: str
    label_zh: str
    label_en: str
    kinds: tuple[IncidentKind, ...] = ()
    destination_at_or_above: DestinationLevel | None = None
    headcount: HeadcountThreshold | None = None
    max_overdue_backlog: int | None = None

    def __post_init__(self) -> None:
        # Canonical (enum) order, so a hand-built criterion equals its parsed round trip.
        object.__setattr__(self, "kinds", tuple(k for k in IncidentKind if k in set(self.kinds)))

    @property
    def is_backlog(self) -> bool:
        return self.max_overdue_backlog is not None

    @cached_property
    def counted_kinds(self) -> tuple[IncidentKind, ...]:
        """Every kind this criterion counts (named ones and those reaching the level)."""
        reaching = kinds_reaching(self.destination_at_or_above) if self.destination_at_or_above else ()
        wanted = set(self.kinds) | set(reaching)
        return tuple(kind for kind in IncidentKind if kind in wanted)

    def counts(self, incident: SanwuIncident) -> bool:
        if self.is_backlog:
            return False
        named = incident.kind in self.kinds
        reaching = self.destination_at_or_above is not None and incident.may_reach(self.destination_at_or_above)
        if not (named or reaching):
            return False
        return self.headcount is None or self.headcount.admits(incident.headcount)


@dataclass(frozen=True)
class AccountabilityThreshold:
    at_least: int
    level: AccountabilityLevel


@dataclass(frozen=True)
class AccountabilityRule:
    """Seed 003 (严格责任追究): 1 人次 → 诫勉谈话, 2 人次（含）以上 → 一票否决."""

    label_zh: str
    label_en: str
    kinds: tuple[IncidentKind, ...]
    count_by: CountBy
    thresholds: tuple[AccountabilityThreshold, ...]  # ascending at_least, ascending severity
    # Seed 003 counts incidents "在专项整治行动期间" (04-01 to 10-01); None: the whole year.
    period: DayPeriod | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", tuple(k for k in IncidentKind if k in set(self.kinds)))


@dataclass(frozen=True)
class DeductionRule:
    """Points taken off a unit's annual score per counted incident, by kind; `cap` bounds the total
    so one bad year cannot push a unit below what a veto would already say."""

    points: Mapping[IncidentKind, Decimal]
    cap: Decimal | None = None


@dataclass(frozen=True)
class SanwuTarget:
    """At least `min_percent` of the units of `tier` within one unit of tier `scope` are 三无
    (seed 004: 40 % of a county's townships; seed 002: 90 % of a township's villages)."""

    tier: UnitTier
    scope: UnitTier
    min_percent: Decimal
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class ReductionTarget:
    scope: UnitTier  # whose subtree's total: the county's, or each township's
    reduce_to_percent: Decimal  # this year ≤ this share of last year
    count_by: CountBy
    label_zh: str
    label_en: str




def criterion_to_dict(c: SanwuCriterion) -> dict[str, Any]:
    return {
        "code": c.code,
        "label_zh": c.label_zh,
        "label_en": c.label_en,
        "kinds": [k.value for k in c.kinds],
        "destination_at_or_above": None if c.destination_at_or_above is None else c.destination_at_or_above.value,
        "headcount": None if c.headcount is None else {"op": c.headcount.comparison.value, "value": c.headcount.value},
        "max_overdue_backlog": c.max_overdue_backlog,
    }





def parse_criterion(data: Any, path: str) -> SanwuCriterion:
    parse_keys(data, path, {"code", "label_zh", "label_en"},
          {"kinds", "destination_at_or_above", "headcount", "max_overdue_backlog"})
    kinds = parse_kinds(data.get("kinds", []), f"{path}.kinds")
    level = data.get("destination_at_or_above")
    destination = None if level is None else parse_enum(DestinationLevel, level, f"{path}.destination_at_or_above")
    headcount = None
    if data.get("headcount") is not None:
        h = parse_keys(data["headcount"], f"{path}.headcount", {"op", "value"})
        headcount = HeadcountThreshold(
            parse_enum(HeadcountComparison, h["op"], f"{path}.headcount.op"),
            parse_int(h["value"], f"{path}.headcount.value", 1),
        )
    backlog = data.get("max_overdue_backlog")
    if backlog is not None:
        backlog = parse_int(backlog, f"{path}.max_overdue_backlog", 0)
        if kinds or destination or headcount:
            raise TemplateError(path, "a backlog criterion counts no incidents")
    elif not kinds and destination is None:
        raise TemplateError(path, "a criterion needs kinds, destination_at_or_above or max_overdue_backlog")
    return SanwuCriterion(
        code=parse_text(data["code"], f"{path}.code"),
        label_zh=parse_text(data["label_zh"], f"{path}.label_zh"),
        label_en=parse_text(data["label_en"], f"{path}.label_en"),
        kinds=kinds, destination_at_or_above=destination, headcount=headcount, max_overdue_backlog=backlog,
    )


def parse_accountability(data: Any, path: str) -> AccountabilityRule | None:
    if data is None:
        return None
    parse_keys(data, path, {"label_zh", "label_en", "kinds", "count_by", "thresholds"}, {"period"})
    kinds = parse_kinds(data["kinds"], f"{path}.kinds")
    if not kinds:
        raise TemplateError(f"{path}.kinds", "name at least one kind")
    if not isinstance(data["thresholds"], list | tuple) or not data["thresholds"]:
        raise TemplateError(f"{path}.thresholds", "expected a non-empty list")
    thresholds: list[AccountabilityThreshold] = []
    for n, t in enumerate(data["thresholds"]):
        tpath = f"{path}.thresholds[{n}]"
        parse_keys(t, tpath, {"at_least", "level"})
        threshold = AccountabilityThreshold(
            parse_int(t["at_least"], f"{tpath}.at_least", 1), parse_enum(AccountabilityLevel, t["level"], f"{tpath}.level")
        )
        if threshold.level is AccountabilityLevel.NONE:
            raise TemplateError(f"{tpath}.level", "NONE is what applies below the first threshold")
        if thresholds and not (
            threshold.at_least > thresholds[-1].at_least and threshold.level.severity > thresholds[-1].level.severity
        ):
            raise TemplateError(tpath, "thresholds must rise in count and in severity")
        thresholds.append(threshold)
    return AccountabilityRule(
        label_zh=parse_text(data["label_zh"], f"{path}.label_zh"), label_en=parse_text(data["label_en"], f"{path}.label_en"),
        kinds=kinds, count_by=parse_enum(CountBy, data["count_by"], f"{path}.count_by"), thresholds=tuple(thresholds),
        period=parse_period(data.get("period"), f"{path}.period"),
    )



def parse_period(data: Any, path: str) -> DayPeriod | None:
    if data is None:
        return None
    parse_keys(data, path, {"start", "end"})
    start, end = parse_month_day(data["start"], f"{path}.start"), parse_month_day(data["end"], f"{path}.end")
    try:
        return DayPeriod(start, end)
    except ValueError:
        raise TemplateError(f"{path}.end", "the period ends before it starts") from None


def parse_deductions(data: Any, path: str) -> DeductionRule:
    if data is None:
        return DeductionRule(points={})
    parse_keys(data, path, {"per_incident"}, {"cap"})
    per = data["per_incident"]
    if not isinstance(per, Mapping):
        raise TemplateError(f"{path}.per_incident", "expected an object of kind → points")
    points = {
        parse_enum(IncidentKind, k, f"{path}.per_incident.{k}"): parse_decimal(v, f"{path}.per_incident.{k}")
        for k, v in per.items()
    }
    cap = None if data.get("cap") is None else parse_decimal(data["cap"], f"{path}.cap")
    return DeductionRule(points={k: points[k] for k in IncidentKind if k in points}, cap=cap)



_TIER_ORDER = tuple(UnitTier)


def parse_targets(data: Any, path: str) -> tuple[SanwuTarget, ...]:
    if data is None:
        return ()
    if not isinstance(data, list | tuple):
        raise TemplateError(path, "expected a list")
    targets: list[SanwuTarget] = []
    for n, t in enumerate(data):
        tpath = f"{path}[{n}]"
        parse_keys(t, tpath, {"tier", "scope", "min_percent", "label_zh", "label_en"})
        tier = parse_enum(UnitTier, t["tier"], f"{tpath}.tier")
        scope = parse_enum(UnitTier, t["scope"], f"{tpath}.scope")
        if _TIER_ORDER.index(scope) >= _TIER_ORDER.index(tier):
            raise TemplateError(f"{tpath}.scope", "the scope must be a tier above the counted units")
        percent = parse_decimal(t["min_percent"], f"{tpath}.min_percent")
        if not 0 < percent <= 100:
            raise TemplateError(f"{tpath}.min_percent", "expected more than 0 and at most 100")
        if any(existing.tier == tier for existing in targets):
            raise TemplateError(f"{tpath}.tier", "one target per tier")
        targets.append(SanwuTarget(tier, scope, percent, parse_text(t["label_zh"], f"{tpath}.label_zh"),
                                   parse_text(t["label_en"], f"{tpath}.label_en")))
    return tuple(targets)



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
        parse_keys(item, p, {"scope", "reduce_to_percent", "label_zh", "label_en"}, {"count_by"})
        scope = parse_enum(UnitTier, item["scope"], f"{p}.scope")
        if scope is UnitTier.VILLAGE:
            raise TemplateError(f"{p}.scope", "the scope is the county or a township")
        percent = parse_decimal(item["reduce_to_percent"], f"{p}.reduce_to_percent")
        if not 0 <= percent < 100:
            raise TemplateError(f"{p}.reduce_to_percent", "expected at least 0 and less than 100")
        if any(t.scope is scope for t in out):
            raise TemplateError(f"{p}.scope", "one reduction target per scope")
        out.append(ReductionTarget(scope, percent, parse_enum(CountBy, item.get("count_by", "PERSON_TIMES"), f"{p}.count_by"),
                                   parse_text(item["label_zh"], f"{p}.label_zh"), parse_text(item["label_en"], f"{p}.label_en")))
    return tuple(out)

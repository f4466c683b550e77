"""The "三无" rule engine: pure functions over a rule template and a unit's incidents. No I/O.

A **rule template** (`SanwuRule`, 规则模板) is data a county picks or edits and stores as JSON
(`SanwuRule.to_dict()` / `SanwuRule.from_dict()`): per unit tier a list of criteria
(`SanwuCriterion`), an accountability rule (seed 003: 诫勉谈话 / 一票否决), per-incident score
deductions and creation targets (seed 004: 40 % of townships, 50 % of villages; seed 002: 90 % of
a township's villages). The built-in templates are in `server.evaluation.templates`.

What the caller must do before calling (these functions judge exactly what they are given):
- pass only incidents that count: verified by the county, and either uncontested or contested
  with the attribution upheld by the county (an unverified incident is rejected with ValueError,
  so a forgotten filter fails loudly instead of failing or passing a unit silently);
- pass only incidents attributed to the unit being judged, in the period being judged (the year;
  seed 003's special campaign period for accountability). Rolling a village's incident up to its
  township is an attribution decision taken when the incident is recorded, not a rule here;
- for 无信访积案 (seed 002), count the unit's overdue backlog cases itself.

How a criterion counts incidents:
- `kinds`: the incident kinds it names (进京越级访, 赴省越级访, …), any headcount unless a
  headcount threshold is set;
- `destination_at_or_above`: every kind whose destination may be at or above that level. Seed 004
  says "无到县 5 人以上集体上访" for a village; a group of five that went to the city, the province
  or Beijing is at least as serious as one that stopped at the county, and it passed the county on
  the way, so it breaks the village's criterion too. And a 集体访 is defined by its headcount
  (≥ 5 people), not by the kind a clerk picked: eight people recorded as 赴省越级访 are also a
  collective petition above the county. So the built-in collective criteria use this field
  together with a headcount threshold, and count escalation kinds as well as collective ones.
  An incident may carry the destination recorded with it (`SanwuIncident.destination`); that
  decides. Without one, a kind's own destination decides, and COLLECTIVE_ABOVE_COUNTY — which
  says only "above the county": the city, the province or Beijing — counts for any level above
  the county: a 三无 title certifies an absence, and an incident that may break it must be looked
  at. The result names the incident, so a county that meant the city can record the destination
  (or COLLECTIVE_TO_CITY); a wrong pass would be invisible.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property
from typing import Any, TypeVar

TEMPLATE_SCHEMA_VERSION = 1

_CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Two decimals, half up (0.005 → 0.01), the way results are shown and published."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Vocabulary


class IncidentKind(enum.StrEnum):
    """Kinds of escalation incident (越级访/集体访事件); the values are the GraphQL enum's."""

    BEIJING_ESCALATED = "BEIJING_ESCALATED"  # 进京越级访 (含涉法涉诉)
    BEIJING_NON_RECEPTION = "BEIJING_NON_RECEPTION"  # 进京到非接待场所 (非正常访)
    PROVINCE_NON_RECEPTION = "PROVINCE_NON_RECEPTION"  # 赴省到非接待场所 (非正常访), seed 002
    CITY_NON_RECEPTION = "CITY_NON_RECEPTION"  # 到市非接待场所 (非正常访), seed 002
    PROVINCE_ESCALATED = "PROVINCE_ESCALATED"  # 赴省越级访
    CITY_ESCALATED = "CITY_ESCALATED"  # 赴市越级访
    COLLECTIVE_TO_COUNTY = "COLLECTIVE_TO_COUNTY"  # 到县集体访
    COLLECTIVE_TO_CITY = "COLLECTIVE_TO_CITY"  # 到市集体访
    COLLECTIVE_ABOVE_COUNTY = "COLLECTIVE_ABOVE_COUNTY"  # 到县以上 (不含县) 集体访
    EXTREME_INCIDENT = "EXTREME_INCIDENT"  # 因信访问题引发的极端恶性事件
    MEDIA_HYPE = "MEDIA_HYPE"  # 舆论负面炒作


class UnitTier(enum.StrEnum):
    """The three tiers of 三级联创: 县, 乡镇 (街道), 村 (居/社区)."""

    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


class DestinationLevel(enum.StrEnum):
    """Where a petition was taken, lowest first (到县 < 到市 < 赴省 < 进京)."""

    COUNTY = "COUNTY"
    CITY = "CITY"
    PROVINCE = "PROVINCE"
    BEIJING = "BEIJING"

    @property
    def rank(self) -> int:
        return _DESTINATION_ORDER.index(self)


_DESTINATION_ORDER = tuple(DestinationLevel)

# (lowest, highest) destination a kind can denote. Only COLLECTIVE_ABOVE_COUNTY is a range: the
# vocabulary says "above the county" and no more (see the module docstring for how it counts).
DESTINATION_OF_KIND: Mapping[IncidentKind, tuple[DestinationLevel, DestinationLevel]] = {
    IncidentKind.BEIJING_ESCALATED: (DestinationLevel.BEIJING, DestinationLevel.BEIJING),
    IncidentKind.BEIJING_NON_RECEPTION: (DestinationLevel.BEIJING, DestinationLevel.BEIJING),
    IncidentKind.PROVINCE_NON_RECEPTION: (DestinationLevel.PROVINCE, DestinationLevel.PROVINCE),
    IncidentKind.CITY_NON_RECEPTION: (DestinationLevel.CITY, DestinationLevel.CITY),
    IncidentKind.PROVINCE_ESCALATED: (DestinationLevel.PROVINCE, DestinationLevel.PROVINCE),
    IncidentKind.CITY_ESCALATED: (DestinationLevel.CITY, DestinationLevel.CITY),
    IncidentKind.COLLECTIVE_TO_COUNTY: (DestinationLevel.COUNTY, DestinationLevel.COUNTY),
    IncidentKind.COLLECTIVE_TO_CITY: (DestinationLevel.CITY, DestinationLevel.CITY),
    IncidentKind.COLLECTIVE_ABOVE_COUNTY: (DestinationLevel.CITY, DestinationLevel.BEIJING),
}


def possible_destinations(kind: IncidentKind) -> tuple[DestinationLevel, ...]:
    """Destinations an incident of `kind` may record (none for extreme incidents and media hype);
    for validating input when an incident is recorded."""
    if kind not in DESTINATION_OF_KIND:
        return ()
    low, high = DESTINATION_OF_KIND[kind]
    return _DESTINATION_ORDER[low.rank:high.rank + 1]


def kinds_reaching(level: DestinationLevel) -> tuple[IncidentKind, ...]:
    """Kinds whose destination may be at or above `level`, in enum order."""
    return tuple(
        kind for kind in IncidentKind
        if kind in DESTINATION_OF_KIND and DESTINATION_OF_KIND[kind][1].rank >= level.rank
    )


class HeadcountComparison(enum.StrEnum):
    """"5 人（包含 5 人）以上" is >= 5; "超过 50 人" is > 50."""

    AT_LEAST = ">="
    MORE_THAN = ">"


class AccountabilityLevel(enum.StrEnum):
    """Seed 003's consequences for a unit, mildest first."""

    NONE = "NONE"
    ADMONITION = "ADMONITION"  # 诫勉谈话
    VETO = "VETO"  # 一票否决

    @property
    def severity(self) -> int:
        return tuple(AccountabilityLevel).index(self)


class CountBy(enum.StrEnum):
    """What an accountability threshold counts. Seed 003 says "1 人次" (person-times), so a
    three-person incident is three; INCIDENTS counts each incident once."""

    INCIDENTS = "INCIDENTS"
    PERSON_TIMES = "PERSON_TIMES"


class ConsequenceScope(enum.StrEnum):
    """Whose incidents score deductions and accountability (诫勉谈话 / 一票否决) count.

    The 三无 criteria always judge the unit's whole subtree (属地: a village's 进京 escalation
    means its township and county are not 三无). Consequences are a unit's own: by default only
    the incidents attributed to the unit itself (ATTRIBUTED_UNIT), so a township is not vetoed
    for a village's incident; a county may choose WHOLE_SUBTREE instead."""

    ATTRIBUTED_UNIT = "ATTRIBUTED_UNIT"
    WHOLE_SUBTREE = "WHOLE_SUBTREE"


@dataclass(frozen=True)
class MonthDay:
    """A day of the year without the year (seed 003: "从4月1日开始至10月1日结束")."""

    month: int
    day: int

    def __post_init__(self) -> None:
        dt.date(2000, self.month, self.day)  # ValueError for 02-30; 2000 is a leap year

    def in_year(self, year: int) -> dt.date:
        if (self.month, self.day) == (2, 29) and not _leap(year):
            return dt.date(year, 2, 28)
        return dt.date(year, self.month, self.day)

    def iso(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class DayPeriod:
    """Days `start`..`end` of a year, both included (seed 003's 专项整治行动: 04-01 to 10-01)."""

    start: MonthDay
    end: MonthDay

    def __post_init__(self) -> None:
        if (self.end.month, self.end.day) < (self.start.month, self.start.day):
            raise ValueError("the period ends before it starts")

    def contains(self, day: dt.date) -> bool:
        return self.start.in_year(day.year) <= day <= self.end.in_year(day.year)


# ---------------------------------------------------------------------------------------------
# Template


class TemplateError(ValueError):
    """A template (or its dict form) is invalid; `path` points at the offending field, e.g.
    ``tiers.VILLAGE[1].headcount.value``, so an editor can show it next to the input."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


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
class SanwuRule:
    """A 三无 rule template (规则模板): what a county evaluates its units against."""

    code: str
    name_zh: str
    name_en: str
    source: str
    tiers: Mapping[UnitTier, tuple[SanwuCriterion, ...]]
    accountability: AccountabilityRule | None = None
    deductions: DeductionRule = DeductionRule(points={})
    targets: tuple[SanwuTarget, ...] = ()
    consequences: ConsequenceScope = ConsequenceScope.ATTRIBUTED_UNIT
    # Year-on-year reduction targets (seed 000), `server.evaluation.reduction.ReductionTarget`s.
    reductions: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        # Validate through the dict form, so hand-built and stored templates obey the same rules,
        # and keep the parsed (canonical) values, so a hand-built template equals its round trip.
        parsed = _parse_rule(_rule_to_dict(self))
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, getattr(parsed, f.name))

    def criteria(self, tier: UnitTier) -> tuple[SanwuCriterion, ...]:
        try:
            return self.tiers[UnitTier(tier)]
        except KeyError:
            raise TemplateError("tiers", f"template {self.code} has no criteria for {tier}") from None

    def target(self, tier: UnitTier) -> SanwuTarget | None:
        return next((t for t in self.targets if t.tier == tier), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready form (decimals as strings, so nothing is lost to floats)."""
        return _rule_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SanwuRule:
        """Parse and validate a stored or edited template; raises TemplateError with a path."""
        return _parse_rule(data)


# ---------------------------------------------------------------------------------------------
# Incidents and results


@dataclass(frozen=True)
class SanwuIncident:
    """An escalation incident attributed to the unit under evaluation."""

    id: str
    kind: IncidentKind
    headcount: int
    occurred_on: dt.date
    verified: bool = True
    # Where the petitioners went, when recorded (one of `possible_destinations(kind)`); None: the
    # kind's own destination applies.
    destination: DestinationLevel | None = None

    def __post_init__(self) -> None:
        # Accept the values as stored (the model's own IncidentKind, a "CITY" string); an unknown
        # one raises ValueError here rather than being silently ignored by every criterion.
        object.__setattr__(self, "kind", IncidentKind(self.kind))
        if self.destination is not None:
            object.__setattr__(self, "destination", DestinationLevel(self.destination))

    def may_reach(self, level: DestinationLevel) -> bool:
        """Whether the incident's destination is, or may be, at or above `level`."""
        if self.destination is not None:
            return self.destination.rank >= level.rank
        if self.kind not in DESTINATION_OF_KIND:
            return False
        return DESTINATION_OF_KIND[self.kind][1].rank >= level.rank


@dataclass(frozen=True)
class CriterionOutcome:
    """How one criterion came out, with what it looked at."""

    code: str
    label_zh: str
    label_en: str
    passed: bool
    counted_kinds: tuple[IncidentKind, ...]  # kinds it can count (by name or destination)
    destination_at_or_above: DestinationLevel | None
    headcount: HeadcountThreshold | None
    incident_ids: tuple[str, ...]  # the incidents that broke it (empty when passed)
    overdue_backlog: int | None  # backlog criteria only: the count judged …
    max_overdue_backlog: int | None  # … and the most allowed


@dataclass(frozen=True)
class SanwuResult:
    template_code: str
    tier: UnitTier
    qualifies: bool
    criteria: tuple[CriterionOutcome, ...]  # every criterion of the tier, in template order
    incident_ids: tuple[str, ...]  # every incident judged
    overdue_backlog: int

    @property
    def failed(self) -> tuple[CriterionOutcome, ...]:
        return tuple(c for c in self.criteria if not c.passed)

    @property
    def failed_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.failed)


@dataclass(frozen=True)
class AccountabilityOutcome:
    level: AccountabilityLevel
    count: int  # in `count_by` units
    count_by: CountBy | None  # None when the template has no accountability rule
    incident_ids: tuple[str, ...]  # the incidents counted
    thresholds: tuple[AccountabilityThreshold, ...]

    @property
    def vetoed(self) -> bool:
        return self.level is AccountabilityLevel.VETO


@dataclass(frozen=True)
class DeductionItem:
    incident_id: str
    kind: IncidentKind
    points: Decimal


@dataclass(frozen=True)
class IncidentDeductions:
    items: tuple[DeductionItem, ...]  # one per incident whose kind carries points
    gross: Decimal  # sum of items
    cap: Decimal | None
    total: Decimal  # min(gross, cap), two decimals

    @classmethod
    def none(cls) -> IncidentDeductions:
        return cls(items=(), gross=Decimal("0.00"), cap=None, total=Decimal("0.00"))


@dataclass(frozen=True)
class TargetProgress:
    tier: UnitTier
    scope: UnitTier | None
    target_percent: Decimal | None  # None: the template sets no target for this tier
    qualifying_count: int
    total_count: int
    actual_percent: Decimal | None  # two decimals; None when there are no units
    met: bool | None  # None when there is no target; compared exactly, not on the rounded figure


# ---------------------------------------------------------------------------------------------
# Rules


def _check_incidents(incidents: Iterable[SanwuIncident]) -> tuple[SanwuIncident, ...]:
    checked = tuple(incidents)
    seen: set[str] = set()
    for incident in checked:
        if not isinstance(incident, SanwuIncident):
            raise TypeError(f"expected SanwuIncident, got {type(incident).__name__}")
        if not incident.verified:
            raise ValueError(f"incident {incident.id} is not verified; the caller filters incidents")
        if isinstance(incident.headcount, bool) or not isinstance(incident.headcount, int) or incident.headcount < 1:
            raise ValueError(f"incident {incident.id} has headcount {incident.headcount!r}; at least 1")
        if incident.destination is not None and incident.destination not in possible_destinations(incident.kind):
            raise ValueError(
                f"incident {incident.id}: {incident.kind} cannot have gone to {incident.destination}")
        if incident.id in seen:
            raise ValueError(f"incident {incident.id} is listed twice")
        seen.add(incident.id)
    return checked


def evaluate_sanwu(
    template: SanwuRule,
    tier: UnitTier,
    incidents: Iterable[SanwuIncident],
    overdue_backlog: int = 0,
) -> SanwuResult:
    """Whether a unit of `tier` is "三无" under `template`, and if not, which criteria failed and
    which incidents (or how many overdue backlog cases) broke each one.

    `incidents`: verified incidents attributed to this unit in the period (the caller filters).
    `overdue_backlog`: the unit's overdue backlog cases (信访积案), for backlog criteria.
    """
    tier = UnitTier(tier)
    criteria = template.criteria(tier)
    judged = _check_incidents(incidents)
    if isinstance(overdue_backlog, bool) or not isinstance(overdue_backlog, int) or overdue_backlog < 0:
        raise ValueError(f"overdue_backlog must be a non-negative integer, got {overdue_backlog!r}")
    outcomes = []
    for criterion in criteria:
        if criterion.is_backlog:
            assert criterion.max_overdue_backlog is not None
            outcomes.append(CriterionOutcome(
                code=criterion.code, label_zh=criterion.label_zh, label_en=criterion.label_en,
                passed=overdue_backlog <= criterion.max_overdue_backlog, counted_kinds=(),
                destination_at_or_above=None, headcount=None, incident_ids=(), overdue_backlog=overdue_backlog,
                max_overdue_backlog=criterion.max_overdue_backlog,
            ))
            continue
        breaking = tuple(i.id for i in judged if criterion.counts(i))
        outcomes.append(CriterionOutcome(
            code=criterion.code, label_zh=criterion.label_zh, label_en=criterion.label_en,
            passed=not breaking, counted_kinds=criterion.counted_kinds,
            destination_at_or_above=criterion.destination_at_or_above, headcount=criterion.headcount,
            incident_ids=breaking, overdue_backlog=None, max_overdue_backlog=None,
        ))
    return SanwuResult(
        template_code=template.code, tier=tier, qualifies=all(o.passed for o in outcomes),
        criteria=tuple(outcomes), incident_ids=tuple(i.id for i in judged),
        overdue_backlog=overdue_backlog,
    )


def accountability(template: SanwuRule, incidents: Iterable[SanwuIncident]) -> AccountabilityOutcome:
    """Seed 003's consequence for the unit the incidents are attributed to: the most severe
    threshold reached (NONE below the first). The caller passes the incidents of the year; only
    those within the rule's period count (seed 003: "在專項整治行動期間", the campaign's months)."""
    judged = _check_incidents(incidents)
    rule = template.accountability
    if rule is None:
        return AccountabilityOutcome(AccountabilityLevel.NONE, 0, None, (), ())
    counted = tuple(i for i in judged if i.kind in rule.kinds
                    and (rule.period is None or rule.period.contains(i.occurred_on)))
    count = len(counted) if rule.count_by is CountBy.INCIDENTS else sum(i.headcount for i in counted)
    level = AccountabilityLevel.NONE
    for threshold in rule.thresholds:
        if count >= threshold.at_least:
            level = threshold.level
    return AccountabilityOutcome(level, count, rule.count_by, tuple(i.id for i in counted), rule.thresholds)


def incident_deductions(template: SanwuRule, incidents: Iterable[SanwuIncident]) -> IncidentDeductions:
    """Score deductions for a unit's incidents: each incident's kind's points, capped."""
    judged = _check_incidents(incidents)
    points = template.deductions.points
    items = tuple(DeductionItem(i.id, i.kind, points[i.kind]) for i in judged if points.get(i.kind))
    gross = round2(sum((item.points for item in items), Decimal("0")))
    cap = template.deductions.cap
    total = gross if cap is None else min(gross, round2(cap))
    return IncidentDeductions(items=items, gross=gross, cap=cap, total=total)


def targets_progress(
    template: SanwuRule, tier: UnitTier, qualifying_count: int, total_count: int
) -> TargetProgress:
    """How far the 三无 units of `tier` are from the template's creation target.

    `met` compares exactly (qualifying × 100 ≥ target × total), so 79,999 of 200,000 villages
    (39.9995 %, shown as 40.00) does not meet a 40 % target.
    """
    tier = UnitTier(tier)
    for name, value in (("qualifying_count", qualifying_count), ("total_count", total_count)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if qualifying_count > total_count:
        raise ValueError(f"qualifying_count {qualifying_count} exceeds total_count {total_count}")
    actual = round2(Decimal(qualifying_count) * 100 / Decimal(total_count)) if total_count else None
    target = template.target(tier)
    if target is None:
        return TargetProgress(tier, None, None, qualifying_count, total_count, actual, None)
    # No units, nothing created: a target cannot be met by an empty population.
    met = total_count > 0 and Decimal(qualifying_count) * 100 >= target.min_percent * total_count
    return TargetProgress(tier, target.scope, target.min_percent, qualifying_count, total_count, actual, met)


# ---------------------------------------------------------------------------------------------
# Plain form (JSON) of templates and results


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


def _rule_to_dict(rule: SanwuRule) -> dict[str, Any]:
    return {
        "schema_version": TEMPLATE_SCHEMA_VERSION,
        "code": rule.code,
        "name_zh": rule.name_zh,
        "name_en": rule.name_en,
        "source": rule.source,
        "tiers": {
            tier.value: [_criterion_to_dict(c) for c in rule.tiers[tier]]
            for tier in UnitTier if tier in rule.tiers
        },
        "accountability": None if rule.accountability is None else {
            "label_zh": rule.accountability.label_zh,
            "label_en": rule.accountability.label_en,
            "kinds": [k.value for k in rule.accountability.kinds],
            "count_by": rule.accountability.count_by.value,
            "thresholds": [
                {"at_least": t.at_least, "level": t.level.value} for t in rule.accountability.thresholds
            ],
            "period": None if rule.accountability.period is None else {
                "start": rule.accountability.period.start.iso(), "end": rule.accountability.period.end.iso()},
        },
        "consequences": rule.consequences.value,
        "deductions": {
            "per_incident": {
                kind.value: str(rule.deductions.points[kind]) for kind in IncidentKind
                if kind in rule.deductions.points
            },
            "cap": None if rule.deductions.cap is None else str(rule.deductions.cap),
        },
        "targets": [
            {"tier": t.tier.value, "scope": t.scope.value, "min_percent": str(t.min_percent),
             "label_zh": t.label_zh, "label_en": t.label_en}
            for t in rule.targets
        ],
        **({"reductions": [_reduction_module().reduction_to_dict(t) for t in rule.reductions]} if rule.reductions else {}),
    }


def _reduction_module() -> Any:
    from server.evaluation import reduction  # imported late: it builds on this module

    return reduction


def _criterion_to_dict(c: SanwuCriterion) -> dict[str, Any]:
    return {
        "code": c.code,
        "label_zh": c.label_zh,
        "label_en": c.label_en,
        "kinds": [k.value for k in c.kinds],
        "destination_at_or_above": None if c.destination_at_or_above is None else c.destination_at_or_above.value,
        "headcount": None if c.headcount is None else {"op": c.headcount.comparison.value, "value": c.headcount.value},
        "max_overdue_backlog": c.max_overdue_backlog,
    }


# Parsing is strict: an unknown key is an error, because a misspelt "kind" silently ignored would
# leave a criterion that counts nothing and a unit that can never fail it.

def _keys(data: Any, path: str, required: set[str], optional: set[str] = frozenset()) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise TemplateError(path, "expected an object")
    missing = required - data.keys()
    if missing:
        raise TemplateError(path, f"missing {', '.join(sorted(missing))}")
    unknown = set(data.keys()) - required - optional
    if unknown:
        raise TemplateError(path, f"unknown {', '.join(sorted(map(str, unknown)))}")
    return data


def _text(data: Any, path: str) -> str:
    if not isinstance(data, str) or not data.strip():
        raise TemplateError(path, "expected non-empty text")
    return data


def _int(data: Any, path: str, minimum: int) -> int:
    if isinstance(data, bool) or not isinstance(data, int) or data < minimum:
        raise TemplateError(path, f"expected an integer of at least {minimum}")
    return data


def _decimal(data: Any, path: str) -> Decimal:
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


def _enum(cls: type[_E], data: Any, path: str) -> _E:
    try:
        return cls(data)
    except ValueError:
        raise TemplateError(path, f"expected one of {', '.join(m.value for m in cls)}") from None


def _kinds(data: Any, path: str) -> tuple[IncidentKind, ...]:
    if not isinstance(data, list | tuple):
        raise TemplateError(path, "expected a list")
    kinds = [_enum(IncidentKind, k, f"{path}[{n}]") for n, k in enumerate(data)]
    if len(set(kinds)) != len(kinds):
        raise TemplateError(path, "a kind is listed twice")
    return tuple(k for k in IncidentKind if k in kinds)  # canonical order: equal sets compare equal


def _parse_criterion(data: Any, path: str) -> SanwuCriterion:
    _keys(data, path, {"code", "label_zh", "label_en"},
          {"kinds", "destination_at_or_above", "headcount", "max_overdue_backlog"})
    kinds = _kinds(data.get("kinds", []), f"{path}.kinds")
    level = data.get("destination_at_or_above")
    destination = None if level is None else _enum(DestinationLevel, level, f"{path}.destination_at_or_above")
    headcount = None
    if data.get("headcount") is not None:
        h = _keys(data["headcount"], f"{path}.headcount", {"op", "value"})
        headcount = HeadcountThreshold(
            _enum(HeadcountComparison, h["op"], f"{path}.headcount.op"),
            _int(h["value"], f"{path}.headcount.value", 1),
        )
    backlog = data.get("max_overdue_backlog")
    if backlog is not None:
        backlog = _int(backlog, f"{path}.max_overdue_backlog", 0)
        if kinds or destination or headcount:
            raise TemplateError(path, "a backlog criterion counts no incidents")
    elif not kinds and destination is None:
        raise TemplateError(path, "a criterion needs kinds, destination_at_or_above or max_overdue_backlog")
    return SanwuCriterion(
        code=_text(data["code"], f"{path}.code"),
        label_zh=_text(data["label_zh"], f"{path}.label_zh"),
        label_en=_text(data["label_en"], f"{path}.label_en"),
        kinds=kinds, destination_at_or_above=destination, headcount=headcount, max_overdue_backlog=backlog,
    )


def _parse_accountability(data: Any, path: str) -> AccountabilityRule | None:
    if data is None:
        return None
    _keys(data, path, {"label_zh", "label_en", "kinds", "count_by", "thresholds"}, {"period"})
    kinds = _kinds(data["kinds"], f"{path}.kinds")
    if not kinds:
        raise TemplateError(f"{path}.kinds", "name at least one kind")
    if not isinstance(data["thresholds"], list | tuple) or not data["thresholds"]:
        raise TemplateError(f"{path}.thresholds", "expected a non-empty list")
    thresholds = []
    for n, t in enumerate(data["thresholds"]):
        tpath = f"{path}.thresholds[{n}]"
        _keys(t, tpath, {"at_least", "level"})
        threshold = AccountabilityThreshold(
            _int(t["at_least"], f"{tpath}.at_least", 1), _enum(AccountabilityLevel, t["level"], f"{tpath}.level")
        )
        if threshold.level is AccountabilityLevel.NONE:
            raise TemplateError(f"{tpath}.level", "NONE is what applies below the first threshold")
        if thresholds and not (
            threshold.at_least > thresholds[-1].at_least and threshold.level.severity > thresholds[-1].level.severity
        ):
            raise TemplateError(tpath, "thresholds must rise in count and in severity")
        thresholds.append(threshold)
    return AccountabilityRule(
        label_zh=_text(data["label_zh"], f"{path}.label_zh"), label_en=_text(data["label_en"], f"{path}.label_en"),
        kinds=kinds, count_by=_enum(CountBy, data["count_by"], f"{path}.count_by"), thresholds=tuple(thresholds),
        period=_parse_period(data.get("period"), f"{path}.period"),
    )


def _month_day(data: Any, path: str) -> MonthDay:
    if isinstance(data, str) and len(data) == 5 and data[2] == "-" and data[:2].isdigit() and data[3:].isdigit():
        try:
            return MonthDay(int(data[:2]), int(data[3:]))
        except ValueError:
            pass
    raise TemplateError(path, "expected a day of the year as MM-DD")


def _parse_period(data: Any, path: str) -> DayPeriod | None:
    if data is None:
        return None
    _keys(data, path, {"start", "end"})
    start, end = _month_day(data["start"], f"{path}.start"), _month_day(data["end"], f"{path}.end")
    try:
        return DayPeriod(start, end)
    except ValueError:
        raise TemplateError(f"{path}.end", "the period ends before it starts") from None


def _parse_deductions(data: Any, path: str) -> DeductionRule:
    if data is None:
        return DeductionRule(points={})
    _keys(data, path, {"per_incident"}, {"cap"})
    per = data["per_incident"]
    if not isinstance(per, Mapping):
        raise TemplateError(f"{path}.per_incident", "expected an object of kind → points")
    points = {
        _enum(IncidentKind, k, f"{path}.per_incident.{k}"): _decimal(v, f"{path}.per_incident.{k}")
        for k, v in per.items()
    }
    cap = None if data.get("cap") is None else _decimal(data["cap"], f"{path}.cap")
    return DeductionRule(points={k: points[k] for k in IncidentKind if k in points}, cap=cap)


_TIER_ORDER = tuple(UnitTier)


def _parse_targets(data: Any, path: str) -> tuple[SanwuTarget, ...]:
    if data is None:
        return ()
    if not isinstance(data, list | tuple):
        raise TemplateError(path, "expected a list")
    targets: list[SanwuTarget] = []
    for n, t in enumerate(data):
        tpath = f"{path}[{n}]"
        _keys(t, tpath, {"tier", "scope", "min_percent", "label_zh", "label_en"})
        tier = _enum(UnitTier, t["tier"], f"{tpath}.tier")
        scope = _enum(UnitTier, t["scope"], f"{tpath}.scope")
        if _TIER_ORDER.index(scope) >= _TIER_ORDER.index(tier):
            raise TemplateError(f"{tpath}.scope", "the scope must be a tier above the counted units")
        percent = _decimal(t["min_percent"], f"{tpath}.min_percent")
        if not 0 < percent <= 100:
            raise TemplateError(f"{tpath}.min_percent", "expected more than 0 and at most 100")
        if any(existing.tier == tier for existing in targets):
            raise TemplateError(f"{tpath}.tier", "one target per tier")
        targets.append(SanwuTarget(tier, scope, percent, _text(t["label_zh"], f"{tpath}.label_zh"),
                                   _text(t["label_en"], f"{tpath}.label_en")))
    return tuple(targets)


def _parse_rule(data: Mapping[str, Any]) -> SanwuRule:
    _keys(data, "", {"code", "name_zh", "name_en", "tiers"},
          {"schema_version", "source", "accountability", "deductions", "targets", "consequences", "reductions"})
    version = data.get("schema_version", TEMPLATE_SCHEMA_VERSION)
    if version != TEMPLATE_SCHEMA_VERSION:
        raise TemplateError("schema_version", f"this server reads version {TEMPLATE_SCHEMA_VERSION}")
    tiers_data = data["tiers"]
    if not isinstance(tiers_data, Mapping) or not tiers_data:
        raise TemplateError("tiers", "expected an object of tier → criteria")
    tiers: dict[UnitTier, tuple[SanwuCriterion, ...]] = {}
    for key, criteria in tiers_data.items():
        tier = _enum(UnitTier, key, f"tiers.{key}")
        if not isinstance(criteria, list | tuple) or not criteria:
            # A tier with no criteria would make every unit 三无 by default.
            raise TemplateError(f"tiers.{key}", "expected a non-empty list of criteria")
        parsed = tuple(_parse_criterion(c, f"tiers.{key}[{n}]") for n, c in enumerate(criteria))
        codes = [c.code for c in parsed]
        if len(set(codes)) != len(codes):
            raise TemplateError(f"tiers.{key}", "criterion codes must be unique within a tier")
        tiers[tier] = parsed
    source = data.get("source", "")
    if not isinstance(source, str):
        raise TemplateError("source", "expected text")
    rule = object.__new__(SanwuRule)  # skip __post_init__: this *is* the validation
    for name, value in {
        "code": _text(data["code"], "code"),
        "name_zh": _text(data["name_zh"], "name_zh"),
        "name_en": _text(data["name_en"], "name_en"),
        "source": source,
        "tiers": {t: tiers[t] for t in UnitTier if t in tiers},
        "accountability": _parse_accountability(data.get("accountability"), "accountability"),
        "deductions": _parse_deductions(data.get("deductions"), "deductions"),
        "targets": _parse_targets(data.get("targets"), "targets"),
        # Templates stored before the setting existed read as the default.
        "reductions": _reduction_module().parse_reductions(data.get("reductions"), "reductions"),
        "consequences": _enum(ConsequenceScope, data.get("consequences") or ConsequenceScope.ATTRIBUTED_UNIT.value,
                              "consequences"),
    }.items():
        object.__setattr__(rule, name, value)
    return rule


__all__ = [
    "DESTINATION_OF_KIND", "TEMPLATE_SCHEMA_VERSION", "AccountabilityLevel", "AccountabilityOutcome",
    "AccountabilityRule", "AccountabilityThreshold", "ConsequenceScope", "CountBy", "DayPeriod", "MonthDay",
    "CriterionOutcome", "DeductionItem",
    "DeductionRule", "DestinationLevel", "HeadcountComparison", "HeadcountThreshold", "IncidentDeductions",
    "IncidentKind", "SanwuCriterion", "SanwuIncident", "SanwuResult", "SanwuRule", "SanwuTarget",
    "TargetProgress", "TemplateError", "UnitTier", "accountability", "evaluate_sanwu", "incident_deductions",
    "kinds_reaching", "plain", "possible_destinations", "round2", "targets_progress",
]

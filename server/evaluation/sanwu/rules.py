"""The 三无 rule engine: pure functions over a rule template and a unit's incidents. No I/O.

What the caller must do before calling (these functions judge exactly what they are given):
- pass only incidents that count: verified by the county, and either uncontested or contested
  with the attribution upheld by the county (an unverified incident is rejected with ValueError,
  so a forgotten filter fails loudly instead of failing or passing a unit silently);
- pass only incidents attributed to the unit being judged, in the period being judged (the year;
  seed 003's special campaign period for accountability). Rolling a village's incident up to its
  township is an attribution decision taken when the incident is recorded, not a rule here;
- for 无信访积案 (seed 002), count the unit's overdue backlog cases itself.

How a criterion counts incidents is told in `server.evaluation.sanwu.vocabulary`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from server.evaluation.sanwu.criteria import AccountabilityThreshold, HeadcountThreshold
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.vocabulary import (
    AccountabilityLevel,
    CountBy,
    DestinationLevel,
    IncidentKind,
    SanwuIncident,
    UnitTier,
    possible_destinations,
)
from server.evaluation.values import round2


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

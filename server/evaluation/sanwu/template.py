"""The 三无 rule template (规则模板) as a whole, and its dict (JSON) form. Pure.

A **rule template** (`SanwuRule`, 规则模板) is data a county picks or edits and stores as JSON
(`SanwuRule.to_dict()` / `SanwuRule.from_dict()`): per unit tier a list of criteria
(`SanwuCriterion`), an accountability rule (seed 003: 诫勉谈话 / 一票否决), per-incident score
deductions and creation targets (seed 004: 40 % of townships, 50 % of villages; seed 002: 90 % of
a township's villages). The built-in templates are in `server.evaluation.sanwu.templates`.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.evaluation.sanwu.criteria import (
    AccountabilityRule,
    DeductionRule,
    ReductionTarget,
    SanwuCriterion,
    SanwuTarget,
    criterion_to_dict,
    parse_accountability,
    parse_criterion,
    parse_deductions,
    parse_reductions,
    parse_targets,
    reduction_to_dict,
)
from server.evaluation.sanwu.parsing import TemplateError, parse_enum, parse_keys, parse_text
from server.evaluation.sanwu.vocabulary import ConsequenceScope, IncidentKind, UnitTier

TEMPLATE_SCHEMA_VERSION = 1


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
    # Year-on-year reduction targets (seed 000).
    reductions: tuple[ReductionTarget, ...] = ()

    def __post_init__(self) -> None:
        # Validate through the dict form, so hand-built and stored templates obey the same rules,
        # and keep the parsed (canonical) values, so a hand-built template equals its round trip.
        parsed = parse_rule(rule_to_dict(self))
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
        return rule_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SanwuRule:
        """Parse and validate a stored or edited template; raises TemplateError with a path."""
        return parse_rule(data)




def rule_to_dict(rule: SanwuRule) -> dict[str, Any]:
    return {
        "schema_version": TEMPLATE_SCHEMA_VERSION,
        "code": rule.code,
        "name_zh": rule.name_zh,
        "name_en": rule.name_en,
        "source": rule.source,
        "tiers": {
            tier.value: [criterion_to_dict(c) for c in rule.tiers[tier]]
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
        **({"reductions": [reduction_to_dict(t) for t in rule.reductions]} if rule.reductions else {}),
    }




def parse_rule(data: Mapping[str, Any]) -> SanwuRule:
    parse_keys(data, "", {"code", "name_zh", "name_en", "tiers"},
          {"schema_version", "source", "accountability", "deductions", "targets", "consequences", "reductions"})
    version = data.get("schema_version", TEMPLATE_SCHEMA_VERSION)
    if version != TEMPLATE_SCHEMA_VERSION:
        raise TemplateError("schema_version", f"this server reads version {TEMPLATE_SCHEMA_VERSION}")
    tiers_data = data["tiers"]
    if not isinstance(tiers_data, Mapping) or not tiers_data:
        raise TemplateError("tiers", "expected an object of tier → criteria")
    tiers: dict[UnitTier, tuple[SanwuCriterion, ...]] = {}
    for key, criteria in tiers_data.items():
        tier = parse_enum(UnitTier, key, f"tiers.{key}")
        if not isinstance(criteria, list | tuple) or not criteria:
            # A tier with no criteria would make every unit 三无 by default.
            raise TemplateError(f"tiers.{key}", "expected a non-empty list of criteria")
        parsed = tuple(parse_criterion(c, f"tiers.{key}[{n}]") for n, c in enumerate(criteria))
        codes = [c.code for c in parsed]
        if len(set(codes)) != len(codes):
            raise TemplateError(f"tiers.{key}", "criterion codes must be unique within a tier")
        tiers[tier] = parsed
    source = data.get("source", "")
    if not isinstance(source, str):
        raise TemplateError("source", "expected text")
    rule = object.__new__(SanwuRule)  # skip __post_init__: this *is* the validation
    for name, value in {
        "code": parse_text(data["code"], "code"),
        "name_zh": parse_text(data["name_zh"], "name_zh"),
        "name_en": parse_text(data["name_en"], "name_en"),
        "source": source,
        "tiers": {t: tiers[t] for t in UnitTier if t in tiers},
        "accountability": parse_accountability(data.get("accountability"), "accountability"),
        "deductions": parse_deductions(data.get("deductions"), "deductions"),
        "targets": parse_targets(data.get("targets"), "targets"),
        # Templates stored before the setting existed read as the default.
        "reductions": parse_reductions(data.get("reductions"), "reductions"),
        "consequences": parse_enum(ConsequenceScope, data.get("consequences") or ConsequenceScope.ATTRIBUTED_UNIT.value,
                              "consequences"),
    }.items():
        object.__setattr__(rule, name, value)
    return rule

"""The checks of the 三无 rule template (`SanwuRule`'s dict form), section by section: the tiers'
criteria, accountability, the special campaign period, deductions and targets."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.evaluation.sanwu.criteria import parse_reductions
from server.evaluation.sanwu.parsing import TemplateError, parse_month_day
from server.evaluation.sanwu.vocabulary import (
    AccountabilityLevel,
    ConsequenceScope,
    CountBy,
    DestinationLevel,
    HeadcountComparison,
    IncidentKind,
    UnitTier,
)
from server.evaluation.settings_rules.fields import (
    ACCOUNTABILITY_MAX,
    BACKLOG_MAX,
    CODE_MAX,
    CRITERIA_MAX,
    HEADCOUNT_MAX,
    POINTS_MAX,
    SOURCE_MAX,
    FieldChecks,
)

_TIERS = tuple(UnitTier)
_CRITERION_KEYS = {"code", "label_zh", "label_en", "kinds", "destination_at_or_above", "headcount",
                   "max_overdue_backlog"}


def _criterion(c: FieldChecks, data: Any, path: str) -> str | None:
    d = c.obj(data, path, _CRITERION_KEYS)
    if d is None:
        return None
    code = d.get("code")
    c.text(code, f"{path}.code", CODE_MAX)
    c.text(d.get("label_zh"), f"{path}.label_zh")
    c.text(d.get("label_en"), f"{path}.label_en")
    kinds = c.kinds(d.get("kinds"), f"{path}.kinds")
    level = d.get("destination_at_or_above")
    if level is not None:
        c.choice(level, f"{path}.destination_at_or_above", tuple(x.value for x in DestinationLevel))
    headcount = d.get("headcount")
    if headcount is not None:
        h = c.obj(headcount, f"{path}.headcount", {"op", "value"})
        if h is not None:
            c.choice(h.get("op"), f"{path}.headcount.op", tuple(x.value for x in HeadcountComparison))
            c.integer(h.get("value"), f"{path}.headcount.value", 1, HEADCOUNT_MAX)
    backlog = d.get("max_overdue_backlog")
    if backlog is not None:
        c.integer(backlog, f"{path}.max_overdue_backlog", 0, BACKLOG_MAX)
        if kinds or level is not None or headcount is not None:
            c.add(path, "BACKLOG_ONLY")
    elif kinds is not None and not kinds and level is None:
        c.add(path, "CRITERION_EMPTY")
    return code if isinstance(code, str) and code.strip() else None


def _accountability(c: FieldChecks, data: Any, path: str) -> None:
    if data is None:
        return
    d = c.obj(data, path, {"label_zh", "label_en", "kinds", "count_by", "thresholds", "period"})
    if d is None:
        return
    _period(c, d.get("period"), f"{path}.period")
    c.text(d.get("label_zh"), f"{path}.label_zh", 500)
    c.text(d.get("label_en"), f"{path}.label_en", 500)
    kinds = c.kinds(d.get("kinds"), f"{path}.kinds")
    if kinds is not None and not kinds:
        c.add(f"{path}.kinds", "KINDS_REQUIRED")
    c.choice(d.get("count_by"), f"{path}.count_by", tuple(x.value for x in CountBy))
    thresholds = d.get("thresholds")
    if not isinstance(thresholds, list | tuple) or not thresholds:
        c.add(f"{path}.thresholds", "REQUIRED", "error.REQUIRED")
        return
    levels = (AccountabilityLevel.ADMONITION.value, AccountabilityLevel.VETO.value)
    previous: tuple[int, int] | None = None
    for n, t in enumerate(thresholds):
        tpath = f"{path}.thresholds[{n}]"
        td = c.obj(t, tpath, {"at_least", "level"})
        if td is None:
            continue
        at_least = c.integer(td.get("at_least"), f"{tpath}.at_least", 1, ACCOUNTABILITY_MAX)
        level = c.choice(td.get("level"), f"{tpath}.level", levels)
        if at_least is None or level is None:
            previous = None
            continue
        severity = levels.index(level)
        if previous is not None and not (at_least > previous[0] and severity > previous[1]):
            c.add(f"{tpath}.at_least", "THRESHOLDS_ORDER")
        previous = (at_least, severity)


def _period(c: FieldChecks, data: Any, path: str) -> None:
    """Seed 003's 专项整治行动 period: MM-DD to MM-DD of the year (null: the whole year)."""
    if data is None:
        return
    d = c.obj(data, path, {"start", "end"})
    if d is None:
        return
    days = []
    for key in ("start", "end"):
        try:
            days.append(parse_month_day(d.get(key), f"{path}.{key}"))
        except TemplateError:
            c.add(f"{path}.{key}", "MONTH_DAY")
    if len(days) == 2 and (days[1].month, days[1].day) < (days[0].month, days[0].day):
        c.add(f"{path}.end", "PERIOD_ORDER")


def _deductions(c: FieldChecks, data: Any, path: str) -> None:
    if data is None:
        return
    d = c.obj(data, path, {"per_incident", "cap"})
    if d is None:
        return
    per = c.obj(d.get("per_incident", {}), f"{path}.per_incident")
    if per is not None:
        known = {k.value for k in IncidentKind}
        for kind, points in per.items():
            if kind not in known:
                c.add(f"{path}.per_incident.{kind}", "INVALID_CHOICE", choices=", ".join(sorted(known)))
            else:
                c.number(points, f"{path}.per_incident.{kind}", Decimal(0), POINTS_MAX)
    if d.get("cap") is not None:
        c.number(d["cap"], f"{path}.cap", Decimal(0), POINTS_MAX)


def _targets(c: FieldChecks, data: Any, path: str) -> None:
    if data is None:
        return
    if not isinstance(data, list | tuple):
        c.add(path, "INVALID", "error.INVALID")
        return
    tiers = tuple(t.value for t in _TIERS)
    seen: set[str] = set()
    for n, t in enumerate(data):
        tpath = f"{path}[{n}]"
        d = c.obj(t, tpath, {"tier", "scope", "min_percent", "label_zh", "label_en"})
        if d is None:
            continue
        tier = c.choice(d.get("tier"), f"{tpath}.tier", tiers)
        scope = c.choice(d.get("scope"), f"{tpath}.scope", tiers)
        if tier is not None and scope is not None and tiers.index(scope) >= tiers.index(tier):
            c.add(f"{tpath}.scope", "TARGET_SCOPE")
        if tier is not None:
            if tier in seen:
                c.add(f"{tpath}.tier", "TARGET_TWICE")
            seen.add(tier)
        c.number(d.get("min_percent"), f"{tpath}.min_percent", Decimal(0), Decimal(100), above_low=True)
        c.text(d.get("label_zh"), f"{tpath}.label_zh")
        c.text(d.get("label_en"), f"{tpath}.label_en")


def check_template(c: FieldChecks, data: Any) -> None:
    p = "template"
    d = c.obj(data, p, {"schema_version", "code", "name_zh", "name_en", "source", "tiers", "accountability",
                        "deductions", "targets", "consequences", "reductions"})
    if d is None:
        return
    if d.get("schema_version", 1) != 1:
        c.add(f"{p}.schema_version", "INVALID", "error.INVALID")
    c.text(d.get("code"), f"{p}.code", CODE_MAX)
    c.text(d.get("name_zh"), f"{p}.name_zh")
    c.text(d.get("name_en"), f"{p}.name_en")
    c.text(d.get("source"), f"{p}.source", SOURCE_MAX, required=False)
    tiers = c.obj(d.get("tiers"), f"{p}.tiers", {t.value for t in _TIERS})
    if tiers is not None:
        for tier in _TIERS:
            tpath = f"{p}.tiers.{tier.value}"
            criteria = tiers.get(tier.value)
            # Every tier is judged (the review scores townships and villages, the county has its
            # own status); a tier without criteria would make every unit of it 三无 by default.
            if not isinstance(criteria, list | tuple) or not criteria:
                c.add(tpath, "TIER_EMPTY")
                continue
            if len(criteria) > CRITERIA_MAX:
                c.add(tpath, "TOO_MANY", "error.TOO_MANY", max=CRITERIA_MAX)
                continue
            codes: list[str] = []
            for n, criterion in enumerate(criteria):
                code = _criterion(c, criterion, f"{tpath}[{n}]")
                if code is not None:
                    if code in codes:
                        c.add(f"{tpath}[{n}].code", "DUPLICATE", "evaluation.DUPLICATE")
                    codes.append(code)
    if d.get("reductions") is not None:
        try:
            parse_reductions(d.get("reductions"), f"{p}.reductions")
        except TemplateError as error:
            c.add(error.path, "INVALID", "evaluation.INVALID_TEMPLATE", detail=error.message)
    if d.get("consequences") is not None:
        c.choice(d.get("consequences"), f"{p}.consequences", tuple(x.value for x in ConsequenceScope))
    _accountability(c, d.get("accountability"), f"{p}.accountability")
    _deductions(c, d.get("deductions"), f"{p}.deductions")
    _targets(c, d.get("targets"), f"{p}.targets")

"""Field-by-field checks of an edited evaluation settings form: the "三无" rule template and the
scoring policy, as the county's editor sends them. Pure: no I/O.

`SanwuRule.from_dict` and `ScoringPolicy.from_dict` stop at the first problem and describe it in
English for developers. A county administrator needs every problem at once, each next to its
input, in their language, so `check_settings` walks the same structure and returns every problem
as a `FieldProblem` (path, code, message key, parameters). Paths are those of `TemplateError`,
prefixed with the part they belong to: ``template.tiers.TOWNSHIP[1].headcount.value``,
``template.targets[0].min_percent``, ``policy.weights.self_assessment``. When no problem is found,
the strict parsers run as a backstop (`parse_settings`), so nothing they refuse is ever saved.

The PWA repeats these checks before it sends anything (pwa/src/features/admin/evaluationSettings.ts);
the server's answer is the one that counts.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from server.errors import Validator
from server.evaluation.sanwu.criteria import parse_reductions
from server.evaluation.sanwu.parsing import TemplateError, parse_month_day
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.vocabulary import (
    AccountabilityLevel,
    ConsequenceScope,
    CountBy,
    DestinationLevel,
    HeadcountComparison,
    IncidentKind,
    UnitTier,
)
from server.evaluation.scoring.policy import ScoringPolicy

HEADCOUNT_MAX = 100_000
BACKLOG_MAX = 10_000
ACCOUNTABILITY_MAX = 1_000
POINTS_MAX = Decimal(100)
LABEL_MAX = 200
CODE_MAX = 64
SOURCE_MAX = 1_000
CRITERIA_MAX = 20
DECIMAL_PLACES = 2

_TIERS = tuple(UnitTier)
_CRITERION_KEYS = {"code", "label_zh", "label_en", "kinds", "destination_at_or_above", "headcount",
                   "max_overdue_backlog"}
_WEIGHT_KEYS = ("self_assessment", "public_evaluation", "organisational_assessment")
_RATE_POINT_KEYS = ("timely_acceptance", "on_time_reply", "satisfaction", "participation",
                    "repeat_petition_deduction")


@dataclass(frozen=True)
class FieldProblem:
    path: str  # "template.tiers.TOWNSHIP[1].headcount.value"
    code: str  # stable: REQUIRED, OUT_OF_RANGE, NOT_A_NUMBER, WEIGHTS_SUM, …
    message_key: str
    params: Mapping[str, object] = field(default_factory=dict)


class _Checks:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def add(self, path: str, code: str, key: str | None = None, **params: object) -> None:
        self.problems.append(FieldProblem(path, code, key or f"evaluationSettings.{code}", params))

    # -- values ---------------------------------------------------------------------------------

    def obj(self, value: Any, path: str, known: set[str] | None = None) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.add(path, "INVALID", "error.INVALID")
            return None
        if known is not None:
            for key in value:
                if key not in known:
                    self.add(f"{path}.{key}" if path else str(key), "UNKNOWN_FIELD")
        return value

    def text(self, value: Any, path: str, max_length: int = LABEL_MAX, required: bool = True) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(path, "REQUIRED", "error.REQUIRED")
            return
        if not isinstance(value, str):
            self.add(path, "INVALID", "error.INVALID")
        elif len(value) > max_length:
            self.add(path, "TOO_LONG", "error.TOO_LONG", max=max_length)

    def integer(self, value: Any, path: str, low: int, high: int) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "REQUIRED", "error.REQUIRED")
            return None
        number = _to_decimal(value)
        if number is None:
            self.add(path, "NOT_A_NUMBER")
            return None
        if number != number.to_integral_value() or not isinstance(value, int) or isinstance(value, bool):
            # JSON integers only: "5" or 5.0 would be stored as something the engine refuses.
            self.add(path, "NOT_AN_INTEGER")
            return None
        if not low <= value <= high:
            self.add(path, "OUT_OF_RANGE", "error.OUT_OF_RANGE", min=low, max=high)
            return None
        return value

    def number(self, value: Any, path: str, low: Decimal, high: Decimal, *, above_low: bool = False) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "REQUIRED", "error.REQUIRED")
            return None
        number = _to_decimal(value)
        if number is None:
            self.add(path, "NOT_A_NUMBER")
            return None
        if number < low or number > high or (above_low and number == low):
            self.add(path, "ABOVE_RANGE" if above_low else "OUT_OF_RANGE",
                     None if above_low else "error.OUT_OF_RANGE", min=_show(low), max=_show(high))
            return None
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > DECIMAL_PLACES:
            self.add(path, "DECIMALS", places=DECIMAL_PLACES)
            return None
        return number

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        if value not in choices:
            self.add(path, "INVALID_CHOICE", choices=", ".join(choices))
            return None
        return value

    def kinds(self, value: Any, path: str) -> list[str] | None:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.add(path, "INVALID", "error.INVALID")
            return None
        known = tuple(k.value for k in IncidentKind)
        found: list[str] = []
        for n, kind in enumerate(value):
            if self.choice(kind, f"{path}[{n}]", known) is not None:
                if kind in found:
                    self.add(path, "DUPLICATE_KIND")
                    return None
                found.append(kind)
        return found


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f")


# ---------------------------------------------------------------------------------------------
# Template


def _criterion(c: _Checks, data: Any, path: str) -> str | None:
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


def _accountability(c: _Checks, data: Any, path: str) -> None:
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


def _period(c: _Checks, data: Any, path: str) -> None:
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


def _deductions(c: _Checks, data: Any, path: str) -> None:
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


def _targets(c: _Checks, data: Any, path: str) -> None:
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


def _template(c: _Checks, data: Any) -> None:
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


# ---------------------------------------------------------------------------------------------
# Policy


def _policy(c: _Checks, data: Any) -> None:
    p = "policy"
    d = c.obj(data, p, {"weights", "citizen_share", "grades", "rate_points"})
    if d is None:
        return
    weights = c.obj(d.get("weights"), f"{p}.weights", set(_WEIGHT_KEYS))
    if weights is not None:
        values = [c.number(weights.get(k), f"{p}.weights.{k}", Decimal(0), Decimal(1)) for k in _WEIGHT_KEYS]
        if all(v is not None for v in values):
            total = sum(values, Decimal(0))
            if total != 1:
                c.add(f"{p}.weights", "WEIGHTS_SUM", sum=_show(total))
    c.number(d.get("citizen_share"), f"{p}.citizen_share", Decimal(0), Decimal(1))
    grades = d.get("grades")
    if not isinstance(grades, list | tuple) or not grades:
        c.add(f"{p}.grades", "REQUIRED", "error.REQUIRED")
    else:
        previous: Decimal | None = None
        codes: set[str] = set()
        for n, g in enumerate(grades):
            gpath = f"{p}.grades[{n}]"
            gd = c.obj(g, gpath, {"code", "label_zh", "label_en", "min_score"})
            if gd is None:
                previous = None
                continue
            c.text(gd.get("code"), f"{gpath}.code", CODE_MAX)
            if gd.get("code") in codes:
                c.add(f"{gpath}.code", "DUPLICATE", "evaluation.DUPLICATE")
            codes.add(gd.get("code"))
            c.text(gd.get("label_zh"), f"{gpath}.label_zh")
            c.text(gd.get("label_en"), f"{gpath}.label_en")
            score = c.number(gd.get("min_score"), f"{gpath}.min_score", Decimal(0), Decimal(100))
            if score is not None and previous is not None and score >= previous:
                c.add(f"{gpath}.min_score", "GRADES_ORDER")
            if n == len(grades) - 1 and score is not None and score != 0:
                c.add(f"{gpath}.min_score", "LOWEST_GRADE")
            previous = score
    points = c.obj(d.get("rate_points"), f"{p}.rate_points", set(_RATE_POINT_KEYS))
    if points is not None:
        for key in _RATE_POINT_KEYS:
            c.number(points.get(key), f"{p}.rate_points.{key}", Decimal(0), POINTS_MAX)


# ---------------------------------------------------------------------------------------------
# Entry points


def check_settings(template: Any, policy: Any) -> list[FieldProblem]:
    """Every problem of an edited template and policy, in form order; [] when both are fine."""
    c = _Checks()
    _template(c, template)
    _policy(c, policy)
    if c.problems:
        return c.problems
    try:
        SanwuRule.from_dict(template)
    except TemplateError as error:
        c.add(f"template.{error.path}" if error.path else "template", "INVALID_TEMPLATE",
              "evaluation.INVALID_TEMPLATE", detail=error.message)
    try:
        ScoringPolicy.from_dict(policy)
    except (TemplateError, ValueError) as error:
        path = getattr(error, "path", "")
        c.add(f"policy.{path}" if path else "policy", "INVALID_TEMPLATE", "evaluation.INVALID_TEMPLATE",
              detail=getattr(error, "message", str(error)))
    return c.problems


def add_to(check: Validator, problems: list[FieldProblem]) -> None:
    """Each problem as a refusal of the input field it names (`input.template.…`, `input.policy.…`)."""
    for p in problems:
        part, _, rest = p.path.partition(".")
        check.add(p.code, ["input", part, *([rest] if rest else [])], p.message_key, **p.params)


def parse_settings(template: Any, policy: Any) -> tuple[SanwuRule, ScoringPolicy]:
    """The template and policy, once `check_settings` found nothing (else ValueError)."""
    problems = check_settings(template, policy)
    if problems:
        raise ValueError(f"invalid settings: {problems[0].path} {problems[0].code}")
    return SanwuRule.from_dict(template), ScoringPolicy.from_dict(policy)

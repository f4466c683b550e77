"""The checks of the scoring policy (`ScoringPolicy`'s dict form): weights, citizen share, grade
bands and points per standard rate."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from server.evaluation.settings_rules.fields import CODE_MAX, POINTS_MAX, FieldChecks, show

_WEIGHT_KEYS = ("self_assessment", "public_evaluation", "organisational_assessment")
_RATE_POINT_KEYS = ("timely_acceptance", "on_time_reply", "satisfaction", "participation",
                    "repeat_petition_deduction")


def check_policy(c: FieldChecks, data: Any) -> None:
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
                c.add(f"{p}.weights", "WEIGHTS_SUM", sum=show(total))
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

"""The settings form as a whole: every problem of an edited template and policy (`check_settings`),
those problems as refusals of the input fields (`add_to`), and the strict parse behind them
(`parse_settings`)."""
from __future__ import annotations

from typing import Any

from server.errors import Validator
from server.evaluation.sanwu.parsing import TemplateError
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.scoring.policy import ScoringPolicy
from server.evaluation.settings_rules.fields import FieldChecks, FieldProblem
from server.evaluation.settings_rules.policy import check_policy
from server.evaluation.settings_rules.template import check_template


def check_settings(template: Any, policy: Any) -> list[FieldProblem]:
    """Every problem of an edited template and policy, in form order; [] when both are fine."""
    c = FieldChecks()
    check_template(c, template)
    check_policy(c, policy)
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

"""Field-by-field checks of an edited evaluation settings form (server.evaluation.settings_rules.form)."""
import copy

import pytest

from server.evaluation.sanwu.templates import BUILT_IN_TEMPLATES, built_in_template_data
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY
from server.evaluation.settings_rules.form import check_settings, parse_settings


def _policy() -> dict:
    return copy.deepcopy(DEFAULT_SCORING_POLICY.to_dict())


def _found(template: dict, policy: dict | None = None) -> dict[str, str]:
    return {p.path: p.code for p in check_settings(template, _policy() if policy is None else policy)}


@pytest.mark.parametrize("code", sorted(BUILT_IN_TEMPLATES))
def test_every_built_in_template_passes(code):
    assert check_settings(built_in_template_data(code), _policy()) == []
    rule, policy = parse_settings(built_in_template_data(code), _policy())
    assert rule.code == code and policy == DEFAULT_SCORING_POLICY


def test_every_problem_is_reported_at_once_with_its_path():
    t = built_in_template_data("SEED_004")
    t["tiers"]["TOWNSHIP"][1]["headcount"]["value"] = 0
    t["tiers"]["TOWNSHIP"][1]["headcount"]["op"] = "=="
    t["tiers"]["VILLAGE"][0]["label_zh"] = "  "
    t["tiers"]["COUNTY"][1]["kinds"] = ["BEIJING_ESCALATED", "BEIJING_ESCALATED"]
    t["deductions"]["cap"] = "-1"
    assert _found(t) == {
        "template.tiers.TOWNSHIP[1].headcount.value": "OUT_OF_RANGE",
        "template.tiers.TOWNSHIP[1].headcount.op": "INVALID_CHOICE",
        "template.tiers.VILLAGE[0].label_zh": "REQUIRED",
        "template.tiers.COUNTY[1].kinds": "DUPLICATE_KIND",
        "template.deductions.cap": "OUT_OF_RANGE",
    }


def test_headcount_must_be_a_whole_number_of_at_least_one():
    for value, code in ((4.5, "NOT_AN_INTEGER"), ("5", "NOT_AN_INTEGER"), ("five", "NOT_A_NUMBER"),
                        (None, "REQUIRED"), (100_001, "OUT_OF_RANGE")):
        t = built_in_template_data("SEED_004")
        t["tiers"]["VILLAGE"][1]["headcount"]["value"] = value
        assert _found(t) == {"template.tiers.VILLAGE[1].headcount.value": code}, value
    t = built_in_template_data("SEED_004")
    t["tiers"]["VILLAGE"][1]["headcount"]["value"] = 1
    assert _found(t) == {}


def test_a_criterion_must_count_something_and_backlog_counts_only_cases():
    t = built_in_template_data("SEED_004")
    t["tiers"]["COUNTY"][0]["kinds"] = []
    backlog = built_in_template_data("SEED_002")
    backlog["tiers"]["VILLAGE"][2]["kinds"] = ["MEDIA_HYPE"]
    assert _found(t) == {"template.tiers.COUNTY[0]": "CRITERION_EMPTY"}
    assert _found(backlog) == {"template.tiers.VILLAGE[2]": "BACKLOG_ONLY"}


def test_tiers_targets_and_accountability_keep_their_shape():
    t = built_in_template_data("SEED_004")
    t["tiers"]["VILLAGE"] = []
    t["targets"][1]["scope"] = "VILLAGE"
    t["targets"].append(dict(t["targets"][0]))
    t["accountability"]["thresholds"][1]["at_least"] = 1
    t["tiers"]["TOWNSHIP"][0]["colour"] = "red"
    assert _found(t) == {
        "template.tiers.VILLAGE": "TIER_EMPTY",
        "template.targets[1].scope": "TARGET_SCOPE",
        "template.targets[2].tier": "TARGET_TWICE",
        "template.accountability.thresholds[1].at_least": "THRESHOLDS_ORDER",
        "template.tiers.TOWNSHIP[0].colour": "UNKNOWN_FIELD",
    }


@pytest.mark.parametrize("percent, ok", [("0", False), ("0.01", True), ("100", True), ("100.01", False)])
def test_target_percent_is_more_than_zero_and_at_most_a_hundred(percent, ok):
    t = built_in_template_data("SEED_004")
    t["targets"][0]["min_percent"] = percent
    assert _found(t) == ({} if ok else {"template.targets[0].min_percent": "ABOVE_RANGE"})


def test_weights_sum_to_one_and_grades_descend_to_zero():
    p = _policy()
    p["weights"]["public_evaluation"] = "0.25"
    p["grades"][2]["min_score"] = "85"
    p["grades"][3]["min_score"] = "10"
    p["citizen_share"] = "1.5"
    p["rate_points"]["satisfaction"] = "10.125"
    assert _found(built_in_template_data("SEED_004"), p) == {
        "policy.weights": "WEIGHTS_SUM",
        "policy.grades[2].min_score": "GRADES_ORDER",
        "policy.grades[3].min_score": "LOWEST_GRADE",
        "policy.citizen_share": "OUT_OF_RANGE",
        "policy.rate_points.satisfaction": "DECIMALS",
    }
    problem = next(x for x in check_settings(built_in_template_data("SEED_004"), p) if x.code == "WEIGHTS_SUM")
    assert problem.params == {"sum": "0.95"}


def test_numbers_equal_in_value_are_accepted_in_any_spelling():
    p = _policy()
    p["weights"] = {"self_assessment": 0.3, "public_evaluation": "0.3", "organisational_assessment": "0.40"}
    assert _found(built_in_template_data("SEED_000"), p) == {}


def test_not_an_object_at_all():
    assert _found("nonsense", []) == {"template": "INVALID", "policy": "INVALID"}  # type: ignore[arg-type]

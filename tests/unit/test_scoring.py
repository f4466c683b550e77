"""Annual-review scoring and standard rates. Expected figures are worked out by hand in the
comments (default weights 0.30 / 0.30 / 0.40, citizen share 0.50, two decimals half up)."""
import datetime as dt
import json
from decimal import Decimal

import pytest

from server.evaluation.sanwu.rules import IncidentDeductions, accountability, incident_deductions
from server.evaluation.sanwu.templates import SEED_004
from server.evaluation.sanwu.vocabulary import IncidentKind, SanwuIncident
from server.evaluation.scoring.parts import PublicEvaluationInput, SelfAssessmentInput
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY, ScoringPolicy, ScoringPolicyError
from server.evaluation.scoring.standard_rates import RateCounts, standard_rates
from server.evaluation.scoring.units import UnitReviewInput, annual_review, rank_units, score_unit
from server.evaluation.values import plain

D = Decimal
K = IncidentKind


def incident(id: str, kind: IncidentKind, headcount: int = 1) -> SanwuIncident:
    return SanwuIncident(id, kind, headcount, dt.date(2018, 7, 1))


def test_hand_worked_unit_score() -> None:
    incidents = [incident("x1", K.COLLECTIVE_TO_COUNTY, 6)]
    unit = UnitReviewInput(
        unit_id="township-a",
        self_assessment=SelfAssessmentInput(earned=85, maximum=100),
        public=PublicEvaluationInput(satisfied=18, basically_satisfied=1, dissatisfied=1, rater_scores=(90, 85, 88)),
        organisational_scores=(92, 88),
        deductions=incident_deductions(SEED_004, incidents),
        accountability=accountability(SEED_004, incidents),
    )
    s = score_unit(unit)
    # self-assessment: 85 / 100 × 100 = 85.00
    assert s.self_assessment.score == D("85.00")
    # citizens: (18 + 1) / 20 = 0.95 → 95.00
    assert (s.public.rated, s.public.satisfaction_rate) == (20, D("95.00"))
    # raters: (90 + 85 + 88) / 3 = 263 / 3 = 87.666… → 87.67
    assert s.public.rater_average == D("87.67")
    # public: 0.50 × 95.00 + 0.50 × 87.67 = 47.500 + 43.835 = 91.335 → 91.34 (half up)
    assert s.public.score == D("91.34")
    # organisational: (92 + 88) / 2 = 90.00
    assert s.organisational.score == D("90.00")
    # weighted: 0.30 × 85.00 = 25.50; 0.30 × 91.34 = 27.402 → 27.40; 0.40 × 90.00 = 36.00
    assert [p.weighted for p in s.parts] == [D("25.50"), D("27.40"), D("36.00")]
    assert [p.weight for p in s.parts] == [D("0.30"), D("0.30"), D("0.40")]
    # subtotal 25.50 + 27.40 + 36.00 = 88.90; SEED_004 deducts 1.00 for a collective petition to
    # the county → 87.90, which is 良好 (80 ≤ 87.90 < 90)
    assert s.subtotal == D("88.90")
    assert s.deductions.total == D("1.00")
    assert s.total == D("87.90")
    assert (s.grade.code, s.grade.label_zh, s.vetoed) == ("GOOD", "良好", False)
    assert s.accountability.level.value == "NONE"
    assert "= 88.90" in s.formula and "= 87.90" in s.formula
    json.dumps(plain(s), ensure_ascii=False)  # the whole breakdown goes to the UI as JSON


def test_public_part_falls_back_to_the_side_that_has_ratings() -> None:
    # No petitioner rated this village (none had a case replied): the raters stand for the part.
    s = score_unit(UnitReviewInput(
        "village-b", SelfAssessmentInput(45, 50), PublicEvaluationInput(rater_scores=(80, 81)), (95,)))
    # self 45 / 50 = 90.00; raters (80 + 81) / 2 = 80.50; organisational 95.00
    # 0.30 × 90.00 = 27.00; 0.30 × 80.50 = 24.15; 0.40 × 95.00 = 38.00 → 89.15, 良好
    assert (s.public.satisfaction_rate, s.public.citizen_share, s.public.score) == (None, D(0), D("80.50"))
    assert s.total == D("89.15")
    assert s.grade.label_zh == "良好"
    citizens_only = score_unit(UnitReviewInput(
        "v", SelfAssessmentInput(1, 1), PublicEvaluationInput(satisfied=3, dissatisfied=1), (100,)))
    # 3 / 4 = 75.00; the citizens stand for the part
    assert (citizens_only.public.score, citizens_only.public.rater_average) == (D("75.00"), None)


def test_missing_parts_score_zero_and_are_marked() -> None:
    s = score_unit(UnitReviewInput("v", None, PublicEvaluationInput(), ()))
    assert [p.missing for p in s.parts] == [True, True, True]
    assert (s.total, s.grade.label_zh) == (D("0.00"), "不合格")


def test_rounding_is_half_up_not_half_even() -> None:
    # self 87.95 / 100 → 87.95; 0.30 × 87.95 = 26.385 → 26.39 half up (half even would give 26.38);
    # the other parts are missing (0).
    s = score_unit(UnitReviewInput("v", SelfAssessmentInput("87.95", 100), PublicEvaluationInput(), ()))
    assert s.parts[0].weighted == D("26.39")
    assert s.total == D("26.39")
    # 2 / 3 × 100 = 66.666… → 66.67
    assert score_unit(UnitReviewInput("w", SelfAssessmentInput(2, 3), PublicEvaluationInput(), ())) \
        .self_assessment.score == D("66.67")


def test_shown_weighted_points_add_up_to_the_subtotal() -> None:
    # all three parts 87.95: 0.30 × 87.95 = 26.385 → 26.39 (twice); 0.40 × 87.95 = 35.18;
    # subtotal 26.39 + 26.39 + 35.18 = 87.96 — the sum of what is shown, not round2(87.95)
    s = score_unit(UnitReviewInput(
        "u", SelfAssessmentInput("87.95", 100), PublicEvaluationInput(rater_scores=("87.95",)), ("87.95",)))
    assert [p.weighted for p in s.parts] == [D("26.39"), D("26.39"), D("35.18")]
    assert s.subtotal == sum(p.weighted for p in s.parts) == D("87.96")


def test_citizen_share_weighs_citizens_not_raters() -> None:
    policy = ScoringPolicy(citizen_share=D("0.60"))
    s = score_unit(UnitReviewInput(
        "u", None, PublicEvaluationInput(satisfied=18, basically_satisfied=1, dissatisfied=1,
                                         rater_scores=(90, 85, 88)), ()), policy)
    # citizens 95.00, raters 87.67: 0.60 × 95.00 + 0.40 × 87.67 = 57.000 + 35.068 = 92.068 → 92.07
    assert s.public.score == D("92.07")


ORGANISATION_ONLY = ScoringPolicy(
    self_assessment_weight=D("0"), public_weight=D("0"), organisational_weight=D("1"))


def org_unit(unit_id: str, score: str, **extra) -> UnitReviewInput:
    return UnitReviewInput(unit_id, None, PublicEvaluationInput(), (score,), **extra)


@pytest.mark.parametrize("score, grade", [
    ("100", "优秀"), ("90", "优秀"), ("89.99", "良好"), ("80", "良好"), ("79.99", "合格"),
    ("60", "合格"), ("59.99", "不合格"), ("0", "不合格"),
])
def test_grade_bands_at_their_boundaries(score: str, grade: str) -> None:
    s = score_unit(org_unit("u", score), ORGANISATION_ONLY)
    assert s.total == D(score)
    assert s.grade.label_zh == grade


def test_grade_is_decided_on_the_shown_total() -> None:
    # (90 + 89.99) / 2 = 89.995 → shown 90.00 → 优秀, as shown
    s = score_unit(UnitReviewInput("u", None, PublicEvaluationInput(), ("90", "89.99")), ORGANISATION_ONLY)
    assert (s.total, s.grade.label_zh) == (D("90.00"), "优秀")


def test_deductions_cannot_take_the_total_below_zero() -> None:
    heavy = incident_deductions(SEED_004, [incident(f"e{n}", K.EXTREME_INCIDENT) for n in range(3)])  # 30.00
    s = score_unit(org_unit("u", "10", deductions=heavy), ORGANISATION_ONLY)
    assert (s.subtotal, s.deductions.total, s.total) == (D("10.00"), D("30.00"), D("0.00"))


def test_veto_forces_lowest_grade_and_last_place() -> None:
    two = [incident("n1", K.BEIJING_NON_RECEPTION), incident("n2", K.BEIJING_NON_RECEPTION)]
    vetoed = UnitReviewInput(
        "village-c", SelfAssessmentInput(100, 100), PublicEvaluationInput(satisfied=10, rater_scores=(100,)),
        (100,), deductions=incident_deductions(SEED_004, two), accountability=accountability(SEED_004, two))
    # every part 100.00 → subtotal 30.00 + 30.00 + 40.00 = 100.00; 2 × 5.00 deducted → 90.00,
    # which would be 优秀 — but two 人次 at a non-reception place is 一票否决 (seed 003)
    s = score_unit(vetoed)
    assert (s.subtotal, s.total) == (D("100.00"), D("90.00"))
    assert s.vetoed and s.veto_reasons == ("ACCOUNTABILITY_VETO",)
    assert (s.grade.code, s.grade.label_zh) == ("FAIL", "不合格")
    weaker = UnitReviewInput("village-d", SelfAssessmentInput(60, 100), PublicEvaluationInput(rater_scores=(60,)),
                             (60,))
    ranked = annual_review([vetoed, weaker])
    assert [(r.score.unit_id, r.rank) for r in ranked] == [("village-d", 1), ("village-c", 2)]


def test_county_can_veto_for_its_own_reason() -> None:
    s = score_unit(org_unit("u", "95", other_veto_reasons=("NOT_SANWU",)), ORGANISATION_ONLY)
    assert (s.vetoed, s.veto_reasons, s.grade.label_zh) == (True, ("NOT_SANWU",), "不合格")
    admonished = accountability(SEED_004, [incident("n1", K.BEIJING_NON_RECEPTION)])
    s = score_unit(org_unit("u", "95", accountability=admonished), ORGANISATION_ONLY)
    assert (s.vetoed, s.grade.label_zh) == (False, "优秀")  # 诫勉谈话 is not a veto


def test_standard_competition_ranking_with_ties() -> None:
    units = [org_unit("a", "80"), org_unit("b", "85"), org_unit("c", "90"), org_unit("d", "85"),
             org_unit("e", "99", other_veto_reasons=("X",)), org_unit("f", "70", other_veto_reasons=("X",)),
             org_unit("g", "99", other_veto_reasons=("X",))]
    ranked = rank_units(score_unit(u, ORGANISATION_ONLY) for u in units)
    # c 90 → 1; b, d 85 → 2, 2 (b first: given first); a 80 → 4; then the vetoed: e, g 99 → 5, 5; f → 7
    assert [(r.score.unit_id, r.rank) for r in ranked] == [
        ("c", 1), ("b", 2), ("d", 2), ("a", 4), ("e", 5), ("g", 5), ("f", 7)]


def test_three_way_tie_at_the_top() -> None:
    ranked = annual_review([org_unit(u, "88") for u in "xyz"] + [org_unit("w", "87.99")], ORGANISATION_ONLY)
    assert [r.rank for r in ranked] == [1, 1, 1, 4]


def test_a_unit_listed_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="twice"):
        annual_review([org_unit("a", "1"), org_unit("a", "2")])


def test_invalid_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        score_unit(UnitReviewInput("u", SelfAssessmentInput(11, 10), PublicEvaluationInput(), ()))
    with pytest.raises(ValueError):
        score_unit(UnitReviewInput("u", SelfAssessmentInput(0, 0), PublicEvaluationInput(), ()))
    with pytest.raises(ValueError):
        score_unit(org_unit("u", "100.01"))
    with pytest.raises(ValueError):
        score_unit(UnitReviewInput("u", None, PublicEvaluationInput(satisfied=-1), ()))


# --- standard rates: 及时受理率 × 5, 按期答复率 × 10, 参评群众满意率 × 10, 群众参评率 × 5

def test_hand_worked_standard_rates() -> None:
    r = standard_rates(RateCounts(
        accept_due=50, accepted_on_time=47, reply_due=40, replied_on_time=38,
        replies=40, rated=36, satisfied=25, basically_satisfied=5, repeat_petitions=2))
    by_code = {x.code: x for x in r.rates}
    # 及时受理率 47 / 50 = 94.00 % × 5 = 4.70
    assert (by_code["TIMELY_ACCEPTANCE"].rate, by_code["TIMELY_ACCEPTANCE"].points) == (D("94.00"), D("4.70"))
    # 按期答复率 38 / 40 = 95.00 % × 10 = 9.50
    assert (by_code["ON_TIME_REPLY"].rate, by_code["ON_TIME_REPLY"].points) == (D("95.00"), D("9.50"))
    # 参评群众满意率 (25 + 5) / 36 = 83.333… → 83.33 % × 10 = 8.333 → 8.33
    assert (by_code["SATISFACTION"].numerator, by_code["SATISFACTION"].denominator) == (30, 36)
    assert (by_code["SATISFACTION"].rate, by_code["SATISFACTION"].points) == (D("83.33"), D("8.33"))
    # 群众参评率 36 / 40 = 90.00 % × 5 = 4.50
    assert (by_code["PARTICIPATION"].rate, by_code["PARTICIPATION"].points) == (D("90.00"), D("4.50"))
    # 4.70 + 9.50 + 8.33 + 4.50 = 27.03; two repeat petitions × 0.5 = 1.00 → 26.03
    assert (r.gross, r.repeat_deduction, r.total) == (D("27.03"), D("1.00"), D("26.03"))
    assert by_code["SATISFACTION"].label_zh == "参评群众满意率"


def test_standard_rates_with_nothing_to_measure() -> None:
    quiet = standard_rates(RateCounts(0, 0, 0, 0, 0, 0, 0, 0))
    # no case due, no reply: nothing was late, full 5 + 10 + 10 + 5 = 30.00
    assert [x.rate for x in quiet.rates] == [None] * 4
    assert quiet.total == D("30.00")
    unasked = standard_rates(RateCounts(0, 0, 0, 0, replies=10, rated=0, satisfied=0, basically_satisfied=0))
    # ten replies nobody rated: 满意率 earns nothing (0.00), 参评率 0 / 10 = 0.00 % → 0.00;
    # 5 + 10 + 0 + 0 = 15.00
    assert [x.points for x in unasked.rates] == [D("5"), D("10"), D("0.00"), D("0.00")]
    assert unasked.total == D("15.00")


def test_standard_rates_reject_impossible_counts() -> None:
    with pytest.raises(ValueError):
        standard_rates(RateCounts(10, 11, 0, 0, 0, 0, 0, 0))
    with pytest.raises(ValueError):
        standard_rates(RateCounts(0, 0, 0, 0, replies=3, rated=4, satisfied=0, basically_satisfied=0))
    with pytest.raises(ValueError):
        standard_rates(RateCounts(0, 0, 0, 0, replies=4, rated=4, satisfied=3, basically_satisfied=2))


def test_repeat_petition_deduction_floors_at_zero() -> None:
    r = standard_rates(RateCounts(0, 0, 0, 0, 0, 0, 0, 0, repeat_petitions=100))
    # 30.00 − 100 × 0.5 = −20 → 0.00
    assert (r.repeat_deduction, r.total) == (D("50.00"), D("0.00"))


# --- policy as data

def test_policy_round_trips_through_json() -> None:
    data = json.loads(json.dumps(DEFAULT_SCORING_POLICY.to_dict()))
    assert ScoringPolicy.from_dict(data) == DEFAULT_SCORING_POLICY
    assert data["weights"] == {"self_assessment": "0.30", "public_evaluation": "0.30",
                               "organisational_assessment": "0.40"}
    data["weights"] = {"self_assessment": "0.2", "public_evaluation": "0.3", "organisational_assessment": "0.5"}
    data["grades"][0]["min_score"] = "95"
    edited = ScoringPolicy.from_dict(data)
    assert ScoringPolicy.from_dict(edited.to_dict()) == edited
    assert edited.grade_for(D("94.99")).label_zh == "良好"


@pytest.mark.parametrize("edit, path", [
    (lambda d: d["weights"].update(self_assessment="0.31"), "weights"),
    (lambda d: d["weights"].update(public_evaluation="-0.1", organisational_assessment="0.8"),
     "weights.public_evaluation"),
    (lambda d: d.update(citizen_share="1.5"), "citizen_share"),
    (lambda d: d["grades"].reverse(), "grades[1].min_score"),
    (lambda d: d["grades"][3].update(min_score="10"), "grades[3].min_score"),
    (lambda d: d["grades"][1].update(code="EXCELLENT"), "grades[1].code"),
    (lambda d: d["rate_points"].update(bonus="1"), "rate_points"),
])
def test_invalid_policy_is_rejected_with_the_field_path(edit, path: str) -> None:
    data = DEFAULT_SCORING_POLICY.to_dict()
    edit(data)
    with pytest.raises(ScoringPolicyError) as error:
        ScoringPolicy.from_dict(data)
    assert error.value.path == path


def test_built_policy_is_checked_too() -> None:
    with pytest.raises(ScoringPolicyError):
        ScoringPolicy(self_assessment_weight=D("0.5"))  # 0.5 + 0.3 + 0.4 ≠ 1


def test_no_deductions_by_default() -> None:
    assert IncidentDeductions.none().total == D("0.00")

"""A score part nobody filled is incomplete, not 0 (server.evaluation.review.completeness): seed 004's
评 has three means — "1. 自查自评 … 2. 群众点评 … 3. 组织考评" — and a unit none of whose assessors
came has not scored 0 in 组织考评."""
from decimal import Decimal

from server.evaluation.review.completeness import review_population
from server.evaluation.scoring.parts import PublicEvaluationInput, SelfAssessmentInput
from server.evaluation.scoring.units import UnitReviewInput


def unit(uid: str, self_points: int | None = 80, raters: tuple[int, ...] = (90,), assessors: tuple[int, ...] = (85,)):
    return UnitReviewInput(
        unit_id=uid,
        self_assessment=None if self_points is None else SelfAssessmentInput(earned=Decimal(self_points),
                                                                             maximum=Decimal(100)),
        public=PublicEvaluationInput(satisfied=0, basically_satisfied=0, dissatisfied=0, rater_scores=raters),
        organisational_scores=assessors)


def test_complete_units_rank_first_and_incomplete_units_apart_even_with_a_higher_total():
    reviewed = review_population([
        unit("low", 60, (60,), (60,)),
        unit("no-assessor", 100, (100,), ()),  # 0.3 × 100 + 0.3 × 100 = 60 … yet incomplete
        unit("high", 90, (90,), (90,)),
        unit("nothing", None, (), ()),
    ])
    assert [(r.score.unit_id, r.rank, r.missing_parts) for r in reviewed] == [
        ("high", 1, ()),
        ("low", 2, ()),
        ("no-assessor", 3, ("ORGANISATIONAL_ASSESSMENT",)),
        ("nothing", 4, ("SELF_ASSESSMENT", "PUBLIC_EVALUATION", "ORGANISATIONAL_ASSESSMENT")),
    ]
    assert reviewed[2].incomplete and not reviewed[0].incomplete


def test_a_unit_rated_only_by_citizens_is_complete():
    """群众点评: citizens' ratings alone fill the part (a village with no invited rater)."""
    data = UnitReviewInput(unit_id="v", self_assessment=SelfAssessmentInput(earned=Decimal(8), maximum=Decimal(10)),
                           public=PublicEvaluationInput(satisfied=3, basically_satisfied=0, dissatisfied=1),
                           organisational_scores=(Decimal(70),))
    assert review_population([data])[0].missing_parts == ()

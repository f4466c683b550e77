"""The 复查 / 复核 decision rule: the stated result decides which outcome stays in force."""
import pytest

from server.case import rules
from server.case.models import Outcome, ReviewResult

U, C, R = ReviewResult.UPHELD, ReviewResult.CHANGED, ReviewResult.REVOKED
S, E, N = Outcome.SUPPORTED, Outcome.EXPLAINED, Outcome.NOT_SUPPORTED


@pytest.mark.parametrize(
    ("result", "outcome", "reviewed", "kept"),
    [
        (U, None, E, E),  # 维持 without an outcome keeps the reviewed one
        (U, E, E, E),  # … or repeats it
        (U, S, None, S),  # an answer recorded without an outcome: the reviewer gives it
        (C, S, N, S),  # 变更 gives the new outcome
        (C, E, E, E),  # … which may keep the category (another remedy or reasons)
        (R, N, S, N),  # 撤销 likewise
        (R, S, S, S),
    ],
)
def test_the_outcome_in_force_follows_the_stated_result(result, outcome, reviewed, kept):
    assert rules.review_decision(result, outcome, reviewed) == (kept, [])


@pytest.mark.parametrize(
    ("result", "outcome", "reviewed", "field", "code", "key"),
    [
        (None, S, E, ["result"], "REQUIRED", "error.REVIEW_RESULT_REQUIRED"),
        (U, S, E, ["outcome"], "INVALID", "error.REVIEW_UPHELD_OUTCOME"),  # 维持 contradicted
        (U, None, None, ["outcome"], "REQUIRED", "error.REQUIRED"),
        (C, None, E, ["outcome"], "REQUIRED", "error.REVIEW_NEW_OUTCOME"),
        (R, None, E, ["outcome"], "REQUIRED", "error.REVIEW_NEW_OUTCOME"),
    ],
)
def test_a_missing_or_contradicted_result_is_refused(result, outcome, reviewed, field, code, key):
    kept, errors = rules.review_decision(result, outcome, reviewed)
    assert kept is None
    assert [(e.field, e.code, e.message_key) for e in errors] == [(field, code, key)]


def test_the_result_reads_as_the_petitioner_is_told():
    assert rules.review_result_text(U, rereview=False) == "维持原处理意见"
    assert rules.review_result_text(C, rereview=False) == "变更原处理意见"
    assert rules.review_result_text(R, rereview=False) == "撤销原处理意见"
    assert rules.review_result_text(U, rereview=True) == "维持复查意见"
    assert rules.review_note(U, E, E, "理由。", rereview=False) == "【维持原处理意见（解释说明）】理由。"
    assert rules.review_note(R, S, N, "理由。", rereview=True) == "【撤销复查意见：支持 → 不予支持】理由。"

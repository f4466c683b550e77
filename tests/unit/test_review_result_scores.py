"""`scores_of` reads a stored annual review's unit scores for the province ranking without the
whole typed result, and knows the schema versions as `ReviewResult.from_json` does."""
from decimal import Decimal

import pytest

from server.evaluation.review.result import ReviewFormatError, scores_of


def test_scores_of_reads_every_row_score_of_any_readable_version():
    rows = [{"unit_id": 7, "score": "85.50"}, {"unit_id": "9", "score": 70}]
    assert scores_of({"rows": rows}) == {7: Decimal("85.50"), 9: Decimal("70")}  # version 1: no schema_version
    assert scores_of({"schema_version": 2, "rows": rows}) == {7: Decimal("85.50"), 9: Decimal("70")}


def test_scores_of_refuses_a_newer_schema_version():
    with pytest.raises(ReviewFormatError):
        scores_of({"schema_version": 99, "rows": []})

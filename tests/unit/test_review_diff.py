"""Differences between a stored annual review and the year computed now (server.evaluation.review.diff)."""
from server.evaluation.review.diff import ReviewChange, review_changes


def row(unit_id: int, **values) -> dict:
    return {"unit_id": unit_id, "unit_name": f"U{unit_id}", "sanwu": True, "failed_rules": [], "vetoed": False,
            "grade": "GOOD", "score": "85.00", "rank": 1, **values}


def test_no_change_no_difference():
    assert review_changes([row(1), row(2, rank=2)], [row(1), row(2, rank=2)]) == []


def test_each_changed_field_is_listed_with_both_values():
    changes = review_changes([row(1)], [row(1, sanwu=False, failed_rules=["NO_BEIJING_PETITION"], score="82.00")])
    assert changes == [
        ReviewChange(1, "U1", "sanwu", "true", "false"),
        ReviewChange(1, "U1", "failed_rules", "", "NO_BEIJING_PETITION"),
        ReviewChange(1, "U1", "score", "85.00", "82.00"),
    ]


def test_units_only_in_one_run_are_listed():
    changes = review_changes([row(1), row(3)], [row(1), row(2)])
    assert changes == [ReviewChange(2, "U2", "row", None, "present"), ReviewChange(3, "U3", "row", "present", None)]


def test_a_run_stored_before_a_field_existed_compares_the_fields_both_have():
    old = {"unit_id": 1, "unit_name": "U1", "sanwu": True, "score": "85.00"}
    assert review_changes([old], [row(1, rank=4)]) == []

"""The annual review's result as a typed value (server.evaluation.review.result): a run stored in
the JSON of the code before the result was typed still loads, and loses nothing when written back.

DESIGN: a stored run "keeps what it showed (its rows, template and weights are copied into it)"
(server.evaluation.review.diff) — so every run ever stored must keep reading the same.

The fixture is a real result of the demo county captured from the code before the typing (six of
its eighty rows: a township with incidents and self-assessment lines, one with ratings, an
incomplete village, a village with incidents, a township that is not 三无, a village whose incident
recorded its destination), with the county's confirmation of its incomplete units."""
import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from server.evaluation.review.result import (
    REVIEW_SCHEMA_VERSION,
    CitizenRatings,
    IncompleteConfirmation,
    ReviewFormatError,
    ReviewIncident,
    ReviewInputs,
    ReviewResult,
    ReviewRow,
)

FIXTURE = Path(__file__).parent.parent / "fixtures" / "evaluation" / "review_run_stored_before_typing.json"


def stored() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_fixture_is_in_the_format_before_typing():
    data = stored()
    assert "schema_version" not in data  # stored before the version was written: version 1
    assert len(data["rows"]) == 6


def test_a_run_stored_before_typing_loads_with_every_value():
    data = stored()
    result = ReviewResult.from_json(data)
    assert (result.county_name, result.year, result.template_code) == (
        data["county_name"], data["year"], data["template_code"])
    assert [r.unit_name for r in result.rows] == [r["unit_name"] for r in data["rows"]]
    first, raw = result.rows[0], data["rows"][0]
    assert first.score == Decimal(raw["score"]) and first.rank == raw["rank"] and first.grade == raw["grade"]
    assert first.inputs.incidents and first.inputs.incidents[0].id == raw["inputs"]["incidents"][0]["id"]
    assert first.inputs.self_assessment_lines[0].points == Decimal(raw["inputs"]["self_assessment_lines"][0]["points"])
    assert [r.unit_name for r in result.incomplete_rows] == [r["unit_name"] for r in data["rows"] if r["incomplete"]]
    assert result.incomplete_confirmation == IncompleteConfirmation(**data["incomplete_confirmation"])


def test_written_back_a_stored_run_shows_exactly_what_it_stored():
    """to_json of a loaded run is the stored JSON, value for value (decimals keep their digits:
    "85.00" stays "85.00"), plus the schema version."""
    data = stored()
    written = ReviewResult.from_json(data).to_json()
    assert written.pop("schema_version") == REVIEW_SCHEMA_VERSION
    assert written == data


def test_to_json_and_from_json_round_trip_through_json_text():
    result = ReviewResult.from_json(stored())
    text = json.dumps(result.to_json(), ensure_ascii=False)
    again = ReviewResult.from_json(json.loads(text))
    assert again == result
    assert json.loads(text)["schema_version"] == REVIEW_SCHEMA_VERSION


def test_a_hand_built_result_round_trips():
    row = ReviewRow(
        unit_id=7, unit_name="双塘镇", unit_path="/1/7", level="TOWNSHIP", parent_id=1, score=Decimal("87.50"),
        rank=1, grade="EXCELLENT", grade_zh="优秀", grade_en="Excellent", sanwu=True, failed_rules=(),
        vetoed=False, veto_reasons=(), population="TOWNSHIP", population_size=1,
        breakdown={"parts": [{"code": "SELF_ASSESSMENT", "score": "90.00"}], "subtotal": "87.50"},
        inputs=ReviewInputs(sanwu={"qualifies": True, "criteria": []},
                            incidents=(ReviewIncident(3, "CITY_ESCALATED", "2026-03-01", 2),),
                            self_assessment_lines=(), public_rater_scores=(), assessor_scores=(),
                            citizen_ratings=CitizenRatings(3, 1, 0), consequences="ATTRIBUTED_UNIT"),
    )
    result = ReviewResult(1, "枞溪县", 2026, 0, "SEED_004", "模板", (row,))
    assert ReviewResult.from_json(result.to_json()) == result
    assert row.part_score("SELF_ASSESSMENT") == Decimal("90.00")
    assert result.row_of(7) is row and result.row_of(8) is None


def test_a_run_stored_before_later_fields_existed_reads_them_as_unknown_not_invented():
    """Runs stored before the incomplete units, the consequences setting, the evidence files and
    the 属地 explanation of incidents existed: those read as false / empty / null."""
    data = stored()
    old = copy.deepcopy(data)
    del old["incomplete_confirmation"]
    for row in old["rows"]:
        del row["incomplete"], row["missing_parts"]
        del row["inputs"]["consequences"]
        for line in row["inputs"]["self_assessment_lines"]:
            del line["files"]
        row["inputs"]["incidents"] = [{k: i[k] for k in ("id", "kind", "occurred_on", "headcount")}
                                      for i in row["inputs"]["incidents"]]
    result = ReviewResult.from_json(old)
    assert result.incomplete_confirmation is None
    assert all(not r.incomplete and r.missing_parts == () for r in result.rows)
    incident = result.rows[0].inputs.incidents[0]
    assert incident.own is None and incident.counts_for_consequences is None and incident.units == ()
    assert result.rows[0].inputs.consequences is None
    assert [r.score for r in result.rows] == [Decimal(r["score"]) for r in data["rows"]]


def test_a_newer_schema_version_is_refused_not_misread():
    data = {**stored(), "schema_version": REVIEW_SCHEMA_VERSION + 1}
    with pytest.raises(ReviewFormatError):
        ReviewResult.from_json(data)

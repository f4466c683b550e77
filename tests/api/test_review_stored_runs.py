"""A run stored before the annual review's result was typed still loads, through every reader:
the county's annualReview, a township's unitAnnualReview and the xlsx export answer what it stored
(DESIGN: a stored run keeps what it showed — its rows, template and weights are copied into it).

The stored JSON is the fixture captured from the code before the typing (see
tests/unit/test_review_result.py), its unit ids mapped to this database's demo units by path."""
import io
import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from server.evaluation.models import ReviewRun
from server.evaluation.sanwu.templates import SEED_004
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY
from server.unit.models import Unit
from tests.api.helpers import unit_id

FIXTURE = Path(__file__).parent.parent / "fixtures" / "evaluation" / "review_run_stored_before_typing.json"
COUNTY = "/990000/990100/990122"

REVIEW = """query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) {
  stored templateCode configVersion incompleteNote
  rows { unit { name } score rank grade gradeLabel sanwu vetoed failedRules vetoReasons population populationSize
         incomplete missingParts breakdown inputs } } }"""
UNIT_REVIEW = """query($u: ID!, $y: Int!) { unitAnnualReview(unitId: $u, year: $y) { stored rows { unit { name } score } } }"""


async def _store_old_run(db) -> dict:
    """The fixture stored as the county's run of its year, as the code before the typing stored it."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    units = {u.path: u for u in await db.scalars(select(Unit).where(Unit.path.like(COUNTY + "%")))}
    county = units[COUNTY]
    data["county_id"] = county.id
    for row in data["rows"]:
        unit = units[row["unit_path"]]
        row["unit_id"], row["parent_id"] = unit.id, unit.parent_id
    db.add(ReviewRun(tenant_id=county.id, year=data["year"], config_version=0, template=SEED_004.to_dict(),
                     policy=DEFAULT_SCORING_POLICY.to_dict(), result=data))
    await db.commit()
    return data


async def test_a_stored_run_of_the_old_format_answers_what_it_stored(client_factory, db):
    data = await _store_old_run(db)
    client = await client_factory("xfj_officer", via_password=False)
    review = (await client.data(REVIEW, {"c": await unit_id(db, COUNTY), "y": data["year"]}))["annualReview"]
    assert review["stored"] is True and review["templateCode"] == data["template_code"]
    assert review["incompleteNote"] == data["incomplete_confirmation"]["note"]
    assert [r["unit"]["name"] for r in review["rows"]] == [r["unit_name"] for r in data["rows"]]
    for shown, raw in zip(review["rows"], data["rows"], strict=True):
        assert shown["score"] == float(raw["score"]) and shown["rank"] == raw["rank"]
        assert (shown["grade"], shown["gradeLabel"]) == (raw["grade"], raw["grade_zh"])
        assert (shown["sanwu"], shown["vetoed"]) == (raw["sanwu"], raw["vetoed"])
        assert shown["failedRules"] == raw["failed_rules"] and shown["vetoReasons"] == raw["veto_reasons"]
        assert (shown["population"], shown["populationSize"]) == (raw["population"], raw["population_size"])
        assert (shown["incomplete"], shown["missingParts"]) == (raw["incomplete"], raw["missing_parts"])
        assert shown["breakdown"] == raw["breakdown"] and shown["inputs"] == raw["inputs"]


async def test_a_township_sees_its_rows_of_an_old_run_and_the_export_reads_it(client_factory, db):
    data = await _store_old_run(db)
    township = await client_factory("t01_officer", via_password=False)
    mine = (await township.data(UNIT_REVIEW, {"u": await unit_id(db, COUNTY + "/001"), "y": data["year"]}))
    rows = mine["unitAnnualReview"]["rows"]
    expected = [r for r in data["rows"] if r["unit_path"].startswith(COUNTY + "/001")]
    assert [r["unit"]["name"] for r in rows] == [r["unit_name"] for r in expected] and len(rows) == 2

    officer = await client_factory("xfj_officer", via_password=False)
    xlsx = await officer.http.get(f"/exports/annual-review/{await unit_id(db, COUNTY)}/{data['year']}.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["年度考评"]
    listed = [(row[2], row[4]) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert listed == [(r["unit_name"], float(r["score"])) for r in data["rows"]]

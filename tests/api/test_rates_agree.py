"""One definition of each rate: on the same data, the case view, the dashboard's standard rates,
the annual review (and its XLSX/PDF exports), the declaration's documents and the public
/sunshine page show the same figures — and each reply round keeps its own rating: the first
round's 不满意 stays on the case and in 满意率 after a 复查 opinion, counted once per round."""
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from server import ids
from server.dates import utcnow
from server.evaluation.models import Declaration
from server.ratelimit import limiter
from server.unit.models import Unit
from tests.api.helpers import REGISTER, case_input, unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"  # 城关镇, which the demo declares to the city
VILLAGE = TOWNSHIP + "/001"
RATES = """query($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) {
  rates { code numerator denominator percent available formula } } }"""
REVIEW = """query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y, live: true) {
  rows { unit { name } inputs breakdown } } }"""
PUBLIC = """query($c: ID!, $y: Int!) { publicTransparency(countyId: $c, year: $y) {
  units { name rated satisfactionPercent } } }"""
CASE = """query($id: ID!) { case(id: $id) { rating ratings { round answer rating comment } } }"""
RATE = """mutation($c: String!, $l: Satisfaction!, $m: String) {
  rateCase(queryCode: $c, phoneLast4: "1234", level: $l, comment: $m) { userErrors { code } } }"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


async def _two_rounds(client_factory, anon, db) -> tuple[str, str]:
    """A village case answered by the township and rated 不满意; taken to 复查; the county upholds
    the answer and the petitioner rates the 复查 opinion 满意. (id, query code)"""
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    data = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    case_id, code = data["case"]["id"], data["case"]["queryCode"]
    step = "mutation($id: ID!) { r: %s { userErrors { code } } }"
    assert (await township.data(step % "acceptCase(id: $id)", {"id": case_id}))["r"]["userErrors"] == []
    call = 'replyCase(id: $id, reply: "经核实，答复如下。", outcome: EXPLAINED)'
    assert (await township.data(step % call, {"id": case_id}))["r"]["userErrors"] == []
    rated = await anon.data(RATE, {"c": code, "l": "DISSATISFIED", "m": "没有解决"})
    assert rated["rateCase"]["userErrors"] == []
    asked = (await anon.data(
        'mutation($c: String!) { requestReview(queryCode: $c, phoneLast4: "1234", reason: "不服") { case { status } } }',
        {"c": code}))["requestReview"]
    assert asked["case"]["status"] == "UNDER_REVIEW"
    decided = (await county.data(
        """mutation($id: ID!) { decideReview(id: $id, result: UPHELD, opinion: "经复查，维持原处理意见。") {
        userErrors { code } } }""", {"id": case_id}))["decideReview"]
    assert decided["userErrors"] == []
    assert (await anon.data(RATE, {"c": code, "l": "SATISFIED"}))["rateCase"]["userErrors"] == []
    return case_id, code


def _rate(data: dict, code: str) -> dict:
    return next(r for r in data["standardRates"]["rates"] if r["code"] == code)


def _xlsx_text(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body))
    return "\n".join(" | ".join(str(v) for v in row if v is not None)
                     for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def test_the_first_rounds_dissatisfied_rating_stays_on_the_case_after_a_review_opinion(client_factory, anon, db):
    case_id, _ = await _two_rounds(client_factory, anon, db)
    township = await client_factory("t01_officer", via_password=False)
    case = (await township.data(CASE, {"id": case_id}))["case"]
    assert case["rating"] == "SATISFIED"  # `rating` stays the latest round's
    assert case["ratings"] == [
        {"round": 1, "answer": "REPLY", "rating": "DISSATISFIED", "comment": "没有解决"},
        {"round": 2, "answer": "REVIEW", "rating": "SATISFIED", "comment": None},
    ]
    # Above the handling units the rounds and ratings show, the petitioner's words do not.
    city = await client_factory("xfj_leader", via_password=False)
    seen = (await city.data(CASE, {"id": case_id}))["case"]
    assert [r["rating"] for r in seen["ratings"]] == ["DISSATISFIED", "SATISFIED"]


async def test_every_output_shows_the_same_rates_on_the_same_data(client_factory, anon, db):
    await _two_rounds(client_factory, anon, db)
    county = await client_factory("xfj_officer", via_password=False)
    village = await db.scalar(select(Unit).where(Unit.path == VILLAGE))
    year = {"s": f"{YEAR}-01-01", "e": f"{YEAR}-12-31"}

    # The dashboard's standard rates of the village: two rounds, both rated, 满意 1 of 2; the
    # answer given in time counts today although its deadline is weeks away.
    dashboard = await county.data(RATES, {"u": await unit_id(db, VILLAGE), **year})
    satisfaction, participation = _rate(dashboard, "SATISFACTION"), _rate(dashboard, "PARTICIPATION")
    assert (satisfaction["numerator"], satisfaction["denominator"], satisfaction["percent"]) == (1, 2, 50.0)
    assert (participation["numerator"], participation["denominator"]) == (2, 2)
    on_time = _rate(dashboard, "ON_TIME_REPLY")
    assert (on_time["numerator"], on_time["denominator"]) == (1, 1)

    # The annual review (live) counts the same rounds for the village, and scores from them.
    review = (await county.data(REVIEW, {"c": await unit_id(db, COUNTY), "y": YEAR}))["annualReview"]
    row = next(r for r in review["rows"] if r["unit"]["name"] == village.name)
    assert row["inputs"]["citizen_ratings"] == {"satisfied": 1, "basically_satisfied": 0, "dissatisfied": 1}
    assert row["breakdown"]["public"]["satisfaction_rate"] == "50.00"

    # Its exports: the same counts in the XLSX's 依据明细 and in the PDF.
    county_id = await unit_id(db, COUNTY)
    xlsx = await county.http.get(f"/exports/annual-review/{county_id}/{YEAR}.xlsx")
    assert xlsx.status_code == 200
    assert f"{village.name} | 群众点评（信访人评价） | 满意 / 基本满意 / 不满意 | 1 / 0 / 1" in _xlsx_text(xlsx.content)
    pdf = await county.http.get(f"/exports/annual-review/{county_id}/{YEAR}.pdf")
    assert pdf.status_code == 200
    assert "50.00" in _pdf_text(pdf.content)

    # The public /sunshine page: the same rounds rated, the same percentage.
    page = (await anon.data(PUBLIC, {"c": county_id, "y": YEAR}))["publicTransparency"]["units"]
    mine = next(u for u in page if u["name"] == village.name)
    assert (mine["rated"], mine["satisfactionPercent"]) == (2, 50.0)

    # The township's declaration documents show the township's rates of the year as the dashboard does.
    township_rates = await county.data(RATES, {"u": await unit_id(db, TOWNSHIP), **year})
    declaration = await db.scalar(select(Declaration).where(Declaration.unit_id == village.parent_id,
                                                            Declaration.year == YEAR))
    city = await client_factory("city_reviewer", via_password=False)
    doc = await city.http.get(f"/exports/declarations/{ids.encode('Declaration', declaration.id)}.xlsx")
    assert doc.status_code == 200
    text = _xlsx_text(doc.content)
    shown = 0
    for r in township_rates["standardRates"]["rates"]:
        if r["available"]:
            percent = "—" if r["percent"] is None else f"{r['percent']:.2f}%"
            assert f"{r['numerator']} / {r['denominator']} | {percent}" in text, r["code"]
            shown += 1
    assert shown >= 8
    sat = _rate(township_rates, "SATISFACTION")
    assert sat["denominator"] >= 2 and sat["numerator"] <= sat["denominator"] - 1  # the 不满意 is in it

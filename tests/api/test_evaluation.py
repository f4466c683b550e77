"""The joint evaluation through HTTP: 三无 status with its explanation, targets, settings
versions, the annual review (hand-worked), exports, rates, public page and the permissions."""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from server import ids
from server.dates import utcnow
from server.incident.models import AttributionStatus, Incident, IncidentKind
from server.unit.models import Unit
from tests.api.helpers import unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"

SANWU = """query($u: ID!, $y: Int!) { sanwuStatus(unitId: $u, year: $y) {
  unit { name } year qualifies failedRules accountability accountabilityCount templateCode configVersion
  criteria { code label passed incidentIds overdueBacklog }
  incidents { id kind headcount occurredOn } } }"""

REVIEW = """query($c: ID!, $y: Int!, $live: Boolean) { annualReview(countyId: $c, year: $y, live: $live) {
  county { name } year stored templateCode configVersion
  rows { unit { id name level } score rank grade gradeLabel sanwu vetoed failedRules population breakdown inputs } } }"""


async def _incident(db, path: str, kind: IncidentKind, headcount: int, *, verified: bool = True,
                    status: AttributionStatus = AttributionStatus.ATTRIBUTED, day: dt.date | None = None) -> Incident:
    unit = await db.scalar(select(Unit).where(Unit.path == path))
    row = Incident(tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=kind,
                   occurred_on=day or dt.date(YEAR, 2, 1), headcount=headcount, verified=verified, status=status)
    db.add(row)
    await db.commit()
    return row


async def test_demo_township_with_two_person_times_in_beijing_fails_and_is_vetoed(client_factory, db):
    client = await client_factory("xfj_officer", via_password=False)
    data = (await client.data(SANWU, {"u": await unit_id(db, COUNTY + "/004"), "y": YEAR}))["sanwuStatus"]
    assert data["qualifies"] is False
    assert data["failedRules"] == ["NO_BEIJING_PROVINCE_PETITION"]
    assert data["accountability"] == "VETO" and data["accountabilityCount"] == 2
    assert [i["kind"] for i in data["incidents"]] == ["BEIJING_NON_RECEPTION"]
    failed = next(c for c in data["criteria"] if not c["passed"])
    assert failed["incidentIds"] == [data["incidents"][0]["id"]]
    assert "进京" in failed["label"]


@pytest.mark.parametrize(("headcount", "qualifies"), [(4, True), (5, False)])
async def test_village_collective_to_county_boundary_4_5(client_factory, db, headcount, qualifies):
    path = COUNTY + "/009/003"
    await _incident(db, path, IncidentKind.COLLECTIVE_TO_COUNTY, headcount)
    client = await client_factory("xfj_officer", via_password=False)
    data = (await client.data(SANWU, {"u": await unit_id(db, path), "y": YEAR}))["sanwuStatus"]
    assert data["qualifies"] is qualifies
    assert data["failedRules"] == ([] if qualifies else ["NO_COLLECTIVE_TO_COUNTY"])


@pytest.mark.parametrize(("headcount", "qualifies"), [(50, True), (51, False)])
async def test_county_collective_above_county_boundary_50_51(client_factory, db, headcount, qualifies):
    await _incident(db, COUNTY, IncidentKind.COLLECTIVE_TO_CITY, headcount)
    client = await client_factory("xfj_officer", via_password=False)
    data = (await client.data(SANWU, {"u": await unit_id(db, COUNTY), "y": YEAR}))["sanwuStatus"]
    assert ("NO_LARGE_COLLECTIVE_ABOVE_COUNTY" in data["failedRules"]) is not qualifies


async def test_only_verified_counting_incidents_of_the_year_count(client_factory, db):
    path = COUNTY + "/010/001"
    await _incident(db, path, IncidentKind.CITY_ESCALATED, 1, verified=False)
    await _incident(db, path, IncidentKind.CITY_ESCALATED, 1, status=AttributionStatus.WITHDRAWN)
    await _incident(db, path, IncidentKind.CITY_ESCALATED, 1, day=dt.date(YEAR - 1, 12, 31))
    client = await client_factory("xfj_officer", via_password=False)
    data = (await client.data(SANWU, {"u": await unit_id(db, path), "y": YEAR}))["sanwuStatus"]
    assert data["qualifies"] is True and data["incidents"] == []
    contested = await _incident(db, path, IncidentKind.CITY_ESCALATED, 1, status=AttributionStatus.CONTESTED)
    data = (await client.data(SANWU, {"u": await unit_id(db, path), "y": YEAR}))["sanwuStatus"]
    assert data["qualifies"] is False
    assert data["incidents"][0]["id"] == ids.encode("Incident", contested.id)


SET = """mutation($i: SetEvaluationSettingsInput!) { setEvaluationSettings(input: $i) {
  settings { version templateCode template policy } userErrors { field code message } } }"""


async def test_settings_are_versioned_and_a_stored_review_keeps_its_template(client_factory, db):
    client = await client_factory("xfj_officer", via_password=False)
    county = await unit_id(db, COUNTY)
    run = await client.data(
        "mutation($c: ID!, $y: Int!) { runAnnualReview(countyId: $c, year: $y, confirmIncomplete: true, note: \"演示县部分单位尚未评分，先行存储\") { review { stored templateCode "
        "configVersion } userErrors { code } } }", {"c": county, "y": YEAR})
    assert run["runAnnualReview"]["review"] == {"stored": True, "templateCode": "SEED_004", "configVersion": 0}

    result = (await client.data(SET, {"i": {"countyId": county, "templateCode": "SEED_002"}}))["setEvaluationSettings"]
    assert result["userErrors"] == [] and result["settings"]["version"] == 1
    assert result["settings"]["templateCode"] == "SEED_002"
    # 无信访积案: the backlog criterion is now judged.
    data = (await client.data(SANWU, {"u": await unit_id(db, COUNTY + "/002/001"), "y": YEAR}))["sanwuStatus"]
    assert "NO_PETITION_BACKLOG" in [c["code"] for c in data["criteria"]]
    assert data["configVersion"] == 1

    stored = (await client.data(REVIEW, {"c": county, "y": YEAR}))["annualReview"]
    assert stored["stored"] is True and stored["templateCode"] == "SEED_004"
    live = (await client.data(REVIEW, {"c": county, "y": YEAR, "live": True}))["annualReview"]
    assert live["stored"] is False and live["templateCode"] == "SEED_002"

    # An edited template: a township's collective threshold raised from ≥ 5 to ≥ 10.
    template = result["settings"]["template"]
    template["tiers"]["TOWNSHIP"][1]["headcount"]["value"] = 10
    edited = (await client.data(SET, {"i": {"countyId": county, "template": template}}))["setEvaluationSettings"]
    assert edited["settings"]["version"] == 2
    assert edited["settings"]["template"]["tiers"]["TOWNSHIP"][1]["headcount"]["value"] == 10

    template["tiers"]["TOWNSHIP"][1]["headcount"]["value"] = -1
    bad = (await client.data(SET, {"i": {"countyId": county, "template": template}}))["setEvaluationSettings"]
    assert bad["settings"] is None and bad["userErrors"][0]["code"] == "INVALID_TEMPLATE"
    assert bad["userErrors"][0]["field"][:3] == ["input", "template", "tiers.TOWNSHIP[1].headcount.value"]

    policy = edited["settings"]["policy"]
    policy["weights"]["self_assessment"] = "0.50"
    bad = (await client.data(SET, {"i": {"countyId": county, "policy": policy}}))["setEvaluationSettings"]
    assert bad["userErrors"][0]["code"] == "INVALID_TEMPLATE"


async def test_assessor_and_township_may_not_change_the_settings(client_factory, db):
    county = await unit_id(db, COUNTY)
    for username in ("assessor", "t01_officer"):
        client = await client_factory(username, via_password=False)
        result = (await client.data(SET, {"i": {"countyId": county, "templateCode": "SEED_000"}}))
        assert result["setEvaluationSettings"]["userErrors"][0]["code"] == "FORBIDDEN", username


async def test_demo_annual_review_ranks_townships_and_villages_with_vetoes_last(client_factory, db):
    client = await client_factory("xfj_officer", via_password=False)
    review = (await client.data(REVIEW, {"c": await unit_id(db, COUNTY), "y": YEAR}))["annualReview"]
    townships = [r for r in review["rows"] if r["population"] == "TOWNSHIP"]
    villages = [r for r in review["rows"] if r["population"] == "VILLAGE"]
    assert len(townships) == 10 and len(villages) == 70
    assert townships[-1]["unit"]["name"] == "青龙镇" and townships[-1]["vetoed"] is True
    assert townships[-1]["grade"] == "FAIL" and townships[-1]["rank"] == 10
    assert [r["rank"] for r in townships] == sorted(r["rank"] for r in townships)
    assert len({r["score"] for r in townships}) > 5  # a meaningful ranking
    scores = [r["score"] for r in townships if not r["vetoed"]]
    assert scores == sorted(scores, reverse=True)
    # Every number opens to its inputs.
    first = townships[0]
    assert first["breakdown"]["formula"] and first["inputs"]["self_assessment_lines"]
    assert first["inputs"]["public_rater_scores"] and first["inputs"]["assessor_scores"]
    assert first["breakdown"]["total"] == f"{first['score']:.2f}"


INDICATORS = [
    {"code": "A", "name": "平台建设", "part": "BUILD", "maxPoints": 40},
    {"code": "B", "name": "机制运行", "part": "BUILD", "maxPoints": 60},
]


async def test_annual_review_score_worked_by_hand(client_factory, db):
    """Year 2030, township 城关镇 (001) only has inputs:
    self-assessment 30 + 45 = 75 of 100 → 75.00;
    public: no citizen ratings, raters 80 and 91 → (80 + 91) / 2 = 85.50;
    organisational: 88;
    one verified COLLECTIVE_TO_CITY of 5 people (seed 004: township fails 无到市5人以上, deduction 2.00);
    total = 0.30 × 75.00 + 0.30 × 85.50 + 0.40 × 88.00 − 2.00 = 22.50 + 25.65 + 35.20 − 2.00 = 81.35 → 良好.
    Every other township has no input at all and scores 0 − 0 = 0.00, so 城关镇 ranks first."""
    year = 2030
    county = await unit_id(db, COUNTY)
    t01 = await unit_id(db, COUNTY + "/001")
    officer = await client_factory("xfj_officer", via_password=False)
    created = await officer.data(
        "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { campaign { year stages { code startsOn "
        "endsOn } indicators { code maxPoints } } userErrors { field code } } }",
        {"i": {"countyId": county, "year": year, "indicators": INDICATORS}})
    campaign = created["createCampaign"]["campaign"]
    assert [s["code"] for s in campaign["stages"]] == ["MOBILISE", "ADVANCE", "DECLARE"]
    assert campaign["stages"][2]["startsOn"] == "2030-12-01"

    township = await client_factory("t01_officer", via_password=False)
    saved = await township.data(
        "mutation($i: SelfAssessmentInput!) { submitSelfAssessment(input: $i) { saved userErrors { field code } } }",
        {"i": {"unitId": t01, "year": year, "scores": [
            {"indicatorCode": "A", "points": 30, "evidence": "验收表"}, {"indicatorCode": "B", "points": 45}]}})
    assert saved["submitSelfAssessment"] == {"saved": 2, "userErrors": []}
    too_many = await township.data(
        "mutation($i: SelfAssessmentInput!) { submitSelfAssessment(input: $i) { saved userErrors { field code } } }",
        {"i": {"unitId": t01, "year": year, "scores": [{"indicatorCode": "A", "points": 41}]}})
    assert too_many["submitSelfAssessment"]["userErrors"][0]["code"] == "OUT_OF_RANGE"

    rate = "mutation($i: RateUnitInput!) { rateUnit(input: $i) { rating { score } userErrors { code } } }"
    for name, score in (("rater01", 80), ("rater02", 91)):
        rater = await client_factory(name, via_password=False)
        assert (await rater.data(rate, {"i": {"unitId": t01, "year": year, "score": score}}))["rateUnit"][
            "rating"] == {"score": score}
    assessor = await client_factory("assessor", via_password=False)
    assessed = await assessor.data(
        "mutation($i: RateUnitInput!) { assessUnit(input: $i) { rating { score } userErrors { code } } }",
        {"i": {"unitId": t01, "year": year, "score": 88}})
    assert assessed["assessUnit"]["rating"] == {"score": 88.0}
    await _incident(db, COUNTY + "/001", IncidentKind.COLLECTIVE_TO_CITY, 5, day=dt.date(year, 3, 1))

    review = (await officer.data(REVIEW, {"c": county, "y": year}))["annualReview"]
    row = next(r for r in review["rows"] if r["unit"]["id"] == t01)
    assert row["score"] == 81.35
    assert row["grade"] == "GOOD" and row["gradeLabel"] == "良好"
    assert row["rank"] == 1 and row["sanwu"] is False and row["vetoed"] is False
    assert row["failedRules"] == ["NO_COLLECTIVE_TO_CITY"]
    parts = {p["code"]: (p["score"], p["weighted"]) for p in row["breakdown"]["parts"]}
    assert parts == {"SELF_ASSESSMENT": ("75.00", "22.50"), "PUBLIC_EVALUATION": ("85.50", "25.65"),
                     "ORGANISATIONAL_ASSESSMENT": ("88.00", "35.20")}
    assert row["breakdown"]["deductions"]["total"] == "2.00"
    other = next(r for r in review["rows"] if r["unit"]["name"] == "柳河镇")
    assert other["score"] == 0.0 and other["rank"] == 2


async def test_public_rater_may_rate_but_not_assess(client_factory, db):
    rater = await client_factory("rater01", via_password=False)
    t02 = await unit_id(db, COUNTY + "/002")
    result = await rater.data(
        "mutation($i: RateUnitInput!) { assessUnit(input: $i) { rating { score } userErrors { code } } }",
        {"i": {"unitId": t02, "year": YEAR, "score": 90}})
    assert result["assessUnit"]["userErrors"][0]["code"] == "FORBIDDEN"
    result = await rater.data(
        "mutation($i: RateUnitInput!) { rateUnit(input: $i) { rating { score } userErrors { code } } }",
        {"i": {"unitId": t02, "year": YEAR, "score": 101}})
    assert result["rateUnit"]["userErrors"][0]["code"] == "OUT_OF_RANGE"


async def test_targets_count_the_demo_county(client_factory, db):
    client = await client_factory("xfj_officer", via_password=False)
    rows = (await client.data(
        "query($c: ID!, $y: Int!) { sanwuTargets(countyId: $c, year: $y) { scopeUnit { name } tier label "
        "targetPercent qualifying total actualPercent met } }", {"c": await unit_id(db, COUNTY), "y": YEAR}))[
        "sanwuTargets"]
    county_rows = {r["tier"]: r for r in rows if r["scopeUnit"]["name"] == "枞溪县"}
    assert county_rows["TOWNSHIP"]["total"] == 10 and county_rows["TOWNSHIP"]["targetPercent"] == 40.0
    assert county_rows["TOWNSHIP"]["qualifying"] <= 8 and county_rows["TOWNSHIP"]["met"] is True
    assert county_rows["VILLAGE"]["total"] == 70 and county_rows["VILLAGE"]["targetPercent"] == 50.0
    assert len([r for r in rows if r["scopeUnit"]["name"] != "枞溪县"]) == 10


async def test_exports_xlsx_and_pdf_over_http(client_factory, db):
    client = await client_factory("xfj_officer", via_password=False)
    county = await unit_id(db, COUNTY)
    xlsx = await client.http.get(f"/exports/annual-review/{county}/{YEAR}.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["年度考评", "依据明细", "规则与权重"]
    sheet = book["年度考评"]
    assert "枞溪县" in sheet["A1"].value
    units = [row[2] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "城关镇" in units and len(units) == 80
    pdf = await client.http.get(f"/exports/annual-review/{county}/{YEAR}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"FontFile2" in pdf.content  # the TrueType CJK font is embedded

    anon = await client_factory()
    assert (await anon.http.get(f"/exports/annual-review/{county}/{YEAR}.pdf")).status_code == 401
    village = await client_factory("t01v01", via_password=False)
    assert (await village.http.get(f"/exports/annual-review/{county}/{YEAR}.xlsx")).status_code == 403


async def test_public_transparency_needs_no_sign_in_and_has_no_personal_data(anon, db):
    counties = (await anon.data("{ publicCounties { id name } }"))["publicCounties"]
    assert [c["name"] for c in counties] == ["枞溪县"]
    body = await anon.execute(
        "query($c: ID!, $y: Int!) { publicTransparency(countyId: $c, year: $y) { countyName year "
        "units { name level parentName sanwu rated satisfactionPercent } } }", {"c": counties[0]["id"], "y": YEAR})
    units = body["data"]["publicTransparency"]["units"]
    assert len(units) == 81
    assert next(u for u in units if u["name"] == "青龙镇")["sanwu"] is False
    # Aggregates only: the fields are exactly these, none of them a person or a matter.
    assert {key for u in units for key in u} == {"name", "level", "parentName", "sanwu", "rated",
                                                 "satisfactionPercent"}


async def test_rates_of_a_unit_with_nothing_to_measure_said_so(client_factory, db):
    client = await client_factory("xfj_officer", via_password=False)
    data = (await client.data(
        "query($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) { unit { name } "
        "rates { code numerator denominator percent available note formula inputs } points } }",
        {"u": await unit_id(db, COUNTY + "/001"), "s": f"{YEAR}-01-01", "e": f"{YEAR}-12-31"}))["standardRates"]
    rates = {r["code"]: r for r in data["rates"]}
    assert set(rates) >= {"TIMELY_ACCEPTANCE", "ON_TIME_REPLY", "ON_TIME_CLOSURE", "FIRST_PETITION_ONE_PASS",
                          "RESOLUTION", "SATISFACTION", "PARTICIPATION", "REVIEW_UPHELD", "SCREENING_ON_TIME"}
    # No review was decided in the demo county: measured, but nothing to measure.
    upheld = rates["REVIEW_UPHELD"]
    assert upheld["available"] is True and upheld["percent"] is None and upheld["formula"] == "nothing to measure"
    assert upheld["inputs"] == {"review": {"decided": 0, "upheld": 0}, "rereview": {"decided": 0, "upheld": 0},
                                "decisions": []}
    assert data["points"]["formula"]


async def test_screening_report_on_time_rate_counts_reports_filed_by_the_end_of_their_period(client_factory, db):
    from server.dates import end_of_local_day, local_date
    from server.screening import rules as screening_rules
    from server.screening.models import ReportStatus, ScreeningReport

    path = COUNTY + "/002/001"  # a village with no screening report in the demo
    village = await db.scalar(select(Unit).where(Unit.path == path))
    client = await client_factory("xfj_officer", via_password=False)
    today = local_date(utcnow())
    query = ("query($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) { "
             "rates { code numerator denominator percent available formula } } }")
    variables = {"u": await unit_id(db, path), "s": (today - dt.timedelta(days=56)).isoformat(), "e": today.isoformat()}

    def screening(data: dict) -> dict:
        return next(r for r in data["standardRates"]["rates"] if r["code"] == "SCREENING_ON_TIME")

    before = screening(await client.data(query, variables))
    assert before["available"] is True and before["numerator"] == 0 and before["denominator"] >= 7
    on_time = screening_rules.period_of(today - dt.timedelta(days=21), screening_rules.Cadence.WEEKLY)
    late = screening_rules.period_of(today - dt.timedelta(days=14), screening_rules.Cadence.WEEKLY)
    for period, submitted in ((on_time, end_of_local_day(on_time.end)),
                              (late, end_of_local_day(late.end) + dt.timedelta(seconds=1))):
        db.add(ScreeningReport(tenant_id=village.tenant_id, unit_id=village.id, unit_path=village.path,
                               cadence="WEEKLY", period_start=period.start, period_end=period.end, zero_report=True,
                               status=ReportStatus.SUBMITTED, submitted_at=submitted))
    await db.commit()
    after = screening(await client.data(query, variables))
    assert (after["numerator"], after["denominator"]) == (1, before["denominator"])


async def test_citizen_ratings_feed_the_public_part_and_the_public_page(client_factory, anon, db):
    from server.case.models import Case, CaseRating, PublicDocument, Satisfaction

    path = COUNTY + "/003/002"
    cases = list(await db.scalars(select(Case).where(Case.unit_path == path).order_by(Case.id)))
    levels = [Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED]
    for case, level in zip(cases, levels, strict=False):
        # A rating rates its round's answer (答复), counted in the year of the answer.
        db.add(PublicDocument(tenant_id=case.tenant_id, case_id=case.id, kind="REPLY", body="…",
                              published_at=utcnow()))
        db.add(CaseRating(tenant_id=case.tenant_id, case_id=case.id, reply_round=1, level=level, via="CODE",
                          rated_at=utcnow()))
    await db.commit()
    assert len(cases) == 3
    county = await unit_id(db, COUNTY)
    page = (await anon.data(
        "query($c: ID!, $y: Int!) { publicTransparency(countyId: $c, year: $y) { units { name parentName rated "
        "satisfactionPercent } } }", {"c": county, "y": YEAR}))["publicTransparency"]["units"]
    village = await db.scalar(select(Unit).where(Unit.path == path))
    row = next(u for u in page if u["name"] == village.name)
    assert (row["rated"], row["satisfactionPercent"]) == (3, 66.67)  # (1 + 1) / 3
    officer = await client_factory("xfj_officer", via_password=False)
    review = (await officer.data(REVIEW, {"c": county, "y": YEAR, "live": True}))["annualReview"]
    mine = next(r for r in review["rows"] if r["unit"]["name"] == village.name)
    assert mine["inputs"]["citizen_ratings"] == {"satisfied": 1, "basically_satisfied": 1, "dissatisfied": 1}
    assert mine["breakdown"]["public"]["satisfaction_rate"] == "66.67"


async def test_a_township_fills_its_self_assessment_sheet_with_a_rectification(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    sheet_query = ("query($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { unit { name } earned maximum "
                   "declarationStatus campaign { year stages { code } } lines { indicator { code maxPoints tier } points "
                   "evidence } rectifications { description owner dueOn } } }")
    sheet = (await township.data(sheet_query, {"u": t02, "y": YEAR}))["selfAssessment"]
    assert sheet["unit"]["name"] == "柳河镇" and sheet["maximum"] == 100.0  # 15+15+10+10+20+10+10 and L2 (township only) 10
    assert [line["indicator"]["code"] for line in sheet["lines"]] == ["B1", "B2", "B3", "C1", "E1", "E2", "L1", "L2"]
    result = await township.data(
        "mutation($i: SelfAssessmentInput!) { submitSelfAssessment(input: $i) { saved userErrors { code } } }",
        {"i": {"unitId": t02, "year": YEAR, "scores": [{"indicatorCode": "B1", "points": 12.5, "evidence": "照片"}]}})
    assert result["submitSelfAssessment"] == {"saved": 1, "userErrors": []}
    added = await township.data(
        "mutation($i: RectificationInput!) { addRectification(input: $i) { rectification { owner } userErrors { field code } } }",
        {"i": {"unitId": t02, "year": YEAR, "description": "补齐例会记录", "owner": "综治办", "dueOn": f"{YEAR}-12-15",
               "indicatorCode": "B2"}})
    assert added["addRectification"]["rectification"] == {"owner": "综治办"}
    sheet = (await township.data(sheet_query, {"u": t02, "y": YEAR}))["selfAssessment"]
    b1 = sheet["lines"][0]
    assert (b1["points"], b1["evidence"]) == (12.5, "照片")
    assert sheet["rectifications"] == [{"description": "补齐例会记录", "owner": "综治办", "dueOn": f"{YEAR}-12-15"}]
    # Another township's sheet is not theirs to read.
    body = await township.execute(sheet_query, {"u": await unit_id(db, COUNTY + "/003"), "y": YEAR})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

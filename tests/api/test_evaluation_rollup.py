"""属地 roll-up through HTTP: an incident recorded once against a village counts for its township
and its county (seed 004: the county is 三无 when "没有发生进京越级上访（含涉法涉诉）和非接待场所有关人员"
anywhere in it), a sibling township is untouched, and every explanation names the unit the
incident was attributed to. Also: one joint collective petition recorded once with shares, and a
kind that contradicts its destination refused."""
import datetime as dt

from sqlalchemy import select, update

from server.dates import CHINA
from server.incident.models import AttributionStatus, Incident
from server.unit.models import Unit
from tests.api.helpers import unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/002"
VILLAGE = TOWNSHIP + "/001"
SIBLING = COUNTY + "/003"

RECORD = """mutation($input: RecordIncidentInput!) { recordIncident(input: $input) {
  incident { id headcount shares { unit { name } headcount } } userErrors { field code message } } }"""

SANWU = """query($u: ID!, $y: Int!) { sanwuStatus(unitId: $u, year: $y) {
  qualifies failedRules accountability consequences
  criteria { code passed incidentIds }
  judged { incidentId kind headcount totalHeadcount own countsForConsequences attributedTo { unitName headcount } } } }"""

REVIEW = """query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y, live: true) {
  rows { unit { name } sanwu vetoed failedRules breakdown inputs } } }"""


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


async def _clean_county(db) -> None:
    """The demo county's own incidents withdrawn, so only the test's incidents count."""
    await db.execute(update(Incident).values(status=AttributionStatus.WITHDRAWN))
    await db.commit()


async def _status(client, db, path: str) -> dict:
    return (await client.data(SANWU, {"u": await unit_id(db, path), "y": today().year}))["sanwuStatus"]


async def test_a_village_beijing_escalation_fails_its_township_and_county_while_a_sibling_passes(client_factory, db):
    await _clean_county(db)
    county = await client_factory("xfj_officer", via_password=False)
    assert (await _status(county, db, COUNTY))["qualifies"] is True
    recorded = (await county.data(RECORD, {"input": {
        "unitId": await unit_id(db, VILLAGE), "kind": "BEIJING_ESCALATED", "occurredOn": today().isoformat(),
        "headcount": 1, "verified": True}}))["recordIncident"]
    assert recorded["userErrors"] == []
    incident_id = recorded["incident"]["id"]

    village = await _status(county, db, VILLAGE)
    township = await _status(county, db, TOWNSHIP)
    whole = await _status(county, db, COUNTY)
    sibling = await _status(county, db, SIBLING)
    assert village["failedRules"] == ["NO_BEIJING_PROVINCE_CITY_PETITION"]
    assert township["failedRules"] == ["NO_BEIJING_PROVINCE_PETITION"]
    assert whole["failedRules"] == ["NO_BEIJING_PETITION"]
    assert sibling["qualifies"] is True and sibling["judged"] == []

    # The explanation names the incident and the village it was attributed to.
    failed = next(c for c in township["criteria"] if not c["passed"])
    assert failed["incidentIds"] == [incident_id]
    village_name = await db.scalar(select(Unit.name).where(Unit.path == VILLAGE))
    township_name = await db.scalar(select(Unit.name).where(Unit.path == TOWNSHIP))
    assert township["judged"] == [{
        "incidentId": incident_id, "kind": "BEIJING_ESCALATED", "headcount": 1, "totalHeadcount": 1,
        "own": False, "countsForConsequences": False, "attributedTo": [{"unitName": village_name, "headcount": 1}]}]
    assert village["judged"][0]["own"] is True and village["judged"][0]["countsForConsequences"] is True
    assert township["consequences"] == "ATTRIBUTED_UNIT"

    # The annual review: the township fails because of the village's incident, names it, and is
    # not charged for it (no deduction: consequences stay with the village by default).
    rows = {r["unit"]["name"]: r for r in (await county.data(
        REVIEW, {"c": await unit_id(db, COUNTY), "y": today().year}))["annualReview"]["rows"]}
    row = rows[township_name]
    assert [(i["units"][0]["unit_name"], i["own"]) for i in row["inputs"]["incidents"]] == [(village_name, False)]
    assert row["sanwu"] is False and row["failedRules"] == ["NO_BEIJING_PROVINCE_PETITION"]
    assert row["breakdown"]["deductions"]["total"] == "0.00"
    assert rows[village_name]["sanwu"] is False
    assert rows[village_name]["breakdown"]["deductions"]["total"] != "0.00"


async def test_one_joint_petition_from_two_townships_is_recorded_once_and_fails_the_county_above_50(
        client_factory, db):
    """Seed 004 县: "没有发生到县以上（不含县）超过 50 人的集体上访" — 30 + 21 people of two townships
    at the city together are one petition of 51."""
    await _clean_county(db)
    county = await client_factory("xfj_officer", via_password=False)
    base = {"unitId": await unit_id(db, TOWNSHIP), "kind": "COLLECTIVE_TO_CITY",
            "occurredOn": today().isoformat(), "verified": True}
    fifty = (await county.data(RECORD, {"input": {
        **base, "headcount": 50, "shares": [{"unitId": await unit_id(db, SIBLING), "headcount": 20}]}}))
    assert fifty["recordIncident"]["userErrors"] == []
    assert [s["headcount"] for s in fifty["recordIncident"]["incident"]["shares"]] == [30, 20]
    assert (await _status(county, db, COUNTY))["qualifies"] is True
    sibling = await _status(county, db, SIBLING)
    assert sibling["failedRules"] == ["NO_COLLECTIVE_TO_CITY"]
    assert sibling["judged"][0]["headcount"] == 20 and sibling["judged"][0]["totalHeadcount"] == 50

    await db.execute(update(Incident).values(status=AttributionStatus.WITHDRAWN))
    await db.commit()
    fifty_one = (await county.data(RECORD, {"input": {
        **base, "headcount": 51, "shares": [{"unitId": await unit_id(db, SIBLING), "headcount": 21}]}}))
    assert fifty_one["recordIncident"]["userErrors"] == []
    whole = await _status(county, db, COUNTY)
    assert whole["failedRules"] == ["NO_LARGE_COLLECTIVE_ABOVE_COUNTY"]
    assert sorted(a["headcount"] for a in whole["judged"][0]["attributedTo"]) == [21, 30]


async def test_shares_that_leave_nobody_to_the_recorded_unit_or_repeat_it_are_refused(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    township = await unit_id(db, TOWNSHIP)
    base = {"unitId": township, "kind": "COLLECTIVE_TO_CITY", "occurredOn": today().isoformat(), "headcount": 10}
    too_many = (await county.data(RECORD, {"input": {
        **base, "shares": [{"unitId": await unit_id(db, SIBLING), "headcount": 10}]}}))["recordIncident"]
    assert too_many["incident"] is None and too_many["userErrors"][0]["field"] == ["input", "shares"]
    assert "10" in too_many["userErrors"][0]["message"]
    twice = (await county.data(RECORD, {"input": {**base, "shares": [{"unitId": township, "headcount": 2}]}}))
    assert twice["recordIncident"]["userErrors"][0]["field"] == ["input", "shares", "0", "unitId"]


async def test_a_kind_and_a_destination_that_contradict_each_other_are_refused(client_factory, db):
    """Seed 002 "无到市赴省进京非正常访": non-reception incidents at the city and the province can be
    recorded; a 赴省越级访 that went to the city cannot."""
    county = await client_factory("xfj_officer", via_password=False)
    village = await unit_id(db, VILLAGE)
    base = {"unitId": village, "occurredOn": today().isoformat(), "headcount": 1}
    wrong = (await county.data(RECORD, {"input": {**base, "kind": "PROVINCE_ESCALATED",
                                                  "destinationLevel": "CITY"}}))["recordIncident"]
    assert wrong["incident"] is None
    assert wrong["userErrors"][0]["field"] == ["input", "destinationLevel"]
    assert "矛盾" in wrong["userErrors"][0]["message"]
    hype = (await county.data(RECORD, {"input": {**base, "kind": "MEDIA_HYPE",
                                                 "destinationLevel": "PROVINCE"}}))["recordIncident"]
    assert hype["userErrors"][0]["field"] == ["input", "destinationLevel"]
    for kind in ("CITY_NON_RECEPTION", "PROVINCE_NON_RECEPTION"):
        ok = (await county.data(RECORD, {"input": {**base, "kind": kind}}))["recordIncident"]
        assert ok["userErrors"] == [], kind


async def test_a_township_sees_its_villages_incident_in_its_own_status_but_not_another_townships(
        client_factory, db):
    await _clean_county(db)
    county = await client_factory("xfj_officer", via_password=False)
    await county.data(RECORD, {"input": {
        "unitId": await unit_id(db, SIBLING + "/001"), "kind": "BEIJING_ESCALATED",
        "occurredOn": today().isoformat(), "headcount": 1, "verified": True}})
    township = await client_factory("t01_officer", via_password=False)
    own = (await township.data(SANWU, {"u": await unit_id(db, COUNTY + "/001"), "y": today().year}))
    assert own["sanwuStatus"]["qualifies"] is True and own["sanwuStatus"]["judged"] == []
    other = await township.execute(SANWU, {"u": await unit_id(db, SIBLING), "y": today().year})
    assert other["errors"][0]["extensions"]["code"] in {"FORBIDDEN", "NOT_FOUND"}


RUN = """mutation($c: ID!, $y: Int!) { runAnnualReview(countyId: $c, year: $y, confirmIncomplete: true, note: "演示县部分单位尚未评分，先行存储") { review { stored runId } userErrors { code } } }"""
CHANGES = """query($c: ID!, $y: Int!, $live: Boolean) { annualReview(countyId: $c, year: $y, live: $live) {
  stored comparedRunId rows { unit { name } sanwu } changes { unitName field stored live } } }"""


async def test_a_stored_review_keeps_what_it_showed_and_recomputing_lists_the_differences(client_factory, db):
    await _clean_county(db)
    county = await client_factory("xfj_officer", via_password=False)
    county_id = await unit_id(db, COUNTY)
    year = today().year
    before = (await county.data(CHANGES, {"c": county_id, "y": year, "live": True}))["annualReview"]
    assert before["changes"] is None  # nothing stored yet: nothing to compare with
    run = (await county.data(RUN, {"c": county_id, "y": year}))["runAnnualReview"]["review"]
    await county.data(RECORD, {"input": {
        "unitId": await unit_id(db, VILLAGE), "kind": "BEIJING_ESCALATED", "occurredOn": today().isoformat(),
        "headcount": 1, "verified": True}})
    township_name = await db.scalar(select(Unit.name).where(Unit.path == TOWNSHIP))
    village_name = await db.scalar(select(Unit.name).where(Unit.path == VILLAGE))

    stored = (await county.data(CHANGES, {"c": county_id, "y": year}))["annualReview"]
    assert stored["stored"] is True and stored["changes"] is None
    assert next(r for r in stored["rows"] if r["unit"]["name"] == township_name)["sanwu"] is True

    live = (await county.data(CHANGES, {"c": county_id, "y": year, "live": True}))["annualReview"]
    assert live["stored"] is False and live["comparedRunId"] == run["runId"]
    sanwu_changes = {(c["unitName"], c["stored"], c["live"]) for c in live["changes"] if c["field"] == "sanwu"}
    assert sanwu_changes == {(township_name, "true", "false"), (village_name, "true", "false")}
    assert {c["unitName"] for c in live["changes"] if c["field"] == "failed_rules"} == {township_name, village_name}


APPLY = """mutation($i: ApplyDeclarationInput!) { applyDeclaration(input: $i) {
  declaration { id status } userErrors { field code message } } }"""
DECLARE = """mutation($i: DecideDeclarationInput!) { decideDeclaration(input: $i) {
  declaration { id status } userErrors { field code message } } }"""


async def test_a_township_not_sanwu_because_of_its_village_cannot_be_declared(client_factory, db):
    """Seed 002: "对没有被命名的行政村…在综合性评先选优中实行否决制度" — not 三无, not declared; the
    refusal names the rule and the incident with the village it was attributed to."""
    await _clean_county(db)
    year = today().year
    township = await client_factory("t02_officer", via_password=False)
    applied = (await township.data(APPLY, {"i": {"unitId": await unit_id(db, TOWNSHIP), "year": year}}))
    assert applied["applyDeclaration"]["userErrors"] == []
    declaration = applied["applyDeclaration"]["declaration"]["id"]

    county = await client_factory("xfj_officer", via_password=False)
    await county.data(RECORD, {"input": {
        "unitId": await unit_id(db, VILLAGE), "kind": "BEIJING_ESCALATED", "occurredOn": today().isoformat(),
        "headcount": 1, "verified": True}})
    refused = (await county.data(DECLARE, {"i": {"id": declaration, "action": "COUNTY_DECLARE"}}))["decideDeclaration"]
    assert refused["declaration"] is None
    error = refused["userErrors"][0]
    assert error["code"] == "DECLARATION_BARRED" and error["field"] == ["input", "id"]
    village_name = await db.scalar(select(Unit.name).where(Unit.path == VILLAGE))
    assert "无进京赴省越级上访" in error["message"] and village_name in error["message"]
    assert "进京越级访" in error["message"]


async def test_a_vetoed_unit_cannot_apply(client_factory, db):
    """Seed 003: "發生進京到非接待場所上訪2人次（含）以上的予以'一票否決'" — within the campaign period."""
    await _clean_county(db)
    year = today().year
    township = await client_factory("t02_officer", via_password=False)
    unit = await db.scalar(select(Unit).where(Unit.path == TOWNSHIP))
    db.add(Incident(tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path,
                    kind="BEIJING_NON_RECEPTION", occurred_on=dt.date(year, 5, 1), headcount=2, verified=True,
                    status=AttributionStatus.ATTRIBUTED))
    await db.commit()
    refused = (await township.data(APPLY, {"i": {"unitId": await unit_id(db, TOWNSHIP), "year": year}}))
    error = refused["applyDeclaration"]["userErrors"][0]
    assert error["code"] == "DECLARATION_BARRED"
    assert "一票否决" in error["message"] and "进京非接待场所访" in error["message"]


BARE_RUN = """mutation($c: ID!, $y: Int!, $confirm: Boolean!, $note: String) {
  runAnnualReview(countyId: $c, year: $y, confirmIncomplete: $confirm, note: $note) {
    review { stored incompleteNote rows { unit { name } population rank grade incomplete missingParts } } userErrors { field code message } } }"""


async def test_storing_a_review_with_incomplete_units_needs_a_confirmation_with_a_note(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    variables = {"c": await unit_id(db, COUNTY), "y": today().year, "confirm": False, "note": None}
    refused = (await county.data(BARE_RUN, variables))["runAnnualReview"]
    assert refused["review"] is None
    assert refused["userErrors"][0]["code"] == "INCOMPLETE_UNITS"
    assert refused["userErrors"][0]["field"] == ["confirmIncomplete"]
    no_note = (await county.data(BARE_RUN, {**variables, "confirm": True}))["runAnnualReview"]
    assert no_note["userErrors"][0]["field"] == ["note"]
    stored = (await county.data(BARE_RUN, {**variables, "confirm": True, "note": "部分村组织考评尚未完成"}))
    review = stored["runAnnualReview"]["review"]
    assert review["stored"] is True and review["incompleteNote"] == "部分村组织考评尚未完成"
    incomplete = [r for r in review["rows"] if r["incomplete"]]
    assert incomplete and all(r["grade"] == "INCOMPLETE" and r["missingParts"] for r in incomplete)
    # Within each population every complete unit ranks before every incomplete one.
    for population in ("TOWNSHIP", "VILLAGE"):
        rows = [r for r in review["rows"] if r["population"] == population]
        complete = [r["rank"] for r in rows if not r["incomplete"]]
        apart = [r["rank"] for r in rows if r["incomplete"]]
        if complete and apart:
            assert max(complete) < min(apart), population


TARGETS = """query($c: ID!, $y: Int!) { sanwuTargets(countyId: $c, year: $y) {
  kind label targetPercent previousCount currentCount actualPercent met scopeUnit { name } } }"""


async def test_seed_000_reduction_target_compares_this_year_with_last_year_over_the_county(client_factory, db):
    """Seed 000: "全镇进京非正常上访、进京越级上访和到省集访总量下降到50%以上" — villages' incidents count."""
    await _clean_county(db)
    county = await client_factory("xfj_officer", via_password=False)
    county_id = await unit_id(db, COUNTY)
    chosen = (await county.data(
        "mutation($i: SetEvaluationSettingsInput!) { setEvaluationSettings(input: $i) { userErrors { code } } }",
        {"i": {"countyId": county_id, "templateCode": "SEED_000"}}))
    assert chosen["setEvaluationSettings"]["userErrors"] == []
    year = today().year
    village = await db.scalar(select(Unit).where(Unit.path == VILLAGE))
    for day, people in ((dt.date(year - 1, 6, 1), 4), (dt.date(year - 1, 7, 1), 6), (dt.date(year, 1, 2), 6)):
        db.add(Incident(tenant_id=village.tenant_id, unit_id=village.id, unit_path=village.path,
                        kind="BEIJING_ESCALATED", occurred_on=day, headcount=people, verified=True,
                        status=AttributionStatus.ATTRIBUTED))
    await db.commit()
    rows = (await county.data(TARGETS, {"c": county_id, "y": year}))["sanwuTargets"]
    reduction = [r for r in rows if r["kind"] == "ESCALATION_REDUCTION"]
    assert len(reduction) == 1
    assert reduction[0]["previousCount"] == 10 and reduction[0]["currentCount"] == 6
    assert reduction[0]["actualPercent"] == 60.0 and reduction[0]["targetPercent"] == 50.0
    assert reduction[0]["met"] is False and "50%" in reduction[0]["label"]

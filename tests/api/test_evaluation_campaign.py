"""The county runs its campaign (name, stage dates, indicator table), units close their
rectification items, and 无信访积案 names the overdue cases it counted."""
import datetime as dt

from sqlalchemy import select

from server import ids
from server.case.models import Case
from server.dates import local_date, utcnow
from tests.api.helpers import REGISTER, case_input, unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"

CAMPAIGN = "campaign { id name stages { code startsOn endsOn } indicators { code name part tier maxPoints } }"
UPDATE = "mutation($i: UpdateCampaignInput!) { updateCampaign(input: $i) { %s userErrors { field code message } } }" % CAMPAIGN
GET = "query($c: ID!, $y: Int!) { campaign(countyId: $c, year: $y) { %s } }" % CAMPAIGN.removeprefix("campaign ")[1:-1]


def stages(year: int, *dates: tuple[str, str]) -> list[dict]:
    return [{"code": code, "startsOn": f"{year}-{a}", "endsOn": f"{year}-{b}"}
            for code, (a, b) in zip(("MOBILISE", "ADVANCE", "DECLARE"), dates, strict=True)]


async def test_the_county_edits_its_campaign_dates_and_indicator_table(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    county_id = await unit_id(db, COUNTY)
    campaign = (await county.data(GET, {"c": county_id, "y": YEAR}))["campaign"]
    table = [{k: i[k] for k in ("code", "name", "part", "tier", "maxPoints")} for i in campaign["indicators"]]

    changed = (await county.data(UPDATE, {"i": {
        "id": campaign["id"], "name": f"{YEAR}年“三无”创建活动",
        "stages": stages(YEAR, ("03-01", "03-31"), ("04-01", "11-20"), ("11-21", "12-31")),
        "indicators": [*table, {"code": "C2", "name": "打造“一乡一品”调解品牌", "part": "CREATE", "maxPoints": 5,
                                "tier": "TOWNSHIP"}]}}))["updateCampaign"]
    assert changed["userErrors"] == []
    got = changed["campaign"]
    assert got["name"] == f"{YEAR}年“三无”创建活动"
    assert [(x["code"], x["startsOn"], x["endsOn"]) for x in got["stages"]] == [
        ("MOBILISE", f"{YEAR}-03-01", f"{YEAR}-03-31"), ("ADVANCE", f"{YEAR}-04-01", f"{YEAR}-11-20"),
        ("DECLARE", f"{YEAR}-11-21", f"{YEAR}-12-31")]
    assert [i["code"] for i in got["indicators"]][-1] == "C2"
    # A township's sheet now has the new line; a village's does not.
    sheet = "query($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { maximum lines { indicator { code } } } }"
    township = await client_factory("t02_officer", via_password=False)
    lines = (await township.data(sheet, {"u": await unit_id(db, COUNTY + "/002"), "y": YEAR}))["selfAssessment"]
    assert lines["maximum"] == 105.0 and lines["lines"][-1]["indicator"]["code"] == "C2"

    # Stages out of order, outside the year, or not the campaign's three: refused with the field.
    overlap = (await county.data(UPDATE, {"i": {"id": campaign["id"], "stages": stages(
        YEAR, ("03-01", "05-01"), ("04-01", "11-20"), ("11-21", "12-31"))}}))["updateCampaign"]
    assert overlap["userErrors"][0]["field"] == ["input", "stages", "1", "startsOn"]
    outside = (await county.data(UPDATE, {"i": {"id": campaign["id"], "stages": stages(
        YEAR, ("03-01", "03-31"), ("04-01", "11-20"), ("11-21", "12-31"))[:2] + [
        {"code": "DECLARE", "startsOn": f"{YEAR}-12-01", "endsOn": f"{YEAR + 1}-01-15"}]}}))["updateCampaign"]
    assert outside["userErrors"][0]["field"] == ["input", "stages", "2", "endsOn"]
    assert str(YEAR) in outside["userErrors"][0]["message"]
    missing = (await county.data(UPDATE, {"i": {"id": campaign["id"], "stages": stages(
        YEAR, ("03-01", "03-31"), ("04-01", "11-20"), ("11-21", "12-31"))[:2]}}))["updateCampaign"]
    assert missing["userErrors"][0]["field"] == ["input", "stages"]

    # Lines units have scored: not removed, not below a score given, not moved to another tier.
    without_b1 = [i for i in table if i["code"] != "B1"]
    removed = (await county.data(UPDATE, {"i": {"id": campaign["id"], "indicators": without_b1}}))["updateCampaign"]
    assert removed["userErrors"][0]["code"] == "IN_USE" and "B1" in removed["userErrors"][0]["message"]
    lowered = [dict(i, maxPoints=1) if i["code"] == "B1" else i for i in table]
    low = (await county.data(UPDATE, {"i": {"id": campaign["id"], "indicators": lowered}}))["updateCampaign"]
    assert low["userErrors"][0]["field"] == ["input", "indicators", "0", "maxPoints"]
    tiered = [dict(i, tier="VILLAGE") if i["code"] == "B1" else i for i in table]
    moved = (await county.data(UPDATE, {"i": {"id": campaign["id"], "indicators": tiered}}))["updateCampaign"]
    assert moved["userErrors"][0]["field"] == ["input", "indicators", "0", "tier"]
    # The line no unit scored (C2) can go again.
    back = (await county.data(UPDATE, {"i": {"id": campaign["id"], "indicators": table}}))["updateCampaign"]
    assert back["userErrors"] == [] and [i["code"] for i in back["campaign"]["indicators"]] == [i["code"] for i in table]

    # Only the county configures its campaign.
    refused = (await township.data(UPDATE, {"i": {"id": campaign["id"], "name": "x"}}))["updateCampaign"]
    assert refused["userErrors"][0]["code"] == "FORBIDDEN"


RECT = ("mutation($i: RectificationInput!) { addRectification(input: $i) { rectification { id doneOn } "
        "userErrors { code } } }")
DONE = ("mutation($i: RectificationDoneInput!) { setRectificationDone(input: $i) { rectification { id doneOn } "
        "userErrors { field code } } }")


async def test_a_unit_marks_its_rectification_done_and_reopens_it(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    added = (await township.data(RECT, {"i": {"unitId": t02, "year": YEAR, "description": "补齐台账", "owner": "综治办",
                                               "dueOn": f"{YEAR}-12-15"}}))["addRectification"]["rectification"]
    assert added["doneOn"] is None
    today = local_date(utcnow()).isoformat()
    done = (await township.data(DONE, {"i": {"id": added["id"], "doneOn": today}}))["setRectificationDone"]
    assert done == {"rectification": {"id": added["id"], "doneOn": today}, "userErrors": []}
    sheet = (await township.data(
        "query($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { rectifications { id doneOn } } }",
        {"u": t02, "y": YEAR}))["selfAssessment"]["rectifications"]
    assert {"id": added["id"], "doneOn": today} in sheet
    future = (local_date(utcnow()) + dt.timedelta(days=2)).isoformat()
    assert (await township.data(DONE, {"i": {"id": added["id"], "doneOn": future}}))["setRectificationDone"][
        "userErrors"][0]["field"] == ["input", "doneOn"]
    reopened = (await township.data(DONE, {"i": {"id": added["id"], "doneOn": None}}))["setRectificationDone"]
    assert reopened["rectification"]["doneOn"] is None
    # Another township, or a village of the township, neither sees nor closes it.
    other = await client_factory("t03_officer", via_password=False)
    assert (await other.data(DONE, {"i": {"id": added["id"], "doneOn": today}}))["setRectificationDone"][
        "userErrors"][0]["code"] == "NOT_FOUND"
    clerk = await client_factory("t02v01", via_password=False)
    assert (await clerk.data(DONE, {"i": {"id": added["id"], "doneOn": today}}))["setRectificationDone"][
        "userErrors"][0]["code"] == "NOT_FOUND"


async def test_no_backlog_criterion_names_the_overdue_cases_it_counted(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    set_template = ("mutation($i: SetEvaluationSettingsInput!) { setEvaluationSettings(input: $i) { "
                    "userErrors { code } } }")
    assert (await county.data(set_template, {"i": {"countyId": await unit_id(db, COUNTY), "templateCode": "SEED_002"}}))[
        "setEvaluationSettings"]["userErrors"] == []
    village = COUNTY + "/007/004"
    clerk = await client_factory("t07v04", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, village), title="积案测试")}))[
        "registerCase"]["case"]
    case = await db.scalar(select(Case).where(Case.id == ids.decode("Case", created["id"])))
    case.due_at = utcnow() - dt.timedelta(days=3)  # its acceptance deadline passed without a decision
    await db.commit()

    status = ("query($u: ID!, $y: Int!) { sanwuStatus(unitId: $u, year: $y) { qualifies "
              "criteria { code passed overdueBacklog maxOverdueBacklog caseIds } } }")
    data = (await county.data(status, {"u": await unit_id(db, village), "y": YEAR}))["sanwuStatus"]
    backlog = next(c for c in data["criteria"] if c["code"] == "NO_PETITION_BACKLOG")
    assert backlog["passed"] is False and backlog["overdueBacklog"] >= 1
    assert created["id"] in backlog["caseIds"] and len(backlog["caseIds"]) == backlog["overdueBacklog"]
    assert all(c["caseIds"] == [] for c in data["criteria"] if c["code"] != "NO_PETITION_BACKLOG")
    # The township above sees it counted against itself too, and may open it.
    township = await client_factory("t07_officer", via_password=False)
    mine = (await township.data(status, {"u": await unit_id(db, COUNTY + "/007"), "y": YEAR}))["sanwuStatus"]
    assert created["id"] in next(c for c in mine["criteria"] if c["code"] == "NO_PETITION_BACKLOG")["caseIds"]

"""Accusations (检举控告) are handled one level above the accused unit and hidden from it.

信访工作条例 第三十条: "不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。"
第二十八条: "与信访事项或者信访人有直接利害关系的，应当回避。"
"""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from server.auth.principal import Grant, Principal
from server.case.visibility import sees_change
from server.events import CaseChanged
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = "/990000/990100/990122/001"
VILLAGE = "/990000/990100/990122/001/001"
OTHER_VILLAGE = "/990000/990100/990122/001/002"

SUBMIT = """mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) {
  queryCode userErrors { field code message } } }"""
DETAIL = "query($id: ID!) { case(id: $id) { id queryCode handlerUnit { name } firstPetition timeline { note } } }"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


async def _ids(client, query: str = "{ cases(first: 100) { edges { node { id title } } } }") -> list[str]:
    return [e["node"]["title"] for e in (await client.data(query))["cases"]["edges"]]


async def test_register_case_refuses_an_accusation_without_its_unit_and_an_accused_unit_on_other_kinds(client_factory, db):
    officer = await client_factory("xfj_officer", via_password=False)
    village = await unit_id(db, VILLAGE)
    missing = (await officer.execute(REGISTER, {"input": case_input(village, kind="ACCUSATION")}, **{"accept-language": "en"}))
    errors = missing["data"]["registerCase"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "accusedUnitId"], "REQUIRED")]
    assert errors[0]["message"].startswith("An accusation must name the unit")
    stray = (await officer.data(REGISTER, {"input": case_input(
        village, kind="COMPLAINT", accusedUnitId=await unit_id(db, TOWNSHIP))}))["registerCase"]
    assert [(e["field"], e["code"]) for e in stray["userErrors"]] == [(["input", "accusedUnitId"], "INVALID")]
    assert stray["userErrors"][0]["message"] == "只有检举控告类事项才能填写被检举控告的单位"
    assert stray["case"] is None


async def test_a_citizens_accusation_goes_above_the_unit_it_concerns_and_never_to_it(client_factory, anon, db):
    village_clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    base = {"unitId": await unit_id(db, VILLAGE), "kind": "ACCUSATION", "content": "村干部优亲厚友", "name": "钱七", "phone": "13800005555"}
    # "Not sure": the accusation concerns the village addressed; the township handles it.
    unsure = (await anon.data(SUBMIT, {"i": {**base, "title": "反映新华村村干部（不确定）"}}))["submitPetition"]
    assert unsure["userErrors"] == [] and unsure["queryCode"]
    # Named: the township's own officials; the county handles it, the township never sees it.
    named = (await anon.data(SUBMIT, {"i": {**base, "title": "反映城关镇干部", "accusedUnitId": await unit_id(db, TOWNSHIP)}}))["submitPetition"]
    assert named["userErrors"] == [] and named["queryCode"]

    assert "反映新华村村干部（不确定）" not in await _ids(village_clerk)
    assert "反映新华村村干部（不确定）" in await _ids(township)
    assert "反映城关镇干部" not in await _ids(township)
    assert "反映城关镇干部" not in await _ids(village_clerk)
    assert {"反映新华村村干部（不确定）", "反映城关镇干部"} <= set(await _ids(county))
    # A complaint (not an accusation) cannot name an accused unit from the public form either.
    stray = (await anon.data(SUBMIT, {"i": {**base, "kind": "COMPLAINT", "title": "路灯", "accusedUnitId": await unit_id(db, TOWNSHIP)}}))
    assert [e["code"] for e in stray["submitPetition"]["userErrors"]] == ["INVALID"]


async def test_a_later_petition_seen_by_the_accused_unit_does_not_reveal_the_hidden_accusation(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    person = [{"name": "孙八", "phone": "13800006666"}]
    text = {"title": "反映镇里截留低保金", "content": "镇干部截留本户低保金三个月，请求查处并退还。"}
    hidden = (await county.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), kind="ACCUSATION", accusedUnitId=await unit_id(db, TOWNSHIP), petitioners=person, **text,
    )}))["registerCase"]
    assert hidden["userErrors"] == []
    later = (await township.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), petitioners=person, **text)}))["registerCase"]
    assert later["userErrors"] == []
    seen = (await township.data(DETAIL, {"id": later["case"]["id"]}))["case"]
    assert seen["firstPetition"] is True  # 重信重访 would point at a case the township may not know of
    assert all("重信重访" not in (e["note"] or "") for e in seen["timeline"])
    # The county sees both; a later accusation of the same person on the same matter does link.
    again = (await county.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), kind="ACCUSATION", accusedUnitId=await unit_id(db, TOWNSHIP), petitioners=person, **text,
    )}))["registerCase"]
    assert (await county.data(DETAIL, {"id": again["case"]["id"]}))["case"]["firstPetition"] is False


async def test_the_query_code_is_shown_on_the_receipt_and_to_handlers_only_never_in_lists_or_the_ledger(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), title="查询码测试")}))["registerCase"]
    code = created["case"]["queryCode"]
    assert len(code) == 12 and "*" not in code  # the receipt handed to the petitioner
    assert (await clerk.data(DETAIL, {"id": created["case"]["id"]}))["case"]["queryCode"] == code  # handling unit
    assert (await county.data(DETAIL, {"id": created["case"]["id"]}))["case"]["queryCode"] == "*" * 12  # above, not handling
    listed = await county.data("{ cases(first: 100) { edges { node { title queryCode } } } }")
    row = next(e["node"] for e in listed["cases"]["edges"] if e["node"]["title"] == "查询码测试")
    assert row["queryCode"] == "*" * 12
    ledger = await county.http.get("/exports/cases.xlsx")
    assert ledger.status_code == 200
    cells = [c for row in load_workbook(BytesIO(ledger.content)).active.iter_rows(values_only=True) for c in row]
    assert "查询码" not in cells and code not in cells


async def test_a_meeting_about_an_accusation_cannot_include_the_accused_units_staff(client_factory, db):
    from sqlalchemy import select

    from server import ids
    from server.auth.models import User

    township = await client_factory("t01_officer", via_password=False)
    hidden = (await township.data(REGISTER, {"input": case_input(
        await unit_id(db, OTHER_VILLAGE), kind="ACCUSATION", accusedUnitId=await unit_id(db, VILLAGE), title="反映新华村主任",
    )}))["registerCase"]
    assert hidden["userErrors"] == []
    clerk = await db.scalar(select(User).where(User.username == "t01v01"))
    me = (await township.data("{ me { id } }"))["me"]["id"]
    record = """mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } userErrors { field code } } }"""
    base = {"unitId": await unit_id(db, TOWNSHIP), "kind": "ANALYSIS", "heldOn": "2026-01-05", "caseIds": [hidden["case"]["id"]]}
    refused = (await township.data(record, {"i": {**base, "attendeeIds": [me, ids.encode("User", clerk.id)],
                                                  "decisions": [{"content": "核查", "ownerId": ids.encode("User", clerk.id)}]}}))
    codes = {(tuple(e["field"]), e["code"]) for e in refused["recordMeeting"]["userErrors"]}
    assert codes == {(("input", "attendeeIds"), "FORBIDDEN"), (("input", "decisions", "0", "ownerId"), "FORBIDDEN")}
    allowed = await township.data(record, {"i": {**base, "attendeeIds": [me]}})
    assert allowed["recordMeeting"]["userErrors"] == []


async def test_the_accused_unit_cannot_put_a_hidden_accusation_on_its_meeting_by_guessing_its_id(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    hidden = (await county.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), kind="ACCUSATION", accusedUnitId=await unit_id(db, TOWNSHIP), title="反映城关镇")}))["registerCase"]
    me = (await township.data("{ me { id } }"))["me"]["id"]
    result = await township.data(
        """mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { userErrors { field code } } }""",
        {"i": {"unitId": await unit_id(db, TOWNSHIP), "kind": "ROUTINE", "heldOn": "2026-01-05", "attendeeIds": [me],
               "caseIds": [hidden["case"]["id"]]}},
    )
    assert result["recordMeeting"]["userErrors"] == [{"field": ["input", "caseIds"], "code": "NOT_FOUND"}]


def test_a_live_subscriber_is_not_told_of_a_change_to_an_accusation_against_their_unit():
    class Everywhere:
        def allows(self, role, grant_path, target_path, obj, act) -> bool:
            return target_path == grant_path or target_path.startswith(grant_path + "/")

    township = Principal(authorizer=Everywhere(), user_id=1, tenant_id=7,
                         grants=(Grant(role="township_officer", unit_id=4, unit_path=TOWNSHIP),))
    ordinary = CaseChanged(7, 1, VILLAGE, TOWNSHIP)
    hidden = CaseChanged(7, 2, VILLAGE, COUNTY, accused_unit_path=TOWNSHIP)
    elsewhere = CaseChanged(8, 3, VILLAGE, TOWNSHIP)
    assert sees_change(township, ordinary)
    assert not sees_change(township, hidden)
    assert not sees_change(township, elsewhere)

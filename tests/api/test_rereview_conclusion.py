"""复查, 复核 by the city (outside the county) recorded by the county bureau, 三级终结, 不再受理.

信访工作条例 (2022) Art. 36: "信访人对复核意见不服，仍以同一事实和理由提出信访事项的，信访部门和其他机关、
单位不再受理。" Seed 003: "…可申请市人民政府复核…三级终结". The city is outside this county's
system, so the petitioner still asks here and the county bureau records the opinion it received.
"""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from server import ids
from server.audit.models import AuditEvent
from server.case.models import Case, CaseStatus
from server.dates import CHINA, utcnow
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
PDF = b"%PDF-1.4\n" + b"0" * 200
STEP = "mutation($id: ID!) { r: %s { case { status } userErrors { field code message } } }"
TRACK = """query($c: String!) { trackCase(queryCode: $c, phoneLast4: "1234") {
  status canRequestReview canRate reviewBody concludedAt reviewDueAt reviewRequestDueAt
  documents { kind body reviewResult issuedBy } } }"""
ASK = """mutation($c: String!, $r: String!) { requestReview(queryCode: $c, phoneLast4: "1234", reason: $r) {
  case { status canRequestReview reviewBody reviewDueAt } userErrors { field code message } } }"""
DECIDE = """mutation($id: ID!, $by: String, $files: [ID!], $opinion: String!) {
  decideReview(id: $id, result: UPHELD, opinion: $opinion, decidedBy: $by, attachmentIds: $files) {
    case { status concludedAt rereviewResult rereviewDecidedBy reviewBody { name rereview outside }
           availableActions timeline { kind note } attachments { filename } }
    userErrors { field code message } } }"""
DETAIL = """query($id: ID!) { case(id: $id) { status notAcceptedAgain firstPetition rejectReason availableActions
  repeatOf { id status } reviewBody { name rereview outside } documents { kind body } } }"""


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.attachment_dir = tmp_path / "attachments"
    limiter.reset()
    yield
    limiter.reset()


async def _upload(client, name: str = "复核意见书.pdf") -> str:
    response = await client.http.post(
        "/attachments", files={"file": (name, PDF, "application/octet-stream")},
        headers={"x-requested-with": "lianchuang"},
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _reviewed_by_county(client_factory, anon, db) -> tuple[str, str]:
    """A village case answered by the township, 复查 decided by the county: (case id, query code)."""
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    made = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    cid, code = made["case"]["id"], made["case"]["queryCode"]
    assert (await township.data(STEP % "acceptCase(id: $id)", {"id": cid}))["r"]["userErrors"] == []
    reply = 'replyCase(id: $id, reply: "经核实，围墙未占用公共通道。", outcome: EXPLAINED)'
    assert (await township.data(STEP % reply, {"id": cid}))["r"]["userErrors"] == []
    asked = (await anon.data(ASK, {"c": code, "r": "不服答复"}))["requestReview"]
    # 复查 by the county: inside the county, decided there.
    assert asked["case"]["status"] == "UNDER_REVIEW" and asked["case"]["reviewBody"] == "枞溪县"
    decide = 'decideReview(id: $id, result: UPHELD, opinion: "经复查，维持原处理意见。")'
    assert (await county.data(STEP % decide, {"id": cid}))["r"]["userErrors"] == []
    return cid, code


async def test_rereview_by_the_city_is_recorded_by_the_county_and_concludes_the_matter(client_factory, anon, db):
    county = await client_factory("xfj_officer", via_password=False)
    cid, code = await _reviewed_by_county(client_factory, anon, db)

    # The citizen sees that 复核 is open and who gives it: the city, above the county.
    seen = (await anon.data(TRACK, {"c": code}))["trackCase"]
    assert seen["status"] == "REPLIED" and seen["canRequestReview"] is True and seen["reviewBody"] == "青川市"

    # Seed 003: "可申请市人民政府复核" — the request is taken here, with the statutory 30 days.
    asked = (await anon.data(ASK, {"c": code, "r": "对复查意见不服，申请复核"}))["requestReview"]
    assert asked["userErrors"] == []
    assert asked["case"]["status"] == "UNDER_REREVIEW" and asked["case"]["canRequestReview"] is False
    assert asked["case"]["reviewBody"] == "青川市"
    due = dt.datetime.fromisoformat(asked["case"]["reviewDueAt"]).astimezone(CHINA).date()
    assert due == utcnow().astimezone(CHINA).date() + dt.timedelta(days=30)  # the demo counts calendar days

    # The county bureau records the city's opinion: who decided it and the scan are required.
    refused = (await county.data(DECIDE, {"id": cid, "opinion": "经复核，维持复查意见。"}))["decideReview"]
    assert refused["case"] is None
    assert {tuple(e["field"]) for e in refused["userErrors"]} == {("decidedBy",), ("attachmentIds",)}
    assert any("扫描件" in e["message"] for e in refused["userErrors"])
    scan = await _upload(county)
    decided = (await county.data(DECIDE, {
        "id": cid, "opinion": "经复核，维持复查意见。", "by": "青川市信访局 王建国", "files": [scan],
    }))["decideReview"]
    assert decided["userErrors"] == []
    case = decided["case"]
    assert case["status"] == "CONCLUDED" and case["concludedAt"] is not None
    assert case["rereviewResult"] == "UPHELD" and case["rereviewDecidedBy"] == "青川市信访局 王建国"
    assert case["reviewBody"] == {"name": "青川市", "rereview": True, "outside": True}
    assert [a["filename"] for a in case["attachments"]] == ["复核意见书.pdf"]
    assert case["timeline"][-1]["kind"] == "REREVIEWED" and "复核意见书.pdf" in case["timeline"][-1]["note"]
    assert not {"DECIDE_REVIEW", "DECIDE_REREVIEW"} & set(case["availableActions"])
    audited = await db.scalar(select(AuditEvent).where(
        AuditEvent.object_id == ids.decode("Case", cid), AuditEvent.action == "case.decide_rereview"))
    assert audited is not None

    # The citizen's view: concluded, the city's opinion with its issuer, no further review.
    seen = (await anon.data(TRACK, {"c": code}))["trackCase"]
    assert seen["status"] == "CONCLUDED" and seen["concludedAt"] is not None
    assert seen["canRequestReview"] is False and seen["reviewBody"] is None and seen["reviewRequestDueAt"] is None
    opinion = seen["documents"][-1]
    assert opinion == {"kind": "REREVIEW", "body": "经复核，维持复查意见。", "reviewResult": "UPHELD",
                       "issuedBy": "青川市（青川市信访局 王建国）"}
    again = (await anon.data(ASK, {"c": code, "r": "仍不服"}))["requestReview"]
    assert again["case"] is None and again["userErrors"][0]["code"] == "INVALID_TRANSITION"

    # The printed 复核意见书 names the city and says the opinion is final; the ledger says 已终结.
    letter = await county.http.get(f"/letters/reply/{cid}")
    assert letter.status_code == 200
    assert "信访事项复核意见书" in letter.text and "本复核意见为终结意见" in letter.text and "青川市" in letter.text
    ledger = await county.http.get("/exports/cases.xlsx", params={"search": code})
    sheet = load_workbook(io.BytesIO(ledger.content)).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("状态")] == "已终结"
    assert row[header.index("复核机关")] == "青川市（青川市信访局 王建国）"

    # Art. 36: the same petitioner on the same facts again is marked 不再受理, linked to the
    # concluded case, and the officer declines it with the statute's wording.
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    again = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    new_id = again["case"]["id"]
    detail = (await township.data(DETAIL, {"id": new_id}))["case"]
    assert detail["notAcceptedAgain"] is True and detail["firstPetition"] is False
    assert detail["repeatOf"] == {"id": cid, "status": "CONCLUDED"}
    assert "DECLINE_AGAIN" in detail["availableActions"]
    declined = (await township.data(STEP % 'declineAgain(id: $id, note: "请知悉。")', {"id": new_id}))["r"]
    assert declined["userErrors"] == [] and declined["case"]["status"] == "REJECTED"
    detail = (await township.data(DETAIL, {"id": new_id}))["case"]
    assert "信访人对复核意见不服，仍以同一事实和理由提出信访事项的，信访部门和其他机关、单位不再受理" in detail["rejectReason"]
    assert "复核终结" in detail["rejectReason"] and detail["rejectReason"].endswith("请知悉。")
    assert detail["documents"][-1]["kind"] == "NON_ACCEPTANCE"


async def test_decline_again_is_refused_for_a_petition_not_marked(client_factory, db):
    clerk = await client_factory("t01v02", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    made = (await clerk.data(REGISTER, {"input": case_input(
        await unit_id(db, "/990000/990100/990122/001/002"), title="低保评定异议", content="申请低保未获通过。")}))
    cid = made["registerCase"]["case"]["id"]
    detail = (await township.data(DETAIL, {"id": cid}))["case"]
    assert detail["notAcceptedAgain"] is False and "DECLINE_AGAIN" not in detail["availableActions"]
    refused = (await township.data(STEP % "declineAgain(id: $id)", {"id": cid}))["r"]
    assert refused["case"] is None and refused["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_review_of_the_countys_own_answer_goes_to_the_city_and_is_recorded_by_the_county(client_factory, anon, db):
    """When the county itself handled the matter, 复查 is the city's: still asked and recorded here."""
    county = await client_factory("xfj_officer", via_password=False)
    made = (await county.data(REGISTER, {"input": case_input(await unit_id(db, "/990000/990100/990122"),
                                                              title="县直部门政策咨询答复", content="对县人社局答复不服。")}))
    cid, code = made["registerCase"]["case"]["id"], made["registerCase"]["case"]["queryCode"]
    assert (await county.data(STEP % "acceptCase(id: $id)", {"id": cid}))["r"]["userErrors"] == []
    reply = 'replyCase(id: $id, reply: "经研究，答复如下。", outcome: NOT_SUPPORTED)'
    assert (await county.data(STEP % reply, {"id": cid}))["r"]["userErrors"] == []
    asked = (await anon.data(ASK, {"c": code, "r": "不服"}))["requestReview"]
    assert asked["case"]["status"] == "UNDER_REVIEW" and asked["case"]["reviewBody"] == "青川市"
    detail = (await county.data(DETAIL, {"id": cid}))["case"]
    assert detail["reviewBody"] == {"name": "青川市", "rereview": False, "outside": True}
    scan = await _upload(county, "复查意见书.pdf")
    decided = (await county.data(DECIDE.replace("UPHELD", "CHANGED, outcome: SUPPORTED"), {
        "id": cid, "opinion": "经复查，变更为支持。", "by": "青川市人民政府信访局", "files": [scan],
    }))["decideReview"]
    assert decided["userErrors"] == [] and decided["case"]["status"] == "REPLIED"
    # 复核 after the city's 复查 would be the province's, also recorded by the county.
    seen = (await anon.data(TRACK, {"c": code}))["trackCase"]
    assert seen["canRequestReview"] is True and seen["reviewBody"] == "江淮省"
    assert seen["documents"][-1]["issuedBy"] == "青川市（青川市人民政府信访局）"


async def test_can_request_review_is_true_exactly_when_request_review_is_accepted(client_factory, anon, db):
    """One rule for `trackCase.canRequestReview` and `requestReview`, over every status."""
    clerk = await client_factory("t01v03", via_password=False)
    made = (await clerk.data(REGISTER, {"input": case_input(
        await unit_id(db, "/990000/990100/990122/001/003"), title="道路施工扬尘", content="施工扬尘严重。")}))
    cid, code = made["registerCase"]["case"]["id"], made["registerCase"]["case"]["queryCode"]
    pk = ids.decode("Case", cid)
    township_id = (await db.get(Case, pk)).handler_unit_id
    now = utcnow()
    rounds = [(0, None), (1, now + dt.timedelta(days=10)), (2, now + dt.timedelta(days=10)),
              (1, now - dt.timedelta(days=1)), (3, None)]
    checked = 0
    for status in CaseStatus:
        for reply_round, request_due in rounds:
            limiter.reset()
            row = (await db.execute(select(Case).where(Case.id == pk).execution_options(populate_existing=True))).scalar_one()
            row.status, row.reply_round, row.review_request_due_at = status, reply_round, request_due
            row.review_unit_id = row.review_body_unit_id = township_id if reply_round >= 2 else None
            await db.commit()
            shown = (await anon.data(TRACK, {"c": code}))["trackCase"]["canRequestReview"]
            asked = (await anon.data(ASK, {"c": code, "r": "不服"}))["requestReview"]
            accepted = asked["userErrors"] == []
            assert shown == accepted, (status, reply_round, request_due, asked["userErrors"])
            checked += accepted
    assert checked == 4  # REPLIED and CLOSED, in round 1 and round 2, within the 30 days

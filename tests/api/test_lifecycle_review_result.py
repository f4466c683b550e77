"""复查 / 复核 意见 through HTTP: the reviewing body states its result (维持 / 变更 / 撤销); the step is
refused without it or when it contradicts the outcome, and the result is kept on the case, on the
timeline, in the audit log, on the published opinion and on the printed letter."""
import pytest
from sqlalchemy import func, select

from server import ids
from server.audit.models import AuditEvent
from server.case.models import Case, CaseEvent, CaseStatus, PublicDocument
from server.dates import utcnow
from server.ratelimit import limiter
from server.unit.models import Unit
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
COUNTY = "/990000/990100/990122"
DECIDE = """mutation($id: ID!, $result: ReviewResult, $outcome: Outcome, $opinion: String!) {
  decideReview(id: $id, result: $result, outcome: $outcome, opinion: $opinion) {
    case { status outcome reply replyRound reviewResult rereviewResult documents { kind body reviewResult } }
    userErrors { field code message } } }"""
TRACK = """query($c: String!) { trackCase(queryCode: $c, phoneLast4: "1234") {
  status outcome documents { kind body reviewResult } } }"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


async def _under_review(client_factory, anon, db, replied: str = "EXPLAINED") -> tuple[str, str]:
    """A village case replied by the township with `replied`, taken to 复查 (at the county); (id, query code)."""
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    data = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    case_id, code = data["case"]["id"], data["case"]["queryCode"]
    step = "mutation($id: ID!) { r: %s { userErrors { code } } }"
    assert (await township.data(step % "acceptCase(id: $id)", {"id": case_id}))["r"]["userErrors"] == []
    call = f'replyCase(id: $id, reply: "经核实，答复如下。", outcome: {replied})'
    assert (await township.data(step % call, {"id": case_id}))["r"]["userErrors"] == []
    asked = (await anon.data(
        'mutation($c: String!) { requestReview(queryCode: $c, phoneLast4: "1234", reason: "不服") { case { status } } }',
        {"c": code}))["requestReview"]
    assert asked["case"]["status"] == "UNDER_REVIEW"
    return case_id, code


async def _decide(client, case_id: str, opinion: str = "经复查，意见如下。", **args: str | None) -> dict:
    return (await client.data(DECIDE, {"id": case_id, "opinion": opinion, **args}))["decideReview"]


async def _row(db, case_id: str) -> Case:
    return (await db.execute(select(Case).where(Case.id == ids.decode("Case", case_id))
                             .execution_options(populate_existing=True))).scalar_one()


async def _changes(db, case_id: str) -> int:
    return await db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "case", AuditEvent.object_id == ids.decode("Case", case_id),
        AuditEvent.action != "case.read_pii"))


@pytest.mark.parametrize(
    ("args", "field", "code", "zh", "en"),
    [
        # No result: the reviewer must say whether it upholds, changes or revokes.
        ({"outcome": "EXPLAINED"}, ["result"], "REQUIRED", "请选择复查（复核）结论", "Choose the result of the review"),
        # 维持 with another outcome than the answer reviewed (解释说明) contradicts itself.
        ({"result": "UPHELD", "outcome": "SUPPORTED"}, ["outcome"], "INVALID", "维持原处理意见时处理结果不变",
         "Upholding keeps the earlier outcome"),
        # 变更 / 撤销 give the new outcome.
        ({"result": "CHANGED"}, ["outcome"], "REQUIRED", "请选择新的处理结果", "needs the new outcome"),
        ({"result": "REVOKED"}, ["outcome"], "REQUIRED", "请选择新的处理结果", "needs the new outcome"),
    ],
)
async def test_a_decision_without_its_result_or_contradicting_it_is_refused_and_changes_nothing(
    client_factory, anon, db, args, field, code, zh, en,
):
    county = await client_factory("xfj_officer", via_password=False)
    case_id, query_code = await _under_review(client_factory, anon, db)
    audits = await _changes(db, case_id)

    refused = await _decide(county, case_id, **args)
    assert refused["case"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(field, code)]
    assert zh in refused["userErrors"][0]["message"]
    # The same refusal in English for an English reader.
    body = await county.execute(DECIDE, {"id": case_id, "opinion": "x", **args}, **{"accept-language": "en"})
    assert en in body["data"]["decideReview"]["userErrors"][0]["message"]

    case = await _row(db, case_id)
    assert (case.status, case.outcome, case.reply_round) == (CaseStatus.UNDER_REVIEW, "EXPLAINED", 1)
    assert (case.review_result, case.review_upheld, case.review_decided_at) == (None, None, None)
    assert await _changes(db, case_id) == audits
    tracked = (await anon.data(TRACK, {"c": query_code}))["trackCase"]
    assert [d["kind"] for d in tracked["documents"]] == ["ACCEPTANCE", "REPLY"]


async def test_an_empty_opinion_is_refused_with_the_missing_result_at_once(client_factory, anon, db):
    county = await client_factory("xfj_officer", via_password=False)
    case_id, _ = await _under_review(client_factory, anon, db)
    refused = await _decide(county, case_id, opinion="  ")
    assert sorted((e["field"][0], e["code"]) for e in refused["userErrors"]) == [("reply", "REQUIRED"), ("result", "REQUIRED")]


async def test_upheld_keeps_the_outcome_and_is_stored_noted_audited_published_and_printed(client_factory, anon, db):
    county = await client_factory("xfj_officer", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    case_id, query_code = await _under_review(client_factory, anon, db)

    # 维持 without an outcome: the reviewed outcome (解释说明) stays.
    decided = await _decide(county, case_id, opinion="经复查，原处理意见认定事实清楚，适用政策正确。", result="UPHELD")
    assert decided["userErrors"] == []
    assert decided["case"]["status"] == "REPLIED" and decided["case"]["replyRound"] == 2
    assert (decided["case"]["outcome"], decided["case"]["reviewResult"]) == ("EXPLAINED", "UPHELD")
    assert decided["case"]["reply"] == "经复查，原处理意见认定事实清楚，适用政策正确。"

    case = await _row(db, case_id)
    assert (case.review_result, case.review_upheld, case.rereview_result, case.rereview_upheld) == (
        "UPHELD", True, None, None)
    assert case.review_decided_at is not None
    note = await db.scalar(select(CaseEvent.note).where(CaseEvent.case_id == case.id, CaseEvent.kind == "REVIEWED"))
    assert note == "【维持原处理意见（解释说明）】经复查，原处理意见认定事实清楚，适用政策正确。"
    audit = await db.scalar(select(AuditEvent).where(
        AuditEvent.object_id == case.id, AuditEvent.action == "case.decide_review"))
    assert audit.detail == {"status": "REPLIED", "review_result": "UPHELD", "outcome": "EXPLAINED",
                            "reviewed_outcome": "EXPLAINED"}

    # The petitioner reads the opinion with its result.
    tracked = (await anon.data(TRACK, {"c": query_code}))["trackCase"]
    assert tracked["documents"][-1] == {
        "kind": "REVIEW", "body": "经复查，原处理意见认定事实清楚，适用政策正确。", "reviewResult": "UPHELD"}
    assert all(d["reviewResult"] is None for d in tracked["documents"][:-1])

    # The printed letter is the county's 复查意见书 with its conclusion and the next step (复核).
    letter = (await township.http.get(f"/letters/reply/{case_id}")).text
    assert "<h1>信访事项复查意见书</h1>" in letter and "复查结论：维持原处理意见。" in letter
    assert "请求复核" in letter and 'class="sign">枞溪县<br>' in letter  # signed by the reviewing county
    # The county that reviewed prints the opinion it signs.
    printed_by_reviewer = await county.http.get(f"/letters/reply/{case_id}")
    assert printed_by_reviewer.status_code == 200 and "复查结论：维持原处理意见。" in printed_by_reviewer.text


@pytest.mark.parametrize(
    ("result", "outcome", "note"),
    [
        ("CHANGED", "SUPPORTED", "【变更原处理意见：解释说明 → 支持】"),
        # A change of remedy or reasons may keep the outcome's category: still a 变更, not upheld.
        ("CHANGED", "EXPLAINED", "【变更原处理意见：解释说明 → 解释说明】"),
        ("REVOKED", "NOT_SUPPORTED", "【撤销原处理意见：解释说明 → 不予支持】"),
    ],
)
async def test_changed_or_revoked_gives_the_new_outcome_and_is_not_upheld(client_factory, anon, db, result, outcome, note):
    county = await client_factory("xfj_officer", via_password=False)
    case_id, query_code = await _under_review(client_factory, anon, db)
    decided = await _decide(county, case_id, opinion="复查意见：重新认定。", result=result, outcome=outcome)
    assert decided["userErrors"] == []
    assert (decided["case"]["outcome"], decided["case"]["reviewResult"]) == (outcome, result)
    case = await _row(db, case_id)
    assert (case.review_result, case.review_upheld) == (result, False)
    event = await db.scalar(select(CaseEvent.note).where(CaseEvent.case_id == case.id, CaseEvent.kind == "REVIEWED"))
    assert event == note + "复查意见：重新认定。"
    tracked = (await anon.data(TRACK, {"c": query_code}))["trackCase"]
    assert tracked["outcome"] == outcome
    assert tracked["documents"][-1]["reviewResult"] == result


async def test_a_rereview_states_its_result_on_the_review_opinion_and_concludes(client_factory, anon, db):
    """复核 is normally at the city, outside the county's system; here the county is made the
    re-reviewing body directly in the database to drive the step through HTTP."""
    county = await client_factory("xfj_officer", via_password=False)
    case_id, query_code = await _under_review(client_factory, anon, db)
    assert (await _decide(county, case_id, result="CHANGED", outcome="SUPPORTED"))["userErrors"] == []
    case = await _row(db, case_id)
    case.status, case.rereview_requested_at = CaseStatus.UNDER_REREVIEW, utcnow()
    case.review_unit_id = await db.scalar(select(Unit.id).where(Unit.path == COUNTY))
    await db.commit()

    # 维持 of the 复查 opinion (支持) with 不予支持 contradicts itself.
    refused = await _decide(county, case_id, result="UPHELD", outcome="NOT_SUPPORTED")
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID"]
    decided = await _decide(county, case_id, opinion="经复核，撤销复查意见。", result="REVOKED", outcome="NOT_SUPPORTED")
    assert decided["userErrors"] == []
    assert decided["case"]["status"] == "CONCLUDED"
    assert (decided["case"]["reviewResult"], decided["case"]["rereviewResult"]) == ("CHANGED", "REVOKED")
    case = await _row(db, case_id)
    assert (case.review_upheld, case.rereview_result, case.rereview_upheld) == (False, "REVOKED", False)
    assert case.concluded_at is not None
    note = await db.scalar(select(CaseEvent.note).where(CaseEvent.case_id == case.id, CaseEvent.kind == "REREVIEWED"))
    assert note == "【撤销复查意见：支持 → 不予支持】经复核，撤销复查意见。"
    documents = (await anon.data(TRACK, {"c": query_code}))["trackCase"]["documents"]
    assert [(d["kind"], d["reviewResult"]) for d in documents[-2:]] == [("REVIEW", "CHANGED"), ("REREVIEW", "REVOKED")]
    stored = await db.scalar(select(PublicDocument.review_result).where(
        PublicDocument.case_id == case.id, PublicDocument.kind == "REREVIEW"))
    assert stored == "REVOKED"

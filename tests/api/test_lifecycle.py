"""The statutory lifecycle through HTTP: every step allowed and refused, for officials and citizens."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from server import ids
from server.audit.models import AuditEvent
from server.case.models import Case
from server.dates import CHINA
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
OTHER_TOWNSHIP = "/990000/990100/990122/002"

CASE = """query($id: ID!) { case(id: $id) {
  id status queryCode handleDueAt dueAt deadlineState replyRound outcome reply extensionStatus
  flaggedForCountyAt firstPetition notAcceptedAgain availableActions ratingToken
  leader { username } handlers { username } handlerUnit { name }
  repeatOf { id } documents { kind body } supervisions { kind note fromUnit { name } }
  timeline { kind note actor { username } } petitioners { name phone } } }"""

STEP = """mutation($id: ID!) { %s { case { id status } userErrors { field code message } } }"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


async def _register(client, db, **overrides) -> dict:
    data = (await client.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), **overrides)}))["registerCase"]
    assert data["userErrors"] == [], data
    return data["case"]


async def _step(client, case_id: str, call: str) -> dict:
    return (await client.data(STEP % call, {"id": case_id}))[call.split("(")[0]]


async def _user_id(client, username: str) -> str:
    return (await client.data("{ me { id } }"))["me"]["id"] if username == "me" else username


async def _get(client, case_id: str) -> dict:
    return (await client.data(CASE, {"id": case_id}))["case"]


async def _ids_of(db, *usernames: str) -> list[str]:
    from server.auth.models import User

    rows = {u.username: u.id for u in await db.scalars(select(User).where(User.username.in_(usernames)))}
    return [ids.encode("User", rows[name]) for name in usernames]


async def test_the_whole_lifecycle_from_registration_to_review(client_factory, anon, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    case = await _register(clerk, db)
    cid = case["id"]

    # The clerk registers but cannot accept; the township can.
    assert (await _step(clerk, cid, "acceptCase(id: $id)"))["userErrors"][0]["code"] == "FORBIDDEN"
    assert "ACCEPT" in (await _get(township, cid))["availableActions"]
    accepted = await _step(township, cid, 'acceptCase(id: $id, note: "属实，予以受理")')
    assert accepted["case"]["status"] == "ACCEPTED"
    detail = await _get(township, cid)
    due = dt.datetime.fromisoformat(detail["handleDueAt"]).astimezone(CHINA).date()
    assert due == dt.datetime.now(CHINA).date() + dt.timedelta(days=60)
    assert [d["kind"] for d in detail["documents"]] == ["ACCEPTANCE"]

    leader, member = await _ids_of(db, "t01_leader", "t01_officer")
    assigned = (await township.data(
        "mutation($id:ID!,$l:ID!,$h:[ID!]){assignCase(id:$id,leaderId:$l,handlerIds:$h,plan:\"一包到底\"){case{status} userErrors{code}}}",
        {"id": cid, "l": leader, "h": [member]},
    ))["assignCase"]
    assert assigned["case"]["status"] == "ASSIGNED"
    assert (await _step(township, cid, 'addCaseNote(id: $id, note: "入户走访")'))["case"]["status"] == "ASSIGNED"

    # One extension, approved by the level above — never by the handler itself.
    ext = await _step(township, cid, 'requestExtension(id: $id, days: 20, reason: "需现场勘测")')
    assert ext["userErrors"] == []
    again = await _step(township, cid, 'requestExtension(id: $id, days: 5, reason: "再延")')
    assert again["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert (await _step(township, cid, "decideExtension(id: $id, approve: true)"))["userErrors"][0]["code"] == "FORBIDDEN"
    assert (await _step(county, cid, "decideExtension(id: $id, approve: true)"))["userErrors"] == []
    extended = await _get(township, cid)
    assert extended["extensionStatus"] == "APPROVED"
    new_due = dt.datetime.fromisoformat(extended["handleDueAt"]).astimezone(CHINA).date()
    assert new_due == due + dt.timedelta(days=20)

    # Reply with an outcome; the citizen then tracks, rates and asks for review.
    assert (await _step(township, cid, 'replyCase(id: $id, reply: "经核实……", outcome: EXPLAINED)'))["case"]["status"] == "REPLIED"
    code = extended["queryCode"]
    tracked = (await anon.data(
        "query($c:String!,$p:String!){trackCase(queryCode:$c,phoneLast4:$p){status reply canRate canRequestReview documents{kind}}}",
        {"c": code.lower(), "p": "1234"},
    ))["trackCase"]
    assert tracked["status"] == "REPLIED" and tracked["canRate"] and tracked["canRequestReview"]
    assert [d["kind"] for d in tracked["documents"]] == ["ACCEPTANCE", "EXTENSION", "REPLY"]
    rated = (await anon.data(
        "mutation($c:String!){rateCase(queryCode:$c,phoneLast4:\"1234\",level:DISSATISFIED,comment:\"不认可\"){case{rating canRate canRequestReview reviewRequestDueAt} userErrors{code}}}",
        {"c": code},
    ))["rateCase"]
    assert rated["case"]["rating"] == "DISSATISFIED" and not rated["case"]["canRate"]
    assert rated["case"]["canRequestReview"] and rated["case"]["reviewRequestDueAt"]
    twice = (await anon.data(
        "mutation($c:String!){rateCase(queryCode:$c,phoneLast4:\"1234\",level:SATISFIED){userErrors{code}}}", {"c": code}
    ))["rateCase"]
    assert twice["userErrors"][0]["code"] == "INVALID_TRANSITION"

    # The county sees the flag and the case in its inbox.
    flagged = (await county.data("{ cases(filter: {flagged: true}) { edges { node { id } } } inbox { flagged } }"))
    assert cid in [e["node"]["id"] for e in flagged["cases"]["edges"]] and flagged["inbox"]["flagged"] >= 1

    review = (await anon.data(
        "mutation($c:String!){requestReview(queryCode:$c,phoneLast4:\"1234\",reason:\"事实认定有误\"){case{status} userErrors{code}}}",
        {"c": code},
    ))["requestReview"]
    assert review["case"]["status"] == "UNDER_REVIEW"
    # 复查 is for the level above the township: the county, not the township itself.
    assert (await township.data(
        'mutation($id:ID!){decideReview(id:$id,result:UPHELD,opinion:"维持"){userErrors{code}}}', {"id": cid}
    ))["decideReview"]["userErrors"][0]["code"] == "FORBIDDEN"
    decided = (await county.data(
        'mutation($id:ID!){decideReview(id:$id,result:UPHELD,opinion:"经复查，原处理意见认定事实清楚。")'
        '{case{status replyRound outcome reviewResult rereviewResult} userErrors{code}}}',
        {"id": cid},
    ))["decideReview"]
    assert decided["case"] == {
        "status": "REPLIED", "replyRound": 2, "outcome": "EXPLAINED", "reviewResult": "UPHELD", "rereviewResult": None,
    }
    # 复核 is at the city, outside this county's system: the request is still taken here (the county
    # bureau records the city's opinion; tests/api/test_rereview_conclusion.py follows it to the end).
    rereview = (await anon.data(
        "mutation($c:String!){requestReview(queryCode:$c,phoneLast4:\"1234\",reason:\"不服\"){case{status} userErrors{code message}}}",
        {"c": code},
    ))["requestReview"]
    assert rereview == {"case": {"status": "UNDER_REREVIEW"}, "userErrors": []}

    final = await _get(county, cid)
    kinds = [e["kind"] for e in final["timeline"]]
    assert kinds == [
        "REGISTERED", "ACCEPTED", "ASSIGNED", "NOTE_ADDED", "EXTENSION_REQUESTED", "EXTENSION_APPROVED",
        "REPLIED", "RATED", "REVIEW_REQUESTED", "REVIEWED", "REREVIEW_REQUESTED",
    ]
    changes = await db.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.object_id == ids.decode("Case", cid), AuditEvent.action != "case.read_pii"
        )
    )
    assert changes == len(kinds)  # every change audited


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ('replyCase(id: $id, reply: "x", outcome: SUPPORTED)', "INVALID_TRANSITION"),  # not accepted yet
        ("assignCase(id: $id, leaderId: \"VXNlcjox\")", "INVALID_TRANSITION"),
        ("closeCase(id: $id)", "INVALID_TRANSITION"),
        ('decideReview(id: $id, result: CHANGED, opinion: "x", outcome: SUPPORTED)', "FORBIDDEN"),
        ('rejectCase(id: $id, reason: "  ")', "REQUIRED"),
        ('addCaseNote(id: $id, note: "x")', "INVALID_TRANSITION"),
    ],
)
async def test_steps_not_allowed_from_registered_are_refused_and_change_nothing(client_factory, db, call, code):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await _register(clerk, db))["id"]
    result = await _step(township, cid, call)
    assert result["case"] is None and result["userErrors"][0]["code"] == code
    assert (await _get(township, cid))["status"] == "REGISTERED"


async def test_rejection_publishes_the_reason(client_factory, anon, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    case = await _register(clerk, db)
    result = await _step(township, case["id"], 'rejectCase(id: $id, reason: "属于诉讼程序处理的事项")')
    assert result["case"]["status"] == "REJECTED"
    tracked = (await anon.data(
        'query($c:String!){trackCase(queryCode:$c,phoneLast4:"1234"){status documents{kind body}}}', {"c": case["queryCode"]}
    ))["trackCase"]
    assert tracked["documents"] == [{"kind": "NON_ACCEPTANCE", "body": "属于诉讼程序处理的事项"}]


async def test_forwarding_hands_the_case_to_another_unit_and_keeps_its_history(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    other = await client_factory("t02_officer", via_password=False)
    cid = (await _register(clerk, db))["id"]
    assert await _get(other, cid) is None
    forwarded = (await township.data(
        'mutation($id:ID!,$u:ID!){forwardCase(id:$id,unitId:$u,note:"属柳河镇管辖"){case{status handlerUnit{name}} userErrors{code}}}',
        {"id": cid, "u": await unit_id(db, OTHER_TOWNSHIP)},
    ))["forwardCase"]
    assert forwarded["case"] == {"status": "FORWARDED", "handlerUnit": {"name": "柳河镇"}}
    seen = await _get(other, cid)
    assert [e["kind"] for e in seen["timeline"]] == ["REGISTERED", "FORWARDED"]
    assert "ACCEPT" in seen["availableActions"]
    assert (await _step(other, cid, "acceptCase(id: $id)"))["case"]["status"] == "ACCEPTED"
    # The first township keeps reading its village's case but no longer handles it.
    assert "REPLY" not in (await _get(township, cid))["availableActions"]


async def test_supervision_and_reminders_come_from_above_and_show_in_the_handlers_inbox(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    county = await client_factory("xfj_leader", via_password=False)
    cid = (await _register(clerk, db))["id"]
    assert (await _step(township, cid, 'remindCase(id: $id, note: "请尽快受理")'))["userErrors"][0]["code"] == "FORBIDDEN"
    before = (await township.data("{ inbox { supervised } }"))["inbox"]["supervised"]
    assert (await _step(county, cid, 'superviseCase(id: $id, note: "县信访局督办")'))["userErrors"] == []
    assert (await _step(county, cid, 'remindCase(id: $id, note: "请加快办理")'))["userErrors"] == []
    detail = await _get(township, cid)
    assert [(s["kind"], s["fromUnit"]["name"]) for s in detail["supervisions"]] == [("SUPERVISE", "枞溪县"), ("REMIND", "枞溪县")]
    assert (await township.data("{ inbox { supervised } }"))["inbox"]["supervised"] == before + 1


async def test_an_accusation_goes_one_level_up_and_is_invisible_to_the_accused_unit(client_factory, db):
    clerk = await client_factory("t01v02", via_password=False)
    accused_clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(
        await unit_id(db, "/990000/990100/990122/001/002"), kind="ACCUSATION", title="反映东风村干部优亲厚友",
        accusedUnitId=await unit_id(db, VILLAGE),
    )}))["registerCase"]
    assert created["userErrors"] == []
    cid = created["case"]["id"]
    assert await _get(accused_clerk, cid) is None
    listed = (await accused_clerk.data("{ cases(first: 100) { edges { node { id } } } }"))["cases"]["edges"]
    assert cid not in [e["node"]["id"] for e in listed]
    assert (await _get(township, cid))["handlerUnit"]["name"] == "城关镇"
    # A village official may not be put on the team handling an accusation against the village.
    accused_user, = await _ids_of(db, "t01v01")
    result = await township.data(
        "mutation($id:ID!,$l:ID!){assignCase(id:$id,leaderId:$l){userErrors{code}}}", {"id": cid, "l": accused_user}
    )
    assert result["assignCase"]["userErrors"][0]["code"] in ("FORBIDDEN", "INVALID_TRANSITION")


async def test_a_repeat_petition_is_linked_and_after_conclusion_flagged_not_accepted_again(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    first = await _register(clerk, db, title="宅基地界址争议", petitioners=[{"name": "王五", "phone": "13900001111"}])
    assert first["id"]
    township = await client_factory("t01_officer", via_password=False)
    first_detail = await _get(township, first["id"])
    assert first_detail["firstPetition"] is True and first_detail["repeatOf"] is None
    second = await _register(
        clerk, db, title="再次反映宅基地的界址纠纷", petitioners=[{"name": "王五", "phone": "139 0000 1111"}]
    )
    second_detail = await _get(township, second["id"])
    assert second_detail["firstPetition"] is False
    assert second_detail["repeatOf"] == {"id": first["id"]}
    assert second_detail["notAcceptedAgain"] is False
    unrelated = await _register(clerk, db, title="低保评定异议", content="申请低保未获通过",
                                petitioners=[{"name": "王五", "phone": "13900001111"}])
    assert (await _get(township, unrelated["id"]))["firstPetition"] is True

    await db.execute(Case.__table__.update().where(Case.id == ids.decode("Case", first["id"])).values(status="CONCLUDED"))
    third = await _register(clerk, db, title="宅基地界址争议", petitioners=[{"name": "王五", "phone": "13900001111"}])
    assert (await _get(township, third["id"]))["notAcceptedAgain"] is True


async def test_tracking_reveals_nothing_for_a_wrong_code_or_phone_and_is_rate_limited(anon, client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    case = await _register(clerk, db)
    query = 'query($c:String!,$p:String!){trackCase(queryCode:$c,phoneLast4:$p){status}}'
    assert (await anon.data(query, {"c": case["queryCode"], "p": "9999"}))["trackCase"] is None
    assert (await anon.data(query, {"c": "ABCDEFGHJKMN", "p": "1234"}))["trackCase"] is None
    assert (await anon.data(query, {"c": case["queryCode"], "p": "1234"}))["trackCase"]["status"] == "REGISTERED"
    codes = []
    for _ in range(25):
        body = await anon.execute(query, {"c": "ZZZZZZZZZZZZ", "p": "0000"})
        codes.append(body.get("errors", [{}])[0].get("extensions", {}).get("code"))
    assert "RATE_LIMITED" in codes


async def test_the_qr_rating_link_is_single_use(client_factory, anon, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await _register(clerk, db))["id"]
    await _step(township, cid, "acceptCase(id: $id)")
    assert (await _get(township, cid))["ratingToken"] is None  # nothing to rate before a reply
    await _step(township, cid, 'replyCase(id: $id, reply: "已解决", outcome: SUPPORTED)')
    token = (await _get(township, cid))["ratingToken"]
    assert token
    assert (await clerk.data(CASE, {"id": cid}))["case"]["ratingToken"] == token  # the same link until used
    seen = (await anon.data('query($t:String!){ratingLinkCase(token:$t){status canRate}}', {"t": token}))["ratingLinkCase"]
    assert seen == {"status": "REPLIED", "canRate": True}
    rate = 'mutation($t:String!){rateCaseByLink(token:$t,level:SATISFIED){case{rating} userErrors{code}}}'
    assert (await anon.data(rate, {"t": token}))["rateCaseByLink"]["case"]["rating"] == "SATISFIED"
    assert (await anon.data(rate, {"t": token}))["rateCaseByLink"]["userErrors"][0]["code"] == "NOT_FOUND"
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (await anon.data('query($t:String!){ratingLinkCase(token:$t){status}}', {"t": tampered}))["ratingLinkCase"] is None


async def test_a_citizen_submits_online_and_tracks_with_the_code(anon, db):
    units = (await anon.data("{ publicUnits { id name level } }"))["publicUnits"]
    assert [u["name"] for u in units] == ["枞溪县"]
    townships = (await anon.data('query($p:ID!){publicUnits(parentId:$p){id name}}', {"p": units[0]["id"]}))["publicUnits"]
    submitted = (await anon.data(
        """mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { queryCode case { status } userErrors { field code } } }""",
        {"i": {"unitId": townships[0]["id"], "title": "路灯损坏", "content": "村口路灯坏了三个月", "name": "赵六", "phone": "13712345678"}},
    ))["submitPetition"]
    assert submitted["userErrors"] == [] and submitted["case"]["status"] == "REGISTERED"
    tracked = (await anon.data(
        'query($c:String!){trackCase(queryCode:$c,phoneLast4:"5678"){title unitName}}', {"c": submitted["queryCode"]}
    ))["trackCase"]
    assert tracked == {"title": "路灯损坏", "unitName": "城关镇"}
    bad = (await anon.data(
        """mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { queryCode userErrors { field code } } }""",
        {"i": {"unitId": townships[0]["id"], "title": "", "content": "x", "name": "赵六", "phone": "123"}},
    ))["submitPetition"]
    assert bad["queryCode"] is None
    assert {tuple(e["field"]) for e in bad["userErrors"]} == {("input", "title"), ("input", "petitioners", "0", "phone")}


async def test_assignees_come_from_the_handling_unit_and_above_and_only_for_assigners(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await _register(clerk, db))["id"]
    query = "query($id:ID!){caseAssignees(id:$id){username}}"
    names = {u["username"] for u in (await township.data(query, {"id": cid}))["caseAssignees"]}
    assert {"t01_leader", "t01_officer", "t01v01", "xfj_leader"} <= names
    assert not {"t02_officer", "t02_leader"} & names
    assert (await clerk.data(query, {"id": cid}))["caseAssignees"] == []


FORWARD_TARGETS = "query($id: ID!) { forwardTargets(caseId: $id) { id name level path } }"
TOWNSHIP = "/990000/990100/990122/001"
COUNTY = "/990000/990100/990122"


async def test_forward_targets_are_the_county_and_townships_but_the_handler(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await _register(clerk, db))["id"]
    targets = (await township.data(FORWARD_TARGETS, {"id": cid}))["forwardTargets"]
    paths = [t["path"] for t in targets]
    assert COUNTY in paths and OTHER_TOWNSHIP in paths
    assert TOWNSHIP not in paths, "not the unit handling it now"
    assert {t["level"] for t in targets} == {"COUNTY", "TOWNSHIP"}, "a village committee does not accept petitions"
    assert paths == sorted(paths)
    # Every listed unit is one the step accepts; a village is refused by the step too.
    village = (await township.data(
        'mutation($id:ID!,$u:ID!){forwardCase(id:$id,unitId:$u){case{status} userErrors{field code message}}}',
        {"id": cid, "u": await unit_id(db, VILLAGE)},
    ))["forwardCase"]
    assert village["userErrors"] == [{"field": ["unitId"], "code": "INVALID", "message": "只能转送给县级机关或乡镇（街道）"}]
    # Those who may not forward it (a clerk, another township) get nothing to choose from.
    assert (await clerk.data(FORWARD_TARGETS, {"id": cid}))["forwardTargets"] == []
    other = await client_factory("t02_officer", via_password=False)
    assert (await other.data(FORWARD_TARGETS, {"id": cid}))["forwardTargets"] == []
    # Once accepted, a case is no longer forwarded.
    assert (await _step(township, cid, "acceptCase(id: $id)"))["userErrors"] == []
    assert (await township.data(FORWARD_TARGETS, {"id": cid}))["forwardTargets"] == []


async def test_an_accusation_is_never_forwarded_to_the_accused_unit_or_its_subtree(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    created = (await county.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), kind="ACCUSATION", title="反映城关镇干部截留补助款",
        accusedUnitId=await unit_id(db, TOWNSHIP),
    )}))["registerCase"]
    assert created["userErrors"] == []
    cid = created["case"]["id"]
    targets = [t["path"] for t in (await county.data(FORWARD_TARGETS, {"id": cid}))["forwardTargets"]]
    assert OTHER_TOWNSHIP in targets
    assert COUNTY not in targets, "the county handles it already"
    assert not [p for p in targets if p == TOWNSHIP or p.startswith(TOWNSHIP + "/")], targets
    refused = (await county.data(
        'mutation($id:ID!,$u:ID!){forwardCase(id:$id,unitId:$u){case{status} userErrors{code}}}',
        {"id": cid, "u": await unit_id(db, TOWNSHIP)},
    ))["forwardCase"]
    assert refused == {"case": None, "userErrors": [{"code": "FORBIDDEN"}]}

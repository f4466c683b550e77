"""On the road of a case: the 包案 leader must be able to handle it; an idempotency key sent again
with another payload is a conflict; the clerk's receipt for an accusation against its own village."""
from sqlalchemy import select

from server import ids
from server.auth.models import User
from server.case.models import Case
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
OPTIONS = """query($id: ID!) { caseLeaderOptions(id: $id) { user { id username } role unit { name } } }"""
ASSIGN = """mutation($id: ID!, $leader: ID!) { assignCase(id: $id, leaderId: $leader) {
  case { status leader { username } } userErrors { field code message } } }"""


async def _accepted_case(client_factory, db) -> str:
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]["case"]["id"]
    accepted = await township.data("mutation($id: ID!) { acceptCase(id: $id) { userErrors { code } } }", {"id": cid})
    assert accepted["acceptCase"]["userErrors"] == []
    return cid


async def _user_id(db, username: str) -> str:
    user = await db.scalar(select(User).where(User.username == username))
    return ids.encode("User", user.id)


async def test_the_leader_picker_lists_only_handlers_of_the_units_chain_with_role_and_unit(client_factory, db):
    township = await client_factory("t01_officer", via_password=False)
    cid = await _accepted_case(client_factory, db)
    options = (await township.data(OPTIONS, {"id": cid}))["caseLeaderOptions"]
    by_name = {o["user"]["username"]: (o["role"], o["unit"]["name"]) for o in options}
    # The township's and the county's handlers, each with the role and unit that make them one.
    assert by_name["t01_leader"] == ("township_leader", "城关镇")
    assert by_name["t01_officer"] == ("township_officer", "城关镇")
    assert by_name["xfj_officer"] == ("county_officer", "枞溪县")
    # Not a public rater, an assessor, a village clerk below, or another township's officials.
    for outsider in ("rater01", "assessor", "t01v01", "t02_officer", "city_reviewer", "xfj_admin"):
        assert outsider not in by_name, outsider


async def test_assign_case_refuses_a_leader_who_cannot_handle_the_case(client_factory, db):
    township = await client_factory("t01_officer", via_password=False)
    cid = await _accepted_case(client_factory, db)
    for outsider in ("rater01", "t02_officer", "t01v01"):
        refused = (await township.data(ASSIGN, {"id": cid, "leader": await _user_id(db, outsider)}))["assignCase"]
        assert refused["case"] is None, outsider
        assert refused["userErrors"] == [{
            "field": ["leaderId"], "code": "INVALID",
            "message": "包案领导须是办理单位或其上级单位中具有办理职责的人员",
        }]
    english = await township.execute(ASSIGN, {"id": cid, "leader": await _user_id(db, "rater01")},
                                      **{"accept-language": "en"})
    assert "handling role" in english["data"]["assignCase"]["userErrors"][0]["message"]
    done = (await township.data(ASSIGN, {"id": cid, "leader": await _user_id(db, "t01_leader")}))["assignCase"]
    assert done["userErrors"] == [] and done["case"]["leader"] == {"username": "t01_leader"}
    # …and the leader can then open the case.
    leader = await client_factory("t01_leader", via_password=False)
    opened = await leader.data("query($id: ID!) { case(id: $id) { id } }", {"id": cid})
    assert opened["case"] == {"id": cid}


async def test_the_same_idempotency_key_with_another_payload_is_a_conflict(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    unit = await unit_id(db, VILLAGE)
    first = (await clerk.data(REGISTER, {"input": case_input(unit, clientMutationId="phone-1-0001")}))["registerCase"]
    # Sent again as it was (an offline retry): the same record.
    again = (await clerk.data(REGISTER, {"input": case_input(unit, clientMutationId="phone-1-0001")}))["registerCase"]
    assert again["userErrors"] == [] and again["case"]["id"] == first["case"]["id"]
    # The same key with another payload: refused, nothing created, the first record untouched.
    other = (await clerk.data(REGISTER, {"input": case_input(
        unit, clientMutationId="phone-1-0001", title="拖欠农民工工资", content="工程完工后工资未付。")}))["registerCase"]
    assert other["case"] is None
    assert other["userErrors"] == [{
        "field": ["input", "clientMutationId"], "code": "CONFLICT",
        "message": "该请求编号已用于内容不同的另一次提交，请刷新后重试",
    }]
    kept = list(await db.scalars(select(Case).where(Case.client_mutation_id == "phone-1-0001")))
    assert [(ids.encode("Case", c.id), c.title) for c in kept] == [(first["case"]["id"], "宅基地界址争议")]


async def test_a_clerk_registering_an_accusation_against_its_own_village_gets_a_receipt_only(client_factory, db):
    """Art. 30: accusation materials never go to the accused — not even to the clerk of the accused
    village who wrote it down; the clerk still gets what to hand the petitioner."""
    clerk = await client_factory("t01v01", via_password=False)
    own = await unit_id(db, VILLAGE)
    query = REGISTER.replace("userErrors {", "receipt { queryCode registeredAt } userErrors {")
    made = (await clerk.data(query, {"input": case_input(
        own, kind="ACCUSATION", accusedUnitId=own, title="村干部截留补助款", content="反映村干部截留困难补助。")}))["registerCase"]
    assert made["userErrors"] == [] and made["case"] is None  # hidden from the accused village at once
    receipt = made["receipt"]
    row = await db.scalar(select(Case).where(Case.title == "村干部截留补助款"))
    assert receipt["queryCode"] == row.query_code and len(receipt["queryCode"]) == 12
    assert receipt["registeredAt"] is not None
    # Afterwards the clerk sees nothing of it.
    assert (await clerk.data("query($id: ID!) { case(id: $id) { id } }", {"id": ids.encode("Case", row.id)}))["case"] is None
    found = await clerk.data("query($s: String) { cases(filter: {search: $s}, first: 5) { totalCount } }",
                             {"s": receipt["queryCode"]})
    assert found["cases"]["totalCount"] == 0
    # Another official gets no receipt for a case they did not register (a step's payload).
    township = await client_factory("t01_officer", via_password=False)
    step = await township.data(
        "mutation($id: ID!) { acceptCase(id: $id) { receipt { queryCode } userErrors { code } } }",
        {"id": ids.encode("Case", row.id)})
    assert step["acceptCase"]["receipt"] is None

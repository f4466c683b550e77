"""The 交办 picker's people are a keyset connection (issue 15, "one list contract"): the old
caseAssignees list stopped at 200 people without saying so; caseAssigneesConnection pages through
all of them — the handling unit, its subtree and the units above it, never anyone of an accused unit
(回避) — and is empty for a viewer who may not assign the case (the rule lives in server/)."""
from sqlalchemy import insert, select

from server.auth.models import User
from server.unit.models import Unit
from tests.api.helpers import REGISTER, case_input, unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"

PAGE = """
query($id: ID!, $first: Int, $after: String) {
  caseAssigneesConnection(id: $id, first: $first, after: $after) {
    edges { cursor node { username unit { id } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}"""


async def _everyone(client, case_id: str, first: int) -> tuple[list[str], int]:
    names: list[str] = []
    after = None
    total = None
    while True:
        page = (await client.data(PAGE, {"id": case_id, "first": first, "after": after}))["caseAssigneesConnection"]
        total = page["totalCount"] if total is None else total
        names += [e["node"]["username"] for e in page["edges"]]
        assert len(page["edges"]) <= first
        if not page["pageInfo"]["hasNextPage"]:
            return names, total
        after = page["pageInfo"]["endCursor"]


async def test_the_picker_pages_through_every_assignee_past_the_old_cut(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    case_id = created["case"]["id"]
    village = await db.scalar(select(Unit).where(Unit.path == VILLAGE))
    await db.execute(insert(User), [
        {"tenant_id": village.tenant_id, "unit_id": village.id, "username": f"clerk_{n:03}", "display_name": f"村干部{n}",
         "password_hash": "x", "is_active": True} for n in range(230)
    ])
    await db.commit()

    old = (await township.data("query($id:ID!){caseAssignees(id:$id){username}}", {"id": case_id}))["caseAssignees"]
    assert len(old) == 200  # the deprecated list's cut, now stated in its description

    names, total = await _everyone(township, case_id, first=40)
    assert len(names) == len(set(names)) == total > 230  # no gap, no repeat, none cut
    assert {f"clerk_{n:03}" for n in range(230)} | {"t01_leader", "t01_officer", "t01v01", "xfj_leader"} <= set(names)
    assert not {"t02_officer", "t02_leader"} & set(names)


async def test_the_picker_is_empty_for_whoever_may_not_assign(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    page = (await clerk.data(PAGE, {"id": created["case"]["id"], "first": 10}))["caseAssigneesConnection"]
    assert page == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}, "totalCount": 0}

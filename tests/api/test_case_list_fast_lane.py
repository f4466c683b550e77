"""The case list's fast lane (schema/case_list.py) answers exactly what the general path answers.

The same selection is asked twice: once as the list's pages ask it (plain fields, unit, 包案
leader, deadline state: the lean statement), once with `petitioners` added (which only the
general path resolves). Every field both give must be equal, page by page, for county, township
and village viewers — with an accusation hidden from the accused village in both.
"""
import pytest
from sqlalchemy import select, update

from schema import case_list
from server.auth.models import User
from server.case import listing
from server.case.models import Case
from tests.api.helpers import REGISTER, case_input, unit_id

ACCUSED_VILLAGE = "/990000/990100/990122/001/001"  # t01v01's village
PLAIN = " ".join(sorted(case_list._PLAIN))  # every plain field of Case, e.g. title status dueAt …
NODE = f"""__typename id {PLAIN} overdue deadlineState deadlineProvisional
  unit {{ __typename id name level path }} leader {{ id username displayName }}"""
LIST = """query($first: Int, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { %s } } } }"""
FAST = LIST % NODE
GENERAL = LIST % (NODE + " petitioners { name phone }")
FRAGMENT = """query($first: Int) { cases(first: $first) { edges { cursor node { ...Row } } } }
fragment Row on Case { id title dueAt overdue deadlineState unit { name } leader { displayName } }"""


@pytest.fixture
def lean_reads(monkeypatch):
    """Counts the pages read by the fast lane."""
    calls = []
    original = listing.page_rows

    async def counting(**kwargs):
        calls.append(kwargs["columns"])
        return await original(**kwargs)

    monkeypatch.setattr(listing, "page_rows", counting)
    return calls


async def _pages(client, query: str, variables: dict) -> list[dict]:
    pages, after = [], None
    while True:
        page = (await client.data(query, {**variables, "first": 7, "after": after}))["cases"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"] or len(pages) == 3:
            return pages
        after = page["pageInfo"]["endCursor"]


def _without_petitioners(pages: list[dict]) -> list[dict]:
    for page in pages:
        for edge in page["edges"]:
            edge["node"].pop("petitioners")
    return pages


@pytest.mark.parametrize("viewer", ["xfj_officer", "t01_officer", "t01v01", "t01v02"])
@pytest.mark.parametrize("flt", [None, {"status": ["REGISTERED"]}, {"overdue": False}])
async def test_the_fast_lane_returns_what_the_general_path_returns(client_factory, db, lean_reads, viewer, flt):
    accuser = await client_factory("t01v02", via_password=False)
    created = (await accuser.data(REGISTER, {"input": case_input(
        await unit_id(db, "/990000/990100/990122/001/002"), kind="ACCUSATION", title="反映东风村干部优亲厚友",
        accusedUnitId=await unit_id(db, ACCUSED_VILLAGE),
    )}))["registerCase"]
    assert created["userErrors"] == []
    # A 包案 leader on every third case of the township, so the leader's fields are compared too.
    leader = await db.scalar(select(User.id).where(User.username == "t01_leader"))
    await db.execute(update(Case).where(Case.handler_unit_path.like("/990000/990100/990122/001%"), Case.id % 3 == 0)
                     .values(leader_id=leader))
    await db.commit()
    client = await client_factory(viewer, via_password=False)

    fast = await _pages(client, FAST, {"filter": flt})
    assert len(lean_reads) == len(fast)  # every page came from the lean statement
    general = await _pages(client, GENERAL, {"filter": flt})
    assert len(lean_reads) == len(fast)  # … and none of these
    masked = [p for page in general for e in page["edges"] for p in e["node"]["petitioners"]]
    assert masked and all("*" in p["name"] and "****" in p["phone"] for p in masked)  # lists always mask

    assert _without_petitioners(general) == fast
    assert fast[0]["edges"], "the viewer sees cases"
    listed = {e["node"]["id"] for page in fast for e in page["edges"]}
    if viewer == "t01v01" and flt is None:
        # 信访工作条例 Art. 30: an accusation is not handed to the accused; here it is not even listed.
        assert created["case"]["id"] not in listed
    if viewer in ("xfj_officer", "t01_officer", "t01v02") and flt is None:
        assert created["case"]["id"] in listed
    if flt is None:
        assert any(e["node"]["leader"] for page in fast for e in page["edges"])


async def test_fragments_take_the_fast_lane_and_other_fields_do_not(client_factory, lean_reads):
    client = await client_factory("xfj_officer", via_password=False)
    rows = (await client.data(FRAGMENT, {"first": 5}))["cases"]["edges"]
    assert len(rows) == 5 and len(lean_reads) == 1
    assert lean_reads[0] == listing.Columns(case=("title", "due_at"), unit=True, leader=True)
    await client.data("{ cases(first: 5) { edges { node { id timeline { kind } } } } }")
    await client.data("{ cases(first: 5) { edges { node { id unit { parent { name } } } } } }")
    await client.data("{ cases(first: 5) { edges { node { id @include(if: true) title } } } }")
    assert len(lean_reads) == 1

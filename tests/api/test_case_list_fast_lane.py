"""The case list's fast lane (schema/case_list.py) answers exactly what the general path answers.

The same selection is asked twice: once as the list's pages ask it (plain fields, unit, 包案
leader, deadline state: the lean statement), once with `petitioners` added (which only the
general path resolves). Every field both give must be equal, page by page, for county, township
and village viewers — with an accusation hidden from the accused village in both — and for
viewers who see nothing (another county's accounts, an account whose roles read no case): the
same empty page from both.
"""
import datetime as dt

import pytest
from sqlalchemy import func, select, update

from schema import case_list
from server import ids
from server.auth.models import User
from server.case import listing
from server.case import queries as case_queries
from server.case.models import Case
from server.dates import utcnow
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel
from tests.api.helpers import REGISTER, add_account, case_input, unit_id

COUNTY = "/990000/990100/990122"
ACCUSED_VILLAGE = "/990000/990100/990122/001/001"  # t01v01's village
OTHER_COUNTY = "/990000/990100/990123"
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


def _count_calls(monkeypatch, module, name: str, argument: str) -> list:
    """Records `argument` of every call of `module.name`, which still runs."""
    calls = []
    original = getattr(module, name)

    async def counting(**kwargs):
        calls.append(kwargs[argument])
        return await original(**kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


@pytest.fixture
def lean_reads(monkeypatch):
    """Counts the pages read by the fast lane."""
    return _count_calls(monkeypatch, listing, "page_rows", "columns")


@pytest.fixture
def general_reads(monkeypatch):
    """Counts the pages read by the general path (`cases` calls `case_queries.list_cases`)."""
    return _count_calls(monkeypatch, case_queries, "list_cases", "flt")


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
async def test_the_fast_lane_returns_what_the_general_path_returns(client_factory, db, lean_reads, general_reads,
                                                                   viewer, flt):
    accuser = await client_factory("t01v02", via_password=False)
    created = (await accuser.data(REGISTER, {"input": case_input(
        await unit_id(db, "/990000/990100/990122/001/002"), kind="ACCUSATION", title="反映东风村干部优亲厚友",
        accusedUnitId=await unit_id(db, ACCUSED_VILLAGE),
    )}))["registerCase"]
    assert created["userErrors"] == []
    clerk = await client_factory("t01v01", via_password=False)
    own = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, ACCUSED_VILLAGE))}))["registerCase"]
    assert own["userErrors"] == [] and own["case"]["deadlineState"] == "ON_TIME"
    # The two new cases (the newest: on every viewer's first page, in every filter) fall due
    # tomorrow, so that DUE_SOON is compared beside the demo's ON_TIME (and OVERDUE) rows.
    await db.execute(update(Case).where(Case.id.in_([
        ids.decode("Case", created["case"]["id"]), ids.decode("Case", own["case"]["id"])]))
        .values(due_at=utcnow() + dt.timedelta(days=1)))
    # A 包案 leader on every third case of the township, so the leader's fields are compared too.
    leader = await db.scalar(select(User.id).where(User.username == "t01_leader"))
    await db.execute(update(Case).where(Case.handler_unit_path.like("/990000/990100/990122/001%"), Case.id % 3 == 0)
                     .values(leader_id=leader))
    await db.commit()
    client = await client_factory(viewer, via_password=False)

    fast = await _pages(client, FAST, {"filter": flt})
    assert len(lean_reads) == len(fast) and general_reads == []  # every page came from the lean statement
    general = await _pages(client, GENERAL, {"filter": flt})
    assert len(lean_reads) == len(fast) and len(general_reads) == len(general)  # … and none of these
    masked = [p for page in general for e in page["edges"] for p in e["node"]["petitioners"]]
    assert masked and all("*" in p["name"] and "****" in p["phone"] for p in masked)  # lists always mask

    assert _without_petitioners(general) == fast
    assert fast[0]["edges"], "the viewer sees cases"
    states = {e["node"]["deadlineState"] for page in fast for e in page["edges"]}
    assert len(states) >= 2, states  # the deadline state is compared, not one value everywhere
    listed = {e["node"]["id"] for page in fast for e in page["edges"]}
    if viewer == "t01v01" and flt is None:
        # 信访工作条例 Art. 30: an accusation is not handed to the accused; here it is not even listed.
        assert created["case"]["id"] not in listed
    if viewer in ("xfj_officer", "t01_officer", "t01v02") and flt is None:
        assert created["case"]["id"] in listed
    if flt is None:
        assert any(e["node"]["leader"] for page in fast for e in page["edges"])


async def _account_of_another_county(db, username: str, grant_path: str) -> str:
    """An account of a second county tenant (邻溪县, made once) holding county_officer at `grant_path`."""
    county = await db.scalar(select(Unit).where(Unit.path == OTHER_COUNTY))
    if county is None:
        city = await db.scalar(select(Unit).where(Unit.path == OTHER_COUNTY.rsplit("/", 1)[0]))
        county = Unit(level=UnitLevel.COUNTY, code=OTHER_COUNTY.rsplit("/", 1)[1], name="邻溪县", parent_id=city.id,
                      path=OTHER_COUNTY)
        db.add(county)
        await db.flush()
        county.tenant_id = county.id
        db.add(Tenant(id=county.id, settings=TenantSettings().to_json()))
    granted = await db.scalar(select(Unit).where(Unit.path == grant_path))
    return await add_account(db, username, unit=county, role="county_officer", grant_unit=granted,
                             tenant_id=county.id, display_name="邻溪县信访局")


@pytest.mark.parametrize("viewer", ["other_county_officer", "other_county_strayed", "xfj_admin", "assessor"])
@pytest.mark.parametrize("flt", [None, {"status": ["REGISTERED"]}])
async def test_both_paths_give_the_same_empty_page_to_a_viewer_who_sees_nothing(
        client_factory, db, lean_reads, general_reads, viewer, flt):
    """Another county's officer (tenant and subtree both elsewhere); an account of another county
    holding a role at our county (a grant no administration path makes: only the tenant filter
    keeps our cases out); the county's own administrator and assessor (right tenant and subtree,
    roles that read no case). Each gets the same empty page from the fast lane and the general path."""
    assert await db.scalar(select(func.count()).select_from(Case).where(Case.unit_path.like(COUNTY + "/%"))) > 0
    if viewer == "other_county_officer":
        viewer = await _account_of_another_county(db, "lxx_officer", OTHER_COUNTY)
    elif viewer == "other_county_strayed":
        viewer = await _account_of_another_county(db, "lxx_strayed", COUNTY)
    client = await client_factory(viewer, via_password=False)

    fast = await _pages(client, FAST, {"filter": flt})
    assert len(lean_reads) == 1 and general_reads == []  # the lean statement answered …
    general = await _pages(client, GENERAL, {"filter": flt})
    assert len(lean_reads) == 1 and len(general_reads) == 1  # … and then the general path
    empty = {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}
    assert fast == general == [empty]


async def test_fragments_take_the_fast_lane_and_other_fields_do_not(client_factory, lean_reads):
    client = await client_factory("xfj_officer", via_password=False)
    rows = (await client.data(FRAGMENT, {"first": 5}))["cases"]["edges"]
    assert len(rows) == 5 and len(lean_reads) == 1
    assert lean_reads[0] == listing.Columns(case=("title", "due_at"), unit=True, leader=True)
    await client.data("{ cases(first: 5) { edges { node { id timeline { kind } } } } }")
    await client.data("{ cases(first: 5) { edges { node { id unit { parent { name } } } } } }")
    await client.data("{ cases(first: 5) { edges { node { id @include(if: true) title } } } }")
    assert len(lean_reads) == 1

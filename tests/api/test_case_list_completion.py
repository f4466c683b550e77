"""The case list's compiled completion (schema/case_list_completion.py) answers byte for byte what
graphql-core's execution answers, and what the general path (ORM rows, a resolver per field)
answers, for many selection sets: aliases, the same field selected twice, named and inline
fragments, __typename at every level, every plain field, unit and 包案 leader, totalCount and
deadlineProvisional, variables, later pages, directives, and errors.

Issue 16: "the fast lane is an implementation of the same fields, tested to return exactly what the
general path returns". DESIGN "Protections": lists always mask petitioners, and an accusation is
never shown to the accused unit (信访工作条例 Art. 30) — checked on every path below.
"""
import pytest
from sqlalchemy import select, update
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema import case_list, case_list_completion
from server.auth.models import User
from server.case.models import Case
from tests.api.helpers import REGISTER, case_input, unit_id

ACCUSED_VILLAGE = "/990000/990100/990122/001/001"  # t01v01's village
PLAIN = " ".join(sorted(case_list._PLAIN))

# Selection sets the fast lane takes (no directive): the compiled completion must answer them.
FAST = {
    "bench": """query($first:Int,$after:String){cases(first:$first,after:$after){
      edges{cursor node{id title status registeredAt dueAt deadlineState overdue unit{name} leader{displayName}}}
      pageInfo{hasNextPage endCursor}}}""",
    "pwa": """query CaseList($filter: CaseFilter, $first: Int, $after: String) {
      cases(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id title status headcount registeredAt dueAt deadlineState deadlineProvisional
          overdue unit { id name } } } } }""",
    "everything": """query($first:Int,$after:String,$filter:CaseFilter){cases(first:$first,after:$after,filter:$filter){
      __typename totalCount pageInfo{__typename hasNextPage endCursor}
      edges{__typename cursor node{__typename id %s overdue deadlineState deadlineProvisional
        unit{__typename id name level path} leader{__typename id username displayName}}}}}""" % PLAIN,
    "aliases": """query($first:Int){list: cases(first:$first){n: totalCount rows: edges{c: cursor
      case: node{key: id heading: title t2: title s: status when: registeredAt
        where: unit{n: name l: level} who: leader{u: username name: displayName}}}
      p: pageInfo{more: hasNextPage}}}""",
    "merged": """query($first:Int){cases(first:$first){edges{node{id title}} edges{cursor node{id status unit{name}}}
      edges{node{unit{id} leader{id} leader{displayName}}} pageInfo{endCursor} pageInfo{hasNextPage}}}""",
    "fragments": """query($first:Int){cases(first:$first){...Page}}
      fragment Page on CaseConnection{pageInfo{...Info} edges{...Edge} ... on CaseConnection{totalCount}}
      fragment Info on PageInfo{hasNextPage endCursor}
      fragment Edge on CaseEdge{cursor node{...Row ... on Case{status} ...{dueAt}}}
      fragment Row on Case{id title unit{...U} leader{...L} ...Row2}
      fragment Row2 on Case{overdue deadlineState title}
      fragment U on Unit{name path}
      fragment L on User{displayName}""",
    "nodes only": "query($first:Int){cases(first:$first){edges{node{id}}}}",
    "page info only": "query($first:Int){cases(first:$first){pageInfo{hasNextPage endCursor}}}",
    "count only": "query($first:Int){cases(first:$first){totalCount}}",
    "two lists": """query($first:Int){a: cases(first:$first){edges{node{id title}}}
      b: cases(first:2, filter:{status:[REGISTERED]}){totalCount edges{cursor node{id status unit{name}}}}}""",
}
# Directives, and fields the lean rows do not carry: the general path answers (same answer).
OTHER = {
    "include": """query($first:Int,$yes:Boolean!,$no:Boolean!){cases(first:$first){edges{node{
      id title @include(if:$yes) status @include(if:$no) unit @skip(if:$no) {name}}}}}""",
    "masked": """query($first:Int){cases(first:$first){edges{node{id title queryCode petitioners{name phone}}}}}""",
    "parent": "query($first:Int){cases(first:$first){edges{node{id unit{name parent{name}}}}}}",
}
VARIABLES = [
    {"first": 7},
    {"first": 3, "filter": {"status": ["REGISTERED"]}},
    {"first": 5, "filter": {"overdue": False}},
    {"first": 0},
]


@pytest.fixture
async def cases_with_leaders(client_factory, db):
    """The demo county with a 包案 leader on every third case and an accusation against t01v01's
    village (registered by the neighbouring village's clerk)."""
    accuser = await client_factory("t01v02", via_password=False)
    created = (await accuser.data(REGISTER, {"input": case_input(
        await unit_id(db, "/990000/990100/990122/001/002"), kind="ACCUSATION", title="反映东风村干部优亲厚友",
        accusedUnitId=await unit_id(db, ACCUSED_VILLAGE),
    )}))["registerCase"]
    assert created["userErrors"] == []
    leader = await db.scalar(select(User.id).where(User.username == "t01_leader"))
    await db.execute(update(Case).where(Case.id % 3 == 0).values(leader_id=leader))
    await db.commit()
    return created["case"]["id"]


@pytest.fixture
def general_completions(monkeypatch):
    """Counts the listed rows graphql-core completed itself (0 when the compiled completion did)."""
    completed = []
    original = StrawberryGraphQLCoreExecutionContext.complete_object_value

    def counting(self, return_type, field_details_list, info, path, result, position_context):
        if isinstance(result, case_list.ListedCase):
            completed.append(result)
        return original(self, return_type, field_details_list, info, path, result, position_context)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "complete_object_value", counting)
    return completed


async def _three_ways(client, monkeypatch, query: str, variables: dict) -> tuple[dict, dict, dict]:
    """The raw answers: compiled completion, graphql-core over the lean rows, the general path."""
    compiled = await client.execute(query, variables)
    with monkeypatch.context() as m:
        m.setattr(case_list_completion.ListExecutionContext, "complete_object_value",
                  StrawberryGraphQLCoreExecutionContext.complete_object_value)
        executed = await client.execute(query, variables)
        m.setattr(case_list, "plan", lambda info: None)
        general = await client.execute(query, variables)
    return compiled, executed, general


@pytest.mark.parametrize("viewer", ["xfj_officer", "t01_officer", "t01v01"])
async def test_every_selection_set_answers_what_graphql_core_and_the_general_path_answer(
    client_factory, monkeypatch, cases_with_leaders, general_completions, viewer
):
    client = await client_factory(viewer, via_password=False)
    for name, query in FAST.items():
        for variables in VARIABLES:
            compiled, executed, general = await _three_ways(client, monkeypatch, query, variables)
            assert "errors" not in compiled, (name, compiled)
            assert compiled == executed == general, (name, variables)
        # The compiled completion answered (graphql-core completed no listed row of it) …
        completed_by_core = len(general_completions)
        await client.execute(query, {"first": 7})
        assert len(general_completions) == completed_by_core, name
    # … and graphql-core does complete listed rows when the completion is turned off (the count can fail).
    with monkeypatch.context() as m:
        m.setattr(case_list_completion.ListExecutionContext, "complete_object_value",
                  StrawberryGraphQLCoreExecutionContext.complete_object_value)
        await client.execute(FAST["bench"], {"first": 7})
    assert general_completions
    for name, query in OTHER.items():
        variables = {"first": 6, "yes": True, "no": False}
        compiled, executed, general = await _three_ways(client, monkeypatch, query, variables)
        assert "errors" not in compiled, (name, compiled)
        assert compiled == executed == general, name
        if name == "masked":
            rows = [e["node"] for e in compiled["data"]["cases"]["edges"]]
            # "Lists always mask petitioners" (the 查询码 too).
            assert all("*" in r["queryCode"] for r in rows)
            assert all("*" in p["name"] and "****" in p["phone"] for r in rows for p in r["petitioners"])


async def test_later_pages_and_the_hidden_accusation_are_the_same_on_every_path(
    client_factory, monkeypatch, cases_with_leaders
):
    accusation = cases_with_leaders
    seen = {}
    for viewer in ("xfj_officer", "t01v01"):
        client = await client_factory(viewer, via_password=False)
        after, ids = None, []
        for _ in range(4):
            compiled, executed, general = await _three_ways(client, monkeypatch, FAST["everything"],
                                                            {"first": 4, "after": after})
            assert compiled == executed == general
            page = compiled["data"]["cases"]
            ids += [e["node"]["id"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        seen[viewer] = ids
    # The accusation is the newest case: the county sees it first; the accused village never does.
    assert seen["xfj_officer"][0] == accusation
    assert accusation not in seen["t01v01"]


async def test_errors_are_answered_alike(client_factory, anon, monkeypatch, cases_with_leaders):
    client = await client_factory("t01_officer", via_password=False)
    cases = [
        (client, FAST["bench"], {"first": 5, "after": "not-a-cursor"}),  # INVALID_CURSOR
        (client, FAST["pwa"], {"first": 5, "filter": {"unitId": "VW5pdDo5OTk5OTk"}}),  # an unknown unit
        (client, FAST["bench"], {"first": "five"}),  # a bad variable: not executed
        (client, "query{cases(first:5){edges{node{id nope}}}}", {}),  # not valid
        (anon, FAST["pwa"], {"first": 5}),  # not signed in
    ]
    for who, query, variables in cases:
        compiled, executed, general = await _three_ways(who, monkeypatch, query, variables)
        assert compiled.get("errors"), compiled
        assert compiled == executed == general

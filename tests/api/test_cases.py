"""Registering and reading cases through HTTP."""
import datetime as dt

from sqlalchemy import func, select

from server.audit.models import AuditEvent
from server.case.models import Case
from server.dates import CHINA
from tests.api.helpers import CASES, REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
OTHER_VILLAGE_SAME_TOWNSHIP = "/990000/990100/990122/001/002"
OTHER_TOWNSHIP_VILLAGE = "/990000/990100/990122/002/001"


async def register(client, input_: dict) -> dict:
    return (await client.data(REGISTER, {"input": input_}))["registerCase"]


async def test_a_village_clerk_registers_a_case_with_a_fifteen_day_acceptance_deadline(client_factory, db):
    clerk = await client_factory("t01v01")
    result = await register(clerk, case_input(await unit_id(db, VILLAGE)))
    assert result["userErrors"] == []
    case = result["case"]
    assert case["status"] == "REGISTERED"
    assert case["unit"]["name"] == "东风村"
    assert case["petitioners"] == [{"name": "张三", "phone": "13812341234"}]  # the registering unit handles it
    assert case["timeline"] == [{"kind": "REGISTERED", "actor": {"username": "t01v01"}}]
    assert len(case["queryCode"]) == 12
    due = dt.datetime.fromisoformat(case["acceptDueAt"]).astimezone(CHINA)
    assert due.date() == dt.datetime.now(CHINA).date() + dt.timedelta(days=15)
    assert (due.hour, due.minute) == (23, 59)
    assert case["deadlineState"] == "ON_TIME" and case["overdue"] is False
    audit = await db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "case.register"))
    assert audit == 1


async def test_the_same_client_mutation_id_registers_one_case(client_factory, db):
    clerk = await client_factory("t01v01")
    data = case_input(await unit_id(db, VILLAGE), clientMutationId="phone-7c1e-0001")
    before = await db.scalar(select(func.count()).select_from(Case))
    first = await register(clerk, data)
    second = await register(clerk, data)
    assert first["case"]["id"] == second["case"]["id"]
    assert await db.scalar(select(func.count()).select_from(Case)) == before + 1


async def test_bad_input_is_refused_field_by_field_and_changes_nothing(client_factory, db):
    clerk = await client_factory("t01v01", )
    before = await db.scalar(select(func.count()).select_from(Case))
    result = await register(
        clerk,
        case_input(
            await unit_id(db, VILLAGE),
            title="   ",
            content="x" * 10_001,
            headcount=0,
            petitioners=[{"name": "李四", "phone": ""}, {"name": "", "phone": "12345"}],
        ),
    )
    assert result["case"] is None
    errors = {tuple(e["field"]): e["code"] for e in result["userErrors"]}
    assert errors == {
        ("input", "title"): "REQUIRED",
        ("input", "content"): "TOO_LONG",
        ("input", "headcount"): "OUT_OF_RANGE",
        ("input", "petitioners", "0", "phone"): "REQUIRED",
        ("input", "petitioners", "1", "name"): "REQUIRED",
        ("input", "petitioners", "1", "phone"): "INVALID_PHONE",
    }
    assert all(e["message"] for e in result["userErrors"])
    assert await db.scalar(select(func.count()).select_from(Case)) == before


async def test_no_petitioner_and_a_unit_outside_the_subtree_are_refused(client_factory, db):
    clerk = await client_factory("t01v01")
    result = await register(clerk, case_input(await unit_id(db, OTHER_VILLAGE_SAME_TOWNSHIP), petitioners=[]))
    errors = {tuple(e["field"]): e for e in result["userErrors"]}
    assert errors[("input", "unitId")]["code"] == "FORBIDDEN"
    assert errors[("input", "unitId")]["message"] == "该单位不在您的管辖范围内"
    assert errors[("input", "petitioners")]["code"] == "REQUIRED"


async def test_malformed_and_foreign_ids_are_user_errors(client_factory, db):
    clerk = await client_factory("t01v01")
    for bad in ("not-an-id", "Q2FzZToz", "VW5pdDo5OTk5OTk"):  # garbage, a Case id, a missing unit
        result = await register(clerk, case_input(bad))
        assert result["case"] is None
        assert result["userErrors"][0]["field"] == ["input", "unitId"]
    body = await clerk.execute('{ case(id: "%%%") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_ten_megabyte_title_is_refused_before_parsing(client_factory, db):
    clerk = await client_factory("t01v01")
    before = await db.scalar(select(func.count()).select_from(Case))
    response = await clerk.http.post(
        "/graphql",
        json={"query": REGISTER, "variables": {"input": case_input(await unit_id(db, VILLAGE), title="长" * 10_000_000)}},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "Request too large"
    assert await db.scalar(select(func.count()).select_from(Case)) == before


async def test_a_title_just_over_the_limit_is_a_field_error(client_factory, db):
    clerk = await client_factory("t01v01")
    result = await register(clerk, case_input(await unit_id(db, VILLAGE), title="长" * 201))
    assert result["userErrors"][0]["field"] == ["input", "title"]
    assert result["userErrors"][0]["code"] == "TOO_LONG"


async def test_anonymous_requests_are_unauthenticated(anon, db):
    body = await anon.execute(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await anon.execute("{ cases { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == "请先登录"


async def test_the_list_pages_with_cursors_newest_first_and_counts(client_factory):
    officer = await client_factory("t01_officer")
    seen: list[str] = []
    after = None
    while True:
        page = (await officer.data(CASES, {"first": 5, "after": after}))["cases"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] == 21  # 7 villages × 3 demo cases
    bad = await officer.execute(CASES, {"first": 5, "after": "garbage"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    too_many = await officer.execute(CASES, {"first": 1000})
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_list_filters_by_unit_status_overdue_and_search(client_factory, db):
    officer = await client_factory("t01_officer")
    village = await unit_id(db, VILLAGE)
    by_unit = (await officer.data(CASES, {"filter": {"unitId": village}, "first": 50}))["cases"]
    assert by_unit["totalCount"] == 3
    assert {e["node"]["unit"]["name"] for e in by_unit["edges"]} == {"东风村"}

    accepted = (await officer.data(CASES, {"filter": {"status": ["ACCEPTED"]}, "first": 50}))["cases"]
    assert all(e["node"]["status"] == "ACCEPTED" for e in accepted["edges"])

    all_count = (await officer.data(CASES, {"first": 0}))["cases"]["totalCount"]
    overdue = (await officer.data(CASES, {"filter": {"overdue": True}, "first": 50}))["cases"]["totalCount"]
    on_time = (await officer.data(CASES, {"filter": {"overdue": False}, "first": 50}))["cases"]["totalCount"]
    assert overdue + on_time == all_count
    # The demo county has cases registered up to 40 days ago: some acceptance deadlines passed.
    assert overdue > 0

    clerk = await client_factory("t01v01")
    created = await register(clerk, case_input(village, title="山塘承包合同纠纷_特殊%标记"))
    hits = (await officer.data(CASES, {"filter": {"search": "特殊%标记"}}))["cases"]
    assert [e["node"]["id"] for e in hits["edges"]] == [created["case"]["id"]]
    by_code = (await officer.data(CASES, {"filter": {"search": created["case"]["queryCode"].lower()}}))["cases"]
    assert by_code["totalCount"] == 1
    # LIKE wildcards are literal: "%" alone matches only titles that contain "%".
    percent = (await officer.data(CASES, {"filter": {"search": "%"}}))["cases"]
    assert percent["totalCount"] == 1


async def test_petitioners_are_masked_in_lists_and_for_upper_levels_and_reads_are_audited(client_factory, db):
    clerk = await client_factory("t01v01")
    created = (await register(clerk, case_input(await unit_id(db, VILLAGE))))["case"]
    detail = "query($id: ID!) { case(id: $id) { petitioners { name phone } } }"

    township = await client_factory("t01_officer")  # the handling unit
    assert (await township.data(detail, {"id": created["id"]}))["case"]["petitioners"] == [
        {"name": "张三", "phone": "13812341234"}
    ]
    listed = (await township.data(CASES, {"filter": {"search": created["queryCode"]}}))["cases"]["edges"]
    assert listed[0]["node"]["petitioners"] == [{"name": "张**", "phone": "138****1234"}]

    county = await client_factory("xfj_officer")  # supervises, does not handle
    assert (await county.data(detail, {"id": created["id"]}))["case"]["petitioners"] == [
        {"name": "张**", "phone": "138****1234"}
    ]
    reads = await db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "case.read_pii")
    )
    assert reads == 2  # the clerk's payload after registering, and the township's detail


async def test_the_audit_log_refuses_updates_and_deletes(db):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    event = AuditEvent(tenant_id=None, actor_id=None, action="test", object_type="test", object_id=None)
    db.add(event)
    await db.flush()
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        savepoint = await db.begin_nested()
        try:
            await db.execute(text(statement))
            raised = False
        except DBAPIError:
            raised = True
        await savepoint.rollback()
        assert raised, statement


async def test_viewer_can_says_who_may_export_the_ledger(client_factory, anon):
    expected = {"t01v01": False, "t01_officer": True, "xfj_officer": True, "xfj_leader": True}
    for username, may in expected.items():
        viewer = await client_factory(username, via_password=False)
        assert (await viewer.data("{ viewerCan { exportCases } }"))["viewerCan"] == {"exportCases": may}, username
        answer = await viewer.http.get("/exports/cases.xlsx")
        assert (answer.status_code == 200) is may, username  # the flag matches what the export does
    assert (await anon.data("{ viewerCan { exportCases } }"))["viewerCan"] == {"exportCases": False}

"""The administration's lists are keyset connections like every other list: accounts by unit
(then creation) and the audit log newest first, page after page without a row skipped or repeated,
a total that counts the whole list, and no silent cap (too large a page is refused)."""
from sqlalchemy import func, select

from server import ids
from server.audit import service as audit
from server.audit.models import AuditEvent
from server.auth.models import User
from server.unit.models import Unit
from tests.api.admin_support import COUNTY_PATH

USERS = """query($first: Int, $after: String){ adminUsers(first: $first, after: $after){
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { username unit { path } } } } }"""
AUDIT = """query($first: Int, $after: String){ auditEvents(first: $first, after: $after){
  totalCount pageInfo { hasNextPage endCursor } edges { node { id at action } } } }"""


async def _all_pages(client, query: str, field: str, first: int) -> tuple[list[dict], list[int]]:
    nodes, totals, after = [], [], None
    while True:
        page = (await client.data(query, {"first": first, "after": after}))[field]
        assert len(page["edges"]) <= first
        nodes += [e["node"] for e in page["edges"]]
        totals.append(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, totals
        after = page["pageInfo"]["endCursor"]


async def test_accounts_page_by_unit_without_gaps_or_repeats(client_factory, db):
    admin = await client_factory("xfj_admin", via_password=False)
    nodes, totals = await _all_pages(admin, USERS, "adminUsers", 7)
    usernames = [n["username"] for n in nodes]
    tenant_id = await db.scalar(select(Unit.id).where(Unit.path == COUNTY_PATH))
    expected = set(await db.scalars(select(User.username).where(User.tenant_id == tenant_id)))
    assert len(usernames) == len(set(usernames)) and set(usernames) == expected
    assert len(usernames) > 7 * 2  # several pages were read
    assert set(totals) == {len(expected)}
    paths = [n["unit"]["path"] for n in nodes]
    assert paths == sorted(paths)


async def test_a_township_administrator_pages_through_the_township_only(client_factory):
    admin = await client_factory("t01_admin", via_password=False)
    nodes, _ = await _all_pages(admin, USERS, "adminUsers", 5)
    assert nodes and all(n["unit"]["path"].startswith(f"{COUNTY_PATH}/001") for n in nodes)


async def test_lists_refuse_a_page_too_large_and_a_forged_cursor(client_factory):
    admin = await client_factory("xfj_admin", via_password=False)
    too_large = await admin.execute(USERS, {"first": 101})
    assert too_large["data"] is None
    assert too_large["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["first"]}
    forged = await admin.execute(USERS, {"first": 5, "after": "o5"})  # the old offset cursor
    assert forged["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["after"]}
    officer = await client_factory("xfj_officer", via_password=False)
    assert (await officer.execute(AUDIT, {"first": 101}))["errors"][0]["extensions"]["field"] == ["first"]


async def _write_events(db, tenant_id: int, n: int) -> None:
    for i in range(n):
        audit.record(db_session=db, tenant_id=tenant_id, actor_id=None, action="test.paging", object_type="unit",
                     object_id=tenant_id, n=i)
    await db.commit()


async def test_audit_log_pages_newest_first_and_new_events_do_not_shift_the_pages(client_factory, db):
    officer = await client_factory("xfj_officer", via_password=False)
    tenant_id = await db.scalar(select(Unit.id).where(Unit.path == COUNTY_PATH))
    await _write_events(db, tenant_id, 8)
    count = select(func.count()).select_from(AuditEvent).where(AuditEvent.tenant_id == tenant_id)
    first = (await officer.data(AUDIT, {"first": 3}))["auditEvents"]
    before = await db.scalar(count)
    assert first["pageInfo"]["hasNextPage"] and first["totalCount"] == before
    # Events written between two pages appear on no later page.
    await _write_events(db, tenant_id, 2)
    assert await db.scalar(count) > before
    newest = await db.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.tenant_id == tenant_id))
    nodes = [e["node"] for e in first["edges"]]
    after = first["pageInfo"]["endCursor"]
    while after:
        page = (await officer.data(AUDIT, {"first": 3, "after": after}))["auditEvents"]
        nodes += [e["node"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    seen = [n["id"] for n in nodes]
    assert len(seen) == len(set(seen)) == before
    assert ids.encode("AuditEvent", newest) not in seen
    stamps = [n["at"] for n in nodes]
    assert stamps == sorted(stamps, reverse=True)

"""No list is silently cut (issue 15, "one list contract"): the lists that stopped at 200 or 500
rows without telling anyone are keyset connections through `server.pagination` — the public unit
picker (publicUnits stopped at 500), the meeting attendee picker (meetingAttendeeOptions clamped
`first` to 200), the settings history (200) and the 三无 overdue backlog (caseIds stopped at 500).
Each connection pages through every row exactly once, a page over the maximum is refused
(BAD_USER_INPUT, never clamped), and what a viewer may not see is left out in SQL: other subtrees
and other counties see nothing, and an accusation stays hidden from the accused unit."""
import datetime as dt
import json

from sqlalchemy import insert, select

from server import ids
from server.admin.models import TenantSettingChange
from server.auth.models import User
from server.case.models import Case, CaseStatus, MatterKind
from server.dates import utcnow
from server.unit.models import Unit, UnitLevel
from tests.api.helpers import REGISTER, case_input, unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"
OTHER_TOWNSHIP = COUNTY + "/002"
OTHER_VILLAGE = OTHER_TOWNSHIP + "/001"
OTHER_COUNTY = "/990000/990100/990123"


async def _unit(db, path: str) -> Unit:
    unit = await db.scalar(select(Unit).where(Unit.path == path))
    assert unit is not None, path
    return unit


async def _pages(client, query: str, field, variables: dict, first: int) -> tuple[list[dict], int]:
    """Every node of a connection, page by page, and the totalCount; `field` is the path to the
    connection in the answer (a name, or a function of the data)."""
    pick = field if callable(field) else (lambda data: data[field])
    nodes: list[dict] = []
    after = None
    total = None
    for _ in range(1000):
        conn = pick(await client.data(query, {**variables, "first": first, "after": after}))
        total = conn["totalCount"] if total is None else total
        assert conn["totalCount"] == total
        assert len(conn["edges"]) <= first
        nodes += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            assert len(nodes) == total
            return nodes, total
        assert len(conn["edges"]) == first
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        after = conn["pageInfo"]["endCursor"]
    raise AssertionError("the connection never ended")


async def _refused(client, query: str, variables: dict) -> None:
    """A page over the maximum is refused as bad input (never silently clamped)."""
    body = await client.execute(query, variables)
    assert body.get("errors"), body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body["errors"]


async def _other_county_admin(client_factory, db):
    """A second county tenant (邻溪县) and its administrator, signed in."""
    platform = await client_factory("admin", via_password=False)
    created = (await platform.data(
        """mutation($i: CreateTenantInput!){ createTenant(input:$i){ tenant{ id path } userErrors{ code field } } }""",
        {"i": {"provinceCode": "990000", "provinceName": "江淮省", "cityCode": "990100", "cityName": "青川市",
               "countyCode": "990123", "countyName": "邻溪县", "adminUsername": "lxx_admin",
               "adminDisplayName": "邻溪县管理员"}},
    ))["createTenant"]
    assert created["userErrors"] == [] and created["tenant"]["path"] == OTHER_COUNTY
    admin = await db.scalar(select(User).where(User.username == "lxx_admin"))
    admin.must_change_password = False
    await db.commit()
    return await client_factory("lxx_admin", via_password=False), created["tenant"]["id"]


# --- publicUnits: the citizen's unit picker ---------------------------------------------------

PUBLIC_UNITS = """
query($p: ID, $first: Int, $after: String) {
  publicUnitsConnection(parentId: $p, first: $first, after: $after) {
    edges { cursor node { id name level } } pageInfo { hasNextPage endCursor } totalCount
  }
}"""


async def test_the_public_unit_picker_pages_through_every_village_past_the_old_cut_of_500(anon, db):
    township = await _unit(db, TOWNSHIP)
    now = utcnow()
    await db.execute(insert(Unit), [
        {"tenant_id": township.tenant_id, "parent_id": township.id, "level": UnitLevel.VILLAGE, "code": f"x{n:03}",
         "name": f"新村{n:03}", "path": f"{TOWNSHIP}/x{n:03}", "retired_at": now if n >= 520 else None}
        for n in range(523)  # 520 active, 3 retired
    ])
    other = await _unit(db, OTHER_TOWNSHIP)
    await db.execute(insert(Unit), [
        {"tenant_id": other.tenant_id, "parent_id": other.id, "level": UnitLevel.VILLAGE, "code": f"y{n:03}",
         "name": f"邻村{n:03}", "path": f"{OTHER_TOWNSHIP}/y{n:03}"} for n in range(30)
    ])
    await db.commit()
    expected = {ids.encode("Unit", pk) for pk in await db.scalars(
        select(Unit.id).where(Unit.parent_id == township.id, Unit.retired_at.is_(None)))}
    assert len(expected) > 520

    parent = ids.encode("Unit", township.id)
    old = (await anon.data("query($p:ID){ publicUnits(parentId:$p){ id } }", {"p": parent}))["publicUnits"]
    assert len(old) == 500  # the deprecated list's cut, stated in its description

    nodes, total = await _pages(anon, PUBLIC_UNITS, "publicUnitsConnection", {"p": parent}, first=100)
    got = [n["id"] for n in nodes]
    assert len(got) == len(set(got)) == total == len(expected)  # no gap, no repeat
    assert set(got) == expected  # never a retired village, never another township's
    assert [n["name"] for n in nodes if n["name"].startswith("新村")] == [f"新村{n:03}" for n in range(520)]
    assert all(n["level"] == "VILLAGE" for n in nodes)

    # The counties (no parent): the first page starts the same list as the old field.
    counties = (await anon.data(PUBLIC_UNITS, {"first": 100}))["publicUnitsConnection"]
    assert [e["node"]["name"] for e in counties["edges"]] == [
        u["name"] for u in (await anon.data("{ publicUnits { name } }"))["publicUnits"]]
    await _refused(anon, PUBLIC_UNITS, {"p": parent, "first": 101})
    await _refused(anon, PUBLIC_UNITS, {"p": parent, "first": 10, "after": "not-a-cursor"})


# --- meetingAttendeeOptions: officials for a meeting's attendees and decision owners -------------

ATTENDEES = """
query($u: ID, $s: String, $first: Int, $after: String) {
  meetingAttendeeOptionsConnection(unitId: $u, search: $s, first: $first, after: $after) {
    edges { cursor node { username unit { path } } } pageInfo { hasNextPage endCursor } totalCount
  }
}"""
OLD_ATTENDEES = "query($u:ID,$f:Int!){ meetingAttendeeOptions(unitId:$u, first:$f){ username } }"


async def test_the_meeting_attendee_picker_pages_through_every_official_past_the_old_clamp(
    client_factory, db
):
    village = await _unit(db, VILLAGE)
    await db.execute(insert(User), [
        {"tenant_id": village.tenant_id, "unit_id": village.id, "username": f"clerk_{n:03}",
         "display_name": f"村干部{n}", "password_hash": "x", "is_active": n < 230} for n in range(235)
    ])
    other = await _unit(db, OTHER_VILLAGE)
    await db.execute(insert(User), [
        {"tenant_id": other.tenant_id, "unit_id": other.id, "username": f"other_{n:03}", "display_name": f"邻村{n}",
         "password_hash": "x", "is_active": True} for n in range(20)
    ])
    await db.commit()
    expected = set(await db.scalars(
        select(User.username).join(Unit, Unit.id == User.unit_id)
        .where(User.is_active.is_(True), (Unit.path == TOWNSHIP) | Unit.path.like(TOWNSHIP + "/%"))))
    assert len(expected) > 230

    officer = await client_factory("t01_officer", via_password=False)
    township = ids.encode("Unit", (await _unit(db, TOWNSHIP)).id)
    nodes, total = await _pages(officer, ATTENDEES, "meetingAttendeeOptionsConnection", {"u": township}, first=40)
    names = [n["username"] for n in nodes]
    assert len(names) == len(set(names)) == total == len(expected)  # no gap, no repeat
    assert set(names) == expected  # never an inactive account, never another township's
    # The unit's own officials first (its path is the prefix of its subtree's, whatever the collation).
    assert nodes[0]["unit"]["path"] == TOWNSHIP

    # Search pages too: every clerk_1xx, once.
    found, count = await _pages(officer, ATTENDEES, "meetingAttendeeOptionsConnection",
                                {"u": township, "s": "clerk_1"}, first=30)
    assert sorted(n["username"] for n in found) == [f"clerk_{n:03}" for n in range(100, 200)] and count == 100

    # The deprecated list refuses a `first` it would have cut, and says where it stops.
    assert len((await officer.data(OLD_ATTENDEES, {"u": township, "f": 200}))["meetingAttendeeOptions"]) == 200
    await _refused(officer, OLD_ATTENDEES, {"u": township, "f": 201})
    await _refused(officer, ATTENDEES, {"u": township, "first": 101})

    # Another township's officer, a clerk without meetings and another county's administrator get
    # nobody (decided in the query: an empty page, a count of 0).
    empty = {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}, "totalCount": 0}
    for client in (await client_factory("t02_officer", via_password=False),
                   await client_factory("t01v01", via_password=False),
                   (await _other_county_admin(client_factory, db))[0]):
        page = (await client.data(ATTENDEES, {"u": township, "first": 50}))["meetingAttendeeOptionsConnection"]
        assert page == empty


async def test_a_meeting_naming_more_matters_than_it_keeps_is_refused_not_cut(client_factory, db):
    officer = await client_factory("xfj_officer", via_password=False)
    me = (await officer.data("{ me { id } }"))["me"]["id"]
    result = (await officer.data(
        """mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } userErrors { field code } } }""",
        {"i": {"unitId": await unit_id(db, COUNTY), "kind": "ANALYSIS", "heldOn": utcnow().date().isoformat(),
               "attendeeIds": [me], "caseIds": [ids.encode("Case", 900_000 + n) for n in range(101)]}},
    ))["recordMeeting"]
    assert result["meeting"] is None
    assert {"field": ["input", "caseIds"], "code": "TOO_MANY"} in result["userErrors"]


# --- tenantSettingsHistory ----------------------------------------------------------------------

HISTORY = """
query($t: ID!, $first: Int, $after: String) {
  tenantSettingsHistoryConnection(tenantId: $t, first: $first, after: $after) {
    edges { cursor node { id key newValue changedAt } } pageInfo { hasNextPage endCursor } totalCount
  }
}"""


async def test_the_settings_history_pages_through_every_change_past_the_old_cut_of_200(client_factory, db):
    other_admin, other_county = await _other_county_admin(client_factory, db)
    county = await _unit(db, COUNTY)
    other = await _unit(db, OTHER_COUNTY)
    start = utcnow() - dt.timedelta(days=30)
    await db.execute(insert(TenantSettingChange), [
        # Pairs share an instant: the id orders them.
        {"tenant_id": county.id, "key": "accept_days", "old_value": n, "new_value": n + 1,
         "changed_at": start + dt.timedelta(minutes=n // 2)} for n in range(230)
    ] + [
        {"tenant_id": other.id, "key": "accept_days", "old_value": 0, "new_value": -n,
         "changed_at": start + dt.timedelta(minutes=n)} for n in range(1, 11)
    ])
    await db.commit()
    ours = {ids.encode("TenantSettingChange", pk) for pk in await db.scalars(
        select(TenantSettingChange.id).where(TenantSettingChange.tenant_id == county.id))}
    assert len(ours) == 230

    admin = await client_factory("xfj_admin", via_password=False)
    tenant = ids.encode("Unit", county.id)
    old = (await admin.data("query($t:ID!){ tenantSettingsHistory(tenantId:$t){ key } }", {"t": tenant}))[
        "tenantSettingsHistory"]
    assert len(old) == 200  # the deprecated list's cut, stated in its description

    nodes, total = await _pages(admin, HISTORY, "tenantSettingsHistoryConnection", {"t": tenant}, first=33)
    got = [n["id"] for n in nodes]
    assert len(got) == len(set(got)) == total == 230 and set(got) == ours  # none of the other county's
    assert [n["newValue"] for n in nodes] == list(range(230, 0, -1))  # newest first, ties by id
    await _refused(admin, HISTORY, {"t": tenant, "first": 101})

    # The other county's administrator pages its own ten, and may not read ours.
    theirs, count = await _pages(other_admin, HISTORY, "tenantSettingsHistoryConnection", {"t": other_county}, first=4)
    assert count == 10 and [n["newValue"] for n in theirs] == [-n for n in range(10, 0, -1)]
    refused = await other_admin.execute(HISTORY, {"t": tenant, "first": 10})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN" and refused["data"] is None
    township_admin = await client_factory("t01_admin", via_password=False)
    refused = await township_admin.execute(HISTORY, {"t": tenant, "first": 10})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# --- 三无: the overdue backlog --------------------------------------------------------------------

SANWU = """
query($u: ID!, $y: Int!, $first: Int, $after: String) {
  sanwuStatus(unitId: $u, year: $y) {
    criteria { code overdueBacklog caseIds
      backlogCases(first: $first, after: $after) {
        edges { cursor node { id dueAt case { id title } } } pageInfo { hasNextPage endCursor } totalCount
      }
    }
  }
}"""


def _backlog(data) -> dict:
    return next(c for c in data["sanwuStatus"]["criteria"] if c["code"] == "NO_PETITION_BACKLOG")


async def _seed_overdue(db, template: Case, unit: Unit, count: int, prefix: str, **extra) -> None:
    """`count` overdue open cases at `unit`, copies of `template` (deadlines a few at a time equal)."""
    now = utcnow()
    skip = {"id", "query_code", "client_mutation_id", "client_payload_hash"}
    base = {c.key: getattr(template, c.key) for c in Case.__table__.columns if c.key not in skip}
    await db.execute(insert(Case), [
        {**base, "unit_id": unit.id, "unit_path": unit.path, "query_code": f"{prefix}{n:06d}",
         "title": f"{prefix} 积案 {n}", "status": CaseStatus.REGISTERED,
         "due_at": now - dt.timedelta(days=2, minutes=n // 3), **extra}
        for n in range(count)
    ])
    await db.commit()


async def test_the_backlog_counts_and_names_every_overdue_case_past_the_old_cut_of_500(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    set_template = ("mutation($i: SetEvaluationSettingsInput!) { setEvaluationSettings(input: $i) { "
                    "userErrors { code } } }")
    assert (await county.data(set_template, {"i": {"countyId": await unit_id(db, COUNTY), "templateCode": "SEED_002"}}))[
        "setEvaluationSettings"]["userErrors"] == []
    year = utcnow().year
    township = await unit_id(db, TOWNSHIP)
    before = _backlog(await county.data(SANWU, {"u": township, "y": year, "first": 100}))

    clerk = await client_factory("t01v01", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), title="积案样本")}))[
        "registerCase"]["case"]
    template = await db.scalar(select(Case).where(Case.id == ids.decode("Case", created["id"])))
    await _seed_overdue(db, template, await _unit(db, VILLAGE), 520, "BL")
    await _seed_overdue(db, template, await _unit(db, OTHER_VILLAGE), 7, "OT")
    # An overdue accusation against 城关镇's officials at one of its villages: hidden from the
    # township (and its villages), it is neither counted for it nor named to it.
    accused = await _unit(db, TOWNSHIP)
    await _seed_overdue(db, template, await _unit(db, VILLAGE), 1, "ACC", kind=MatterKind.ACCUSATION,
                        accused_unit_id=accused.id, accused_unit_path=accused.path,
                        handler_unit_id=(await _unit(db, COUNTY)).id, handler_unit_path=COUNTY)
    hidden = await db.scalar(select(Case.id).where(Case.query_code == "ACC000000"))
    hidden_id = ids.encode("Case", hidden)
    seeded = {ids.encode("Case", pk) for pk in await db.scalars(select(Case.id).where(Case.query_code.like("BL%")))}

    def all_pages(client, unit):
        return _pages(client, SANWU, lambda d: _backlog(d)["backlogCases"], {"u": unit, "y": year}, first=100)

    data = _backlog(await county.data(SANWU, {"u": township, "y": year, "first": 100}))
    assert data["overdueBacklog"] == before["overdueBacklog"] + 520  # the total, beyond 500
    nodes, total = await all_pages(county, township)
    named = [n["id"] for n in nodes]
    assert len(named) == len(set(named)) == total == data["overdueBacklog"]  # no gap, no repeat
    assert seeded <= set(named) and hidden_id not in named
    assert not any(n["case"]["title"].startswith("OT") for n in nodes)  # never another township's
    assert [n["dueAt"] for n in nodes] == sorted(n["dueAt"] for n in nodes)  # oldest deadline first
    assert all(n["case"]["id"] == n["id"] for n in nodes)
    # The deprecated list stops at 500 (its description says so), the first 500 of the pages.
    assert data["caseIds"] == named[:500]

    # The accused township's own officer: the same count, the same cases, nothing of the accusation.
    officer = await client_factory("t01_officer", via_password=False)
    mine = _backlog(await officer.data(SANWU, {"u": township, "y": year, "first": 100}))
    assert mine["overdueBacklog"] == data["overdueBacklog"]
    mine_nodes, mine_total = await all_pages(officer, township)
    assert [n["id"] for n in mine_nodes] == named and mine_total == total
    for unit in (township, await unit_id(db, VILLAGE)):
        for first in (100, 0):
            text = json.dumps(await officer.execute(SANWU, {"u": unit, "y": year, "first": first}), ensure_ascii=False)
            assert hidden_id not in text and "ACC 积案" not in text
    # The county, which handles it, counts and names it in its own status.
    county_nodes, _ = await all_pages(county, await unit_id(db, COUNTY))
    assert hidden_id in {n["id"] for n in county_nodes}

    # Another township's officer may not look at this township's status at all.
    refused = await (await client_factory("t02_officer", via_password=False)).execute(
        SANWU, {"u": township, "y": year, "first": 10})
    assert refused["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    await _refused(county, SANWU, {"u": township, "y": year, "first": 101})

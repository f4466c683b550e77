"""Four eyes on roles that give more than their granting administrator holds (双人审批).

Issue 13: "An administrator cannot grant roles that give more than he holds (a township
administrator can grant himself `township_officer` and read petitioners' data today)." Granting it
to himself is refused (test_role_escalation.py); here, the other way round: he creates another
account, whose one-time password he knows, with that role and signs in as it.

DESIGN, Protections: "The petitioner's identity and materials are visible only to the units
handling the case". So such a grant — at account creation, by `grantRole` or by an account sheet —
is a request that gives no permission until a second administrator approves it: not the one who
asked, not the grantee, one whose scope covers the asking administrator's unit.
"""
from sqlalchemy import select

from server import ids
from server.audit.models import AuditEvent
from server.auth.models import User
from tests.api.admin_support import APPROVE, COUNTY_PATH, REFUSE, account, ndjson, upload
from tests.api.helpers import unit_id

CREATE = """mutation($input: CreateUserInput!) { createUser(input: $input) {
  user { id grants { role } pendingGrants { id role mayApprove mayRefuse } } initialPassword
  userErrors { field code message } } }"""
GRANT = """mutation($u: ID!, $r: String!, $unit: ID!) { grantRole(userId: $u, role: $r, unitId: $unit) {
  user { grants { role } pendingGrants { id role } } userErrors { field code message } } }"""
TOWNSHIP = f"{COUNTY_PATH}/001"
EN = {"accept-language": "en"}


async def _create(admin, db, username: str, role: str, path: str) -> dict:
    unit = await unit_id(db, path)
    result = (await admin.data(CREATE, {"input": {
        "unitId": unit, "username": username, "displayName": "测试用户", "roles": [{"role": role, "unitId": unit}],
    }}))["createUser"]
    assert result["userErrors"] == [], result
    return result


async def _signed_in(client_factory, db, username: str):
    """The new account signed in (its one-time password already changed)."""
    user = await db.scalar(select(User).where(User.username == username))
    user.must_change_password = False
    await db.commit()
    return await client_factory(username, via_password=False)


async def _cases(client) -> int:
    body = await client.execute("{ cases(first: 100) { totalCount } }")
    return 0 if "errors" in body else body["data"]["cases"]["totalCount"]


async def test_a_township_officer_account_made_by_the_township_administrator_reads_nothing_until_approved(
    client_factory, db
):
    township_admin = await client_factory("t01_admin", via_password=False)
    created = await _create(township_admin, db, "t01_officer2", "township_officer", TOWNSHIP)
    assert created["user"]["grants"] == []
    [request] = created["user"]["pendingGrants"]
    assert request["role"] == "township_officer"
    assert request["mayApprove"] is False and request["mayRefuse"] is True  # he may withdraw, not approve

    # Signed in as the new account (he knows its password): no role, no case.
    officer = await _signed_in(client_factory, db, "t01_officer2")
    assert (await officer.data("{ me { roles } }"))["me"]["roles"] == []
    assert await _cases(officer) == 0

    # He cannot approve his own request.
    own = (await township_admin.execute(APPROVE, {"id": request["id"]}, **EN))["data"]["approveRoleGrant"]
    assert [e["code"] for e in own["userErrors"]] == ["APPROVE_OWN_REQUEST"]
    assert own["userErrors"][0]["message"] == (
        "You cannot approve your own request: another administrator must approve it"
    )
    assert await _cases(officer) == 0

    # The county administrator sees it waiting and approves it; now the officer reads the township's cases.
    county_admin = await client_factory("xfj_admin", via_password=False)
    seen = await account(county_admin, "t01_officer2")
    assert seen["pendingGrants"][0]["mayApprove"] is True
    assert seen["pendingGrants"][0]["requestedBy"]["username"] == "t01_admin"
    approved = (await county_admin.data(APPROVE, {"id": request["id"]}))["approveRoleGrant"]
    assert approved["userErrors"] == [] and approved["user"]["grants"] == [{"role": "township_officer"}]
    assert (await account(county_admin, "t01_officer2"))["pendingGrants"] == []
    assert await _cases(officer) > 0

    # Decided once: a second decision is refused.
    again = (await county_admin.data(REFUSE, {"id": request["id"]}))["refuseRoleGrant"]
    assert [e["code"] for e in again["userErrors"]] == ["GRANT_ALREADY_DECIDED"]

    # The audit log has the request and the approval, with role and unit and no personal data.
    user_pk = ids.decode("User", created["user"]["id"])
    events = list(await db.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "user", AuditEvent.object_id == user_pk,
        AuditEvent.action.in_(["user.role_requested", "user.role_approved"])).order_by(AuditEvent.id)))
    assert [e.action for e in events] == ["user.role_requested", "user.role_approved"]
    for event in events:
        assert event.detail["role"] == "township_officer" and event.detail["unit"] == TOWNSHIP
        assert not {"username", "displayName", "display_name", "name", "phone"} & set(event.detail)


async def test_the_grantee_cannot_approve_a_role_granted_to_himself(client_factory, db):
    county_admin = await client_factory("xfj_admin", via_password=False)
    # A second county administrator: the same role as the first, so it takes effect at once.
    await _create(county_admin, db, "xfj_admin2", "county_admin", COUNTY_PATH)
    second = await _signed_in(client_factory, db, "xfj_admin2")
    user_id = ids.encode("User", await db.scalar(select(User.id).where(User.username == "xfj_admin2")))
    asked = (await county_admin.data(
        GRANT, {"u": user_id, "r": "county_officer", "unit": await unit_id(db, COUNTY_PATH)}))["grantRole"]
    assert asked["userErrors"] == [] and asked["user"]["grants"] == [{"role": "county_admin"}]
    [request] = asked["user"]["pendingGrants"]
    mine = (await second.execute(APPROVE, {"id": request["id"]}, **EN))["data"]["approveRoleGrant"]
    assert [e["code"] for e in mine["userErrors"]] == ["APPROVE_OWN_GRANT"]
    assert mine["userErrors"][0]["message"] == "You cannot approve a role granted to yourself"
    assert await _cases(second) == 0
    # The platform operator may decide it; he refuses it, and it never takes effect.
    platform = await client_factory("admin", via_password=False)
    refused = (await platform.data(REFUSE, {"id": request["id"]}))["refuseRoleGrant"]
    assert refused["userErrors"] == [] and refused["user"]["grants"] == [{"role": "county_admin"}]
    assert (await account(platform, "xfj_admin2"))["pendingGrants"] == []
    assert await _cases(second) == 0
    assert await db.scalar(select(AuditEvent.id).where(AuditEvent.action == "user.role_refused"))


async def test_an_administrator_below_the_asking_one_cannot_approve(client_factory, db):
    county_admin = await client_factory("xfj_admin", via_password=False)
    created = await _create(county_admin, db, "t01v03_clerk2", "village_clerk", f"{TOWNSHIP}/003")
    [request] = created["user"]["pendingGrants"]
    # The township administrator manages the village's accounts, but his scope does not cover
    # the county administrator who asked.
    township_admin = await client_factory("t01_admin", via_password=False)
    assert (await account(township_admin, "t01v03_clerk2"))["pendingGrants"][0]["mayApprove"] is False
    below = (await township_admin.execute(APPROVE, {"id": request["id"]}, **{"accept-language": "zh-CN"}))["data"]
    errors = below["approveRoleGrant"]["userErrors"]
    assert [e["code"] for e in errors] == ["APPROVER_OUT_OF_SCOPE"]
    assert errors[0]["message"] == "只有管辖范围包含申请人所在单位的管理员才能审批此授权"


async def test_a_grant_the_administrator_holds_everything_of_takes_effect_at_once(client_factory, db):
    county_admin = await client_factory("xfj_admin", via_password=False)
    created = await _create(county_admin, db, "t01_admin2", "township_admin", TOWNSHIP)
    assert created["user"]["grants"] == [{"role": "township_admin"}] and created["user"]["pendingGrants"] == []
    # A township administrator making another township administrator: no more than he holds.
    township_admin = await client_factory("t01_admin", via_password=False)
    user_id = ids.encode("User", await db.scalar(select(User.id).where(User.username == "t01v01")))
    made = (await township_admin.data(GRANT, {"u": user_id, "r": "township_admin", "unit": await unit_id(db, TOWNSHIP)}))
    assert made["grantRole"]["userErrors"] == []
    assert sorted(g["role"] for g in made["grantRole"]["user"]["grants"]) == ["township_admin", "village_clerk"]
    assert made["grantRole"]["user"]["pendingGrants"] == []
    assert await db.scalar(select(AuditEvent.id).where(AuditEvent.action == "user.role_requested")) is None


async def test_an_account_sheet_asks_instead_of_granting(client_factory, db):
    township_admin = await client_factory("t01_admin", via_password=False)
    county = await unit_id(db, COUNTY_PATH)
    sheet = "账号,姓名,单位,角色\ncg_off9,王九,990122001000,乡镇信访办\ncg_adm9,李九,990122001000,乡镇管理员\n".encode()
    preview = (await upload(township_admin, "users", county, sheet, filename="accounts.csv")).json()
    assert [r["pending"] for r in preview["rows"]] == [True, False]
    _progress, final = ndjson(await upload(township_admin, "users", county, sheet, apply=True, filename="accounts.csv"))
    assert final["result"]["applied"] is True
    officer = await account(township_admin, "cg_off9")
    assert officer["grants"] == [] and [g["role"] for g in officer["pendingGrants"]] == ["township_officer"]
    assert [g["role"] for g in (await account(township_admin, "cg_adm9"))["grants"]] == ["township_admin"]
    assert await _cases(await _signed_in(client_factory, db, "cg_off9")) == 0

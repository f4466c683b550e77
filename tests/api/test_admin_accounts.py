"""Accounts: creation in the administrator's subtree only, roles, deactivation, one-time
passwords that must be changed at first sign-in, bulk creation from a sheet, audit."""
from sqlalchemy import select

from server import ids
from server.audit.models import AuditEvent
from server.auth.models import User
from server.unit.models import Unit
from tests.api.admin_support import COUNTY_PATH, account, approve_pending, ndjson, upload

CREATE = """
mutation($input: CreateUserInput!) {
  createUser(input: $input) {
    user { id username isActive mustChangePassword unit { name } grants { role unit { path } } }
    initialPassword
    userErrors { field code message }
  }
}"""
USERS = """query($f: AdminUserFilter){ adminUsers(filter:$f, first:100){ totalCount
  edges{ node{ username lastLoginAt unit{ path } } } } }"""
ME = "{ me { username mustChangePassword roles } }"


async def _uid(db, path: str) -> str:
    unit = await db.scalar(select(Unit).where(Unit.path == path))
    return ids.encode("Unit", unit.id)


async def _user_id(db, username: str) -> str:
    return ids.encode("User", await db.scalar(select(User.id).where(User.username == username)))


def _input(unit: str, username: str, role: str, role_unit: str | None = None) -> dict:
    return {"unitId": unit, "username": username, "displayName": "测试用户",
            "roles": [{"role": role, "unitId": role_unit or unit}]}


async def test_township_admin_creates_a_village_clerk_who_must_change_the_password(client_factory, db):
    admin = await client_factory("t01_admin", via_password=False)
    village = await _uid(db, f"{COUNTY_PATH}/001/003")
    result = (await admin.data(CREATE, {"input": _input(village, "t01v03_new", "village_clerk")}))["createUser"]
    assert result["userErrors"] == []
    assert result["user"]["mustChangePassword"] is True
    # The clerk's role reads cases the township administrator may not: it waits for the county
    # administrator's approval (双人审批, tests/api/test_role_grant_approval.py).
    assert result["user"]["grants"] == []
    await approve_pending(await client_factory("xfj_admin", via_password=False), "t01v03_new")
    assert (await account(admin, "t01v03_new"))["grants"] == [
        {"role": "village_clerk", "unit": {"path": f"{COUNTY_PATH}/001/003"}}
    ]
    password = result["initialPassword"]

    clerk = await client_factory()
    assert (await clerk.login("t01v03_new", password))["userErrors"] == []
    me = (await clerk.data(ME))["me"]
    assert me["mustChangePassword"] is True and me["roles"] == ["village_clerk"]
    # Until the password is changed, nothing but me / logout / changePassword works.
    blocked = await clerk.execute("{ cases(first: 5) { totalCount } }")
    assert blocked["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    units = await clerk.execute("{ units { name } }")
    assert (units.get("data") or {}).get("units") in (None, [])

    weak = (await clerk.data(
        'mutation($o:String!){changePassword(oldPassword:$o,newPassword:"short"){userErrors{code field}}}',
        {"o": password},
    ))["changePassword"]["userErrors"]
    assert {e["code"] for e in weak} >= {"PASSWORD_TOO_SHORT"}
    changed = (await clerk.data(
        'mutation($o:String!){changePassword(oldPassword:$o,newPassword:"Cunwei#2026ok"){user{username} userErrors{code}}}',
        {"o": password},
    ))["changePassword"]
    assert changed["userErrors"] == []
    assert (await clerk.data(ME))["me"]["mustChangePassword"] is False
    # Now the clerk sees exactly the village.
    units = (await clerk.data("{ units { path } }"))["units"]
    assert units == [{"path": f"{COUNTY_PATH}/001/003"}]
    cases = (await clerk.data("{ cases(first: 100) { edges { node { unit { name } } } } }"))["cases"]["edges"]
    village_name = (await db.scalar(select(Unit).where(Unit.path == f"{COUNTY_PATH}/001/003"))).name
    assert cases and {e["node"]["unit"]["name"] for e in cases} == {village_name}

    events = list(await db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_id == ids.decode("User", result["user"]["id"]), AuditEvent.object_type == "user")))
    assert "user.created" in events and "auth.password_changed" in events


async def test_township_admin_cannot_create_or_change_accounts_outside_the_township(client_factory, db):
    admin = await client_factory("t01_admin", via_password=False)
    other_village = await _uid(db, f"{COUNTY_PATH}/002/001")
    own_village = await _uid(db, f"{COUNTY_PATH}/001/001")
    county = await _uid(db, COUNTY_PATH)

    outside = (await admin.data(CREATE, {"input": _input(other_village, "intruder1", "village_clerk")}))["createUser"]
    assert outside["user"] is None and outside["userErrors"][0]["code"] == "FORBIDDEN"
    # A role at a unit outside the township, for an account inside it.
    sideways = (await admin.data(
        CREATE, {"input": _input(own_village, "intruder2", "village_clerk", other_village)}
    ))["createUser"]
    assert sideways["user"] is None and sideways["userErrors"][0]["code"] == "ROLE_ABOVE_YOURS"
    # A role above the administrator's own.
    above = (await admin.data(
        CREATE, {"input": _input(own_village, "intruder3", "county_leader", county)}
    ))["createUser"]
    assert above["user"] is None
    unknown = (await admin.data(CREATE, {"input": _input(own_village, "intruder4", "village_king")}))["createUser"]
    assert unknown["userErrors"][0]["code"] == "UNKNOWN_ROLE"

    # Accounts of another township: not found for every change.
    stranger = await _user_id(db, "t02v01")
    for mutation in (
        f'resetPassword(id:"{stranger}"){{ initialPassword userErrors{{code}} }}',
        f'setUserActive(id:"{stranger}", active:false){{ user{{id}} userErrors{{code}} }}',
        f'updateUser(id:"{stranger}", displayName:"x"){{ user{{id}} userErrors{{code}} }}',
        f'grantRole(userId:"{stranger}", role:"village_head", unitId:"{own_village}"){{ user{{id}} userErrors{{code}} }}',
    ):
        body = await admin.data("mutation{ " + mutation + " }")
        payload = next(iter(body.values()))
        assert payload["userErrors"][0]["code"] == "NOT_FOUND", mutation
    # The county leader (above the township admin, at the county) is out of reach too.
    leader = await _user_id(db, "xfj_leader")
    body = await admin.data(f'mutation{{ resetPassword(id:"{leader}"){{ initialPassword userErrors{{code}} }} }}')
    assert body["resetPassword"]["initialPassword"] is None
    # Nothing was created, and the listing shows the township only.
    assert await db.scalar(select(User.id).where(User.username.like("intruder%"))) is None
    listing = (await admin.data(USERS))["adminUsers"]
    assert listing["totalCount"] > 0
    assert all(e["node"]["unit"]["path"].startswith(f"{COUNTY_PATH}/001") for e in listing["edges"])


async def test_deactivate_reset_and_last_sign_in(client_factory, db):
    admin = await client_factory("xfj_admin", via_password=False)
    clerk = await client_factory("t03v02")  # signs in with the password: last sign-in recorded
    target = await _user_id(db, "t03v02")
    listing = (await admin.data(USERS, {"f": {"search": "t03v02"}}))["adminUsers"]
    assert listing["edges"][0]["node"]["lastLoginAt"] is not None

    off = (await admin.data(f'mutation{{ setUserActive(id:"{target}", active:false){{ user{{isActive}} userErrors{{code}} }} }}'))
    assert off["setUserActive"]["user"]["isActive"] is False
    assert (await clerk.data(ME))["me"] is None  # the session ended at once
    assert (await clerk.login("t03v02"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"

    on = await admin.data(f'mutation{{ setUserActive(id:"{target}", active:true){{ user{{isActive}} }} }}')
    assert on["setUserActive"]["user"]["isActive"] is True
    reset = (await admin.data(f'mutation{{ resetPassword(id:"{target}"){{ initialPassword user{{mustChangePassword}} }} }}'))
    password = reset["resetPassword"]["initialPassword"]
    assert reset["resetPassword"]["user"]["mustChangePassword"] is True
    assert (await clerk.login("t03v02"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"  # old one gone
    assert (await clerk.login("t03v02", password))["userErrors"] == []

    self_id = await _user_id(db, "xfj_admin")
    mine = await admin.data(f'mutation{{ setUserActive(id:"{self_id}", active:false){{ userErrors{{code}} }} }}')
    assert mine["setUserActive"]["userErrors"][0]["code"] == "CANNOT_DEACTIVATE_SELF"
    actions = set(await db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == ids.decode("User", target),
                                                                   AuditEvent.object_type == "user")))
    assert {"user.deactivated", "user.activated", "user.password_reset"} <= actions


async def test_grant_and_revoke_roles(client_factory, db):
    admin = await client_factory("t01_admin", via_password=False)
    target = await _user_id(db, "t01v02")
    village = await _uid(db, f"{COUNTY_PATH}/001/002")
    granted = (await admin.data(
        f'mutation{{ grantRole(userId:"{target}", role:"village_head", unitId:"{village}")'
        "{ user{ grants{ role } pendingGrants{ role } } userErrors{code} } }"
    ))["grantRole"]
    # A village head's role gives more than a township administrator holds: it waits.
    assert [g["role"] for g in granted["user"]["grants"]] == ["village_clerk"]
    assert [g["role"] for g in granted["user"]["pendingGrants"]] == ["village_head"]
    await approve_pending(await client_factory("xfj_admin", via_password=False), "t01v02")
    assert sorted(g["role"] for g in (await account(admin, "t01v02"))["grants"]) == ["village_clerk", "village_head"]
    revoked = (await admin.data(
        f'mutation{{ revokeRole(userId:"{target}", role:"village_head", unitId:"{village}")'
        "{ user{ grants{ role } } userErrors{code} } }"
    ))["revokeRole"]
    assert [g["role"] for g in revoked["user"]["grants"]] == ["village_clerk"]
    roles = (await admin.data(f'{{ grantableRoles(unitId:"{village}") }}'))["grantableRoles"]
    assert set(roles) == {"village_clerk", "village_head", "public_rater"}


async def test_bulk_accounts_from_a_sheet(client_factory, db):
    admin = await client_factory("t01_admin", via_password=False)
    county = await _uid(db, COUNTY_PATH)
    sheet = (
        "账号,姓名,单位,角色\n"
        "cg_a01,王小明,990122001001,村信访信息员\n"
        "cg_a02,李小红,城关镇/红旗村,village_head\n"
        "cg_a03,张三,990122002001,village_clerk\n"       # another township: outside the subtree
        "cg_a04,赵四,990122001003,村长大人\n"              # unknown role
        "cg_a01,重复,990122001004,village_clerk\n"         # username twice
    ).encode()
    report = (await upload(admin, "users", county, sheet, filename="accounts.csv")).json()
    assert report["ok"] is False
    assert {(e["line"], e["code"]) for e in report["errors"]} == {
        (4, "OUTSIDE_SUBTREE"), (5, "UNKNOWN_ROLE"), (6, "USERNAME_TAKEN")
    }
    refused = await upload(admin, "users", county, sheet, apply=True, filename="accounts.csv")
    assert refused.json()["applied"] is False
    assert await db.scalar(select(User.id).where(User.username.like("cg_a%"))) is None  # nothing half-applied

    good = b"\n".join(sheet.split(b"\n")[:3]) + b"\n"
    progress, final = ndjson(await upload(admin, "users", county, good, apply=True, filename="accounts.csv"))
    rows = final["result"]["rows"]
    assert final["result"]["applied"] and [r["username"] for r in rows] == ["cg_a01", "cg_a02"]
    assert all(r["initialPassword"] for r in rows) and progress[-1] == {"done": 2, "total": 2}
    assert all(r["pending"] for r in rows)  # village roles give more than a township administrator holds
    made = list(await db.scalars(select(User).where(User.username.like("cg_a%"))))
    assert len(made) == 2 and all(u.must_change_password for u in made)


async def test_accounts_of_another_tenant_are_invisible(client_factory, db):
    platform = await client_factory("admin", via_password=False)
    created = (await platform.data(
        """mutation($i: CreateTenantInput!){ createTenant(input:$i){ tenant{ id path } admin{ id username }
           initialPassword userErrors{ code field } } }""",
        {"i": {"provinceCode": "990000", "provinceName": "江淮省", "cityCode": "990100", "cityName": "青川市",
               "countyCode": "990123", "countyName": "邻溪县", "adminUsername": "lxx_admin",
               "adminDisplayName": "邻溪县管理员"}},
    ))["createTenant"]
    assert created["userErrors"] == [] and created["tenant"]["path"] == "/990000/990100/990123"
    other_admin = await client_factory()
    assert (await other_admin.login("lxx_admin", created["initialPassword"]))["userErrors"] == []
    changed = await other_admin.data(
        'mutation($o:String!){changePassword(oldPassword:$o,newPassword:"Linxi#Admin2026"){userErrors{code}}}',
        {"o": created["initialPassword"]},
    )
    assert changed["changePassword"]["userErrors"] == []
    listing = (await other_admin.data(USERS))["adminUsers"]
    assert [e["node"]["username"] for e in listing["edges"]] == ["lxx_admin"]
    ours = await _user_id(db, "t01v01")
    body = await other_admin.data(f'mutation{{ resetPassword(id:"{ours}"){{ initialPassword userErrors{{code}} }} }}')
    assert body["resetPassword"]["userErrors"][0]["code"] == "NOT_FOUND"
    # And our county administrator does not see theirs.
    xfj = await client_factory("xfj_admin", via_password=False)
    names = {e["node"]["username"] for e in (await xfj.data(USERS))["adminUsers"]["edges"]}
    assert "lxx_admin" not in names and "t01v01" in names
    tenants = (await xfj.data("{ tenants { path } }"))["tenants"]
    assert tenants == [{"path": COUNTY_PATH}]
    assert len((await platform.data("{ tenants { path } }"))["tenants"]) == 2


async def test_search_treats_underscores_literally(client_factory):
    admin = await client_factory("xfj_admin", via_password=False)
    found = (await admin.data(USERS, {"f": {"search": "t01_"}}))["adminUsers"]["edges"]
    assert {e["node"]["username"] for e in found} == {"t01_officer", "t01_leader", "t01_admin"}


async def test_login_tells_the_app_that_the_password_must_be_changed(client_factory, db):
    admin = await client_factory("xfj_admin", via_password=False)
    target = await _user_id(db, "t04v01")
    password = (await admin.data(f'mutation{{ resetPassword(id:"{target}"){{ initialPassword }} }}'))[
        "resetPassword"]["initialPassword"]
    anon = await client_factory()
    body = await anon.data(
        "mutation($u:String!,$p:String!){login(username:$u,password:$p){user{mustChangePassword} userErrors{code}}}",
        {"u": "t04v01", "p": password},
    )
    assert body["login"]["user"]["mustChangePassword"] is True
    # Other people's flag is not shown (a case's leader, seen by a township officer).
    officer = await client_factory("t01_officer", via_password=False)
    edges = (await officer.data('{ cases(first:100){ edges{ node{ leader{ username mustChangePassword } } } } }'))[
        "cases"]["edges"]
    leaders = [e["node"]["leader"] for e in edges if e["node"]["leader"]]
    assert leaders and all(leader["mustChangePassword"] is None for leader in leaders)
    assert (await officer.data("{ me { mustChangePassword } }"))["me"]["mustChangePassword"] is False

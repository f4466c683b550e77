"""An administrator cannot grant himself a role that gives more than he holds."""
from sqlalchemy import select

from server import ids
from server.auth.models import User
from tests.api.helpers import unit_id

GRANT = """mutation($u: ID!, $r: String!, $unit: ID!) { grantRole(userId: $u, role: $r, unitId: $unit) {
  userErrors { field code message } } }"""


async def test_a_township_administrator_cannot_make_himself_an_officer(client_factory, db):
    admin = await client_factory("t01_admin", via_password=False)
    me = await db.scalar(select(User).where(User.username == "t01_admin"))
    township = await unit_id(db, "/990000/990100/990122/001")
    body = await admin.execute(GRANT, {"u": ids.encode("User", me.id), "r": "township_officer", "unit": township}, **{"accept-language": "en"})
    errors = body["data"]["grantRole"]["userErrors"]
    assert [e["code"] for e in errors] == ["ROLE_GIVES_MORE"], body
    assert errors[0]["message"] == "You cannot grant a role that allows more than you may do yourself"
    # Nothing changed: he still reads no petitioner's case.
    listed = await admin.execute("{ cases(first: 5) { totalCount } }")
    assert "errors" in listed or listed["data"]["cases"]["totalCount"] == 0

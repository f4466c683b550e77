"""Signing in and out through HTTP."""
from sqlalchemy import select

from server.audit.models import AuditEvent
from server.auth.models import User

ME = "{ me { username displayName roles unit { name level } } }"


async def test_login_sets_http_only_same_site_cookie_and_me_works(anon):
    response = await anon.http.post(
        "/graphql",
        json={"query": 'mutation{login(username:"t01v01",password:"Demo@2026"){user{username} userErrors{code}}}'},
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    me = (await anon.data(ME))["me"]
    assert me["username"] == "t01v01"
    assert me["roles"] == ["village_clerk"]
    assert me["unit"]["level"] == "VILLAGE"


async def test_me_is_null_without_a_session(anon):
    assert (await anon.data(ME))["me"] is None


async def test_wrong_password_is_a_translated_user_error_not_a_failure(anon):
    result = await anon.login("t01v01", "wrong")
    assert result["user"] is None
    assert result["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    assert result["userErrors"][0]["message"] == "用户名或密码错误"
    english = await anon.execute(
        'mutation{login(username:"nobody",password:"x"){userErrors{code message}}}', **{"Accept-Language": "en"}
    )
    assert english["data"]["login"]["userErrors"] == [
        {"code": "INVALID_CREDENTIALS", "message": "Wrong username or password"}
    ]
    assert (await anon.data(ME))["me"] is None


async def test_repeated_failures_slow_the_address_down_without_locking_the_account(anon, db):
    for _ in range(5):
        assert (await anon.login("t01v02", "guess"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    slowed = await anon.login("t01v02")
    assert slowed["userErrors"][0]["code"] == "RATE_LIMITED"  # a wait at this address, not a lock
    user = await db.scalar(select(User).where(User.username == "t01v02"))
    assert user.locked_until is None
    failures = await db.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.login_failed", AuditEvent.object_id == user.id)
    )
    assert len(list(failures)) == 5


async def test_logout_ends_the_session(client_factory):
    client = await client_factory("t01_officer")
    assert (await client.data(ME))["me"]["username"] == "t01_officer"
    assert (await client.data("mutation { logout }"))["logout"] is True
    assert (await client.data(ME))["me"] is None


async def test_a_stolen_cookie_value_stops_working_after_logout(client_factory, anon):
    client = await client_factory("t01_officer")
    token = client.http.cookies.get("lc_session")
    await client.data("mutation { logout }")
    anon.http.cookies.set("lc_session", token)
    assert (await anon.data(ME))["me"] is None

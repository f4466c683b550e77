"""Sign-in throttling without account enumeration or lock-out denial of service (OWASP ASVS 2.2)."""
import pytest
from sqlalchemy import select

from server.audit.models import AuditEvent
from server.auth.models import User
from server.auth.service import throttle_delay
from server.ratelimit import limiter
from server.security.client import client_address
from tests.conftest import GraphQLClient

LOGIN = "mutation($u:String!,$p:String!){login(username:$u,password:$p){user{username} userErrors{field code message}}}"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


async def _from(app, address: str, trusted: bool = True) -> GraphQLClient:
    import httpx

    transport = httpx.ASGITransport(app=app, client=("10.0.0.1" if trusted else address, 40000))
    http = httpx.AsyncClient(transport=transport, base_url="http://t", headers={"x-forwarded-for": address} if trusted else {})
    return GraphQLClient(http)


async def _login(client: GraphQLClient, username: str, password: str) -> dict:
    return (await client.data(LOGIN, {"u": username, "p": password}))["login"]


async def test_the_right_password_from_elsewhere_still_works_while_an_attacker_is_slowed(app, settings, db):
    settings.trusted_proxies = "10.0.0.0/8"
    attacker = await _from(app, "203.0.113.7")
    owner = await _from(app, "198.51.100.20")
    answers = [(await _login(attacker, "t01v02", f"guess{i}"))["userErrors"][0]["code"] for i in range(7)]
    # Five free failures per (address, account), then each attempt waits (no password checked).
    assert answers == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 2
    slowed = await _login(attacker, "t01v02", "Demo@2026")
    assert slowed["userErrors"][0]["code"] == "RATE_LIMITED" and "15" in slowed["userErrors"][0]["message"]
    # No hard lock anyone can trigger: the owner, from their own address, signs in.
    assert (await _login(owner, "t01v02", "Demo@2026"))["user"]["username"] == "t01v02"
    user = await db.scalar(select(User).where(User.username == "t01v02"))
    assert user.locked_until is None
    failures = list(await db.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login_failed", AuditEvent.object_id == user.id)))
    assert len(failures) == 5  # only checked attempts are failures; waits check nothing


async def test_unknown_and_known_names_get_the_same_answers(app, settings):
    settings.trusted_proxies = "10.0.0.0/8"
    known = await _from(app, "203.0.113.8")
    unknown = await _from(app, "203.0.113.9")
    seen_known = [(await _login(known, "t01v01", "wrong"))["userErrors"] for _ in range(7)]
    seen_unknown = [(await _login(unknown, "nobody-here", "wrong"))["userErrors"] for _ in range(7)]
    assert seen_known == seen_unknown


async def test_the_address_budget_slows_guessing_across_many_names(app, settings):
    settings.trusted_proxies = "10.0.0.0/8"
    settings.login_free_attempts_per_ip = 4
    sprayer = await _from(app, "203.0.113.10")
    codes = [(await _login(sprayer, f"user{i}", "Password1!"))["userErrors"][0]["code"] for i in range(6)]
    assert codes == ["INVALID_CREDENTIALS"] * 4 + ["RATE_LIMITED"] * 2
    other = await _from(app, "203.0.113.11")
    assert (await _login(other, "t01v01", "Demo@2026"))["user"]["username"] == "t01v01"


async def test_x_forwarded_for_is_believed_only_from_a_configured_proxy(app, settings):
    from starlette.requests import Request

    def request(peer: str, forwarded: str) -> Request:
        return Request({"type": "http", "client": (peer, 1), "headers": [(b"x-forwarded-for", forwarded.encode())]})

    assert client_address(request("198.51.100.1", "1.2.3.4"), "") == "198.51.100.1"
    assert client_address(request("198.51.100.1", "1.2.3.4"), "10.0.0.0/8") == "198.51.100.1"  # not a proxy
    assert client_address(request("10.1.1.1", "1.2.3.4, 10.2.2.2"), "10.0.0.0/8") == "1.2.3.4"
    assert client_address(request("10.1.1.1", "spoofed, 5.6.7.8"), "10.0.0.0/8") == "5.6.7.8"
    # An attacker sending a new X-Forwarded-For each time does not get a new budget.
    settings.trusted_proxies = ""
    codes = []
    for i in range(7):
        liar = await _from(app, f"192.0.2.{i}", trusted=False)
        liar.http.headers["x-forwarded-for"] = f"198.18.0.{i}"
        liar.http._transport = __import__("httpx").ASGITransport(app=app, client=("192.0.2.50", 40000))
        codes.append((await _login(liar, "t01v01", "wrong"))["userErrors"][0]["code"])
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 2


def test_waits_double_up_to_the_longest():
    assert [throttle_delay(n, 300) for n in range(6)] == [15, 30, 60, 120, 240, 300]

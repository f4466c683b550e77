"""Authenticate once: every root field that needs a signed-in user says so with the `SignedIn`
permission (schema/permissions.py), checked before its resolver; only the fields a citizen or a
signed-out browser uses answer without it. What a signed-in user may then read or do is decided
in server/.

API contract (API.md): "Not signed in stays a top-level UNAUTHENTICATED error" — the code and
message clients see are unchanged: `extensions.code` UNAUTHENTICATED, message 请先登录; and with a
one-time password not yet changed, FORBIDDEN (only `me`, `logout` and `changePassword` work).
"""
import pytest

from schema import build_schema
from schema.permissions import requires_sign_in
from server import ids
from server.ratelimit import limiter
from tests.api.test_accusation_sweep import COUNTY_WIDE, QUERIES, _operations

# Root fields that answer a caller who is not signed in (citizens, the sign-in screen, the
# 阳光信访 page). Everything else carries SignedIn.
PUBLIC = {
    "Query": {
        "me", "viewerCan", "trackCase", "ratingLinkCase", "publicUnits", "publicUnitsConnection", "publicCounties",
        "publicTransparency",
    },
    # changePassword: the one thing a user signed in with a one-time password may do (it asks itself).
    "Mutation": {"login", "logout", "changePassword", "submitPetition", "rateCase", "rateCaseByLink", "requestReview"},
    "Subscription": set(),
}
# Fields still asking for the user inside the resolver: none left (keep it so; a new root field
# carries extensions=signed_in() or is listed in PUBLIC above).
NOT_YET: set[str] = set()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


def _root_fields(settings) -> dict[str, dict[str, object]]:
    schema = build_schema(settings)
    out = {}
    for kind, type_ in (("Query", schema.query), ("Mutation", schema.mutation), ("Subscription", schema.subscription)):
        definition = type_.__strawberry_definition__
        out[kind] = {schema.config.name_converter.get_graphql_name(f): f for f in definition.fields}
    return out


def test_every_root_field_is_public_or_signed_in(settings):
    unguarded = []
    for kind, fields in _root_fields(settings).items():
        assert PUBLIC[kind] <= set(fields), f"no such {kind} field: {sorted(PUBLIC[kind] - set(fields))}"
        for name, field in fields.items():
            if name in PUBLIC[kind]:
                assert not requires_sign_in(field), f"{kind}.{name} is public"
            elif name in NOT_YET:
                assert not requires_sign_in(field), f"{kind}.{name} is signed in now: drop it from NOT_YET"
            elif not requires_sign_in(field):
                unguarded.append(f"{kind}.{name}")
    assert unguarded == [], "add extensions=signed_in() (or list the field as public): " + ", ".join(unguarded)


async def test_a_caller_not_signed_in_is_unauthenticated_on_every_guarded_query(app, anon, settings):
    graphql_schema = build_schema(settings)._schema
    guarded = {name for name, f in _root_fields(settings)["Query"].items() if requires_sign_in(f)}
    values = {
        "OWN": ids.encode("Unit", 1), "COUNTY": ids.encode("Unit", 1), "YEAR": 2026, "CASE": ids.encode("Case", 1),
        "MEETING": ids.encode("Meeting", 1), "JAN1": "2026-01-01", "DEC31": "2026-12-31",
    }
    answers = {}
    # Small pages: the query cost limit is checked before any field runs.
    fields = {name: {k: (2 if k == "first" else v) for k, v in args.items()} for name, args in {**QUERIES, **COUNTY_WIDE}.items()}
    for label, query in _operations(graphql_schema, fields, values).items():
        if label.split("(")[0] in guarded:
            body = await anon.execute(query)
            answers[label] = ([e["extensions"]["code"] for e in body.get("errors", [])], body["errors"][0]["message"]
                              if body.get("errors") else None)
    wrong = {k: v for k, v in answers.items() if v != (["UNAUTHENTICATED"], "请先登录")}
    assert len(answers) > 30 and wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())


async def test_a_one_time_password_not_yet_changed_is_forbidden_on_guarded_fields(client_factory, db):
    """Signed in with a one-time password: "no grants until it is changed (only `me`, `logout` and
    `changePassword` work)" (server/auth/principal.py) — a top-level FORBIDDEN, as before."""
    from sqlalchemy import update

    from server.auth.models import User

    await db.execute(update(User).where(User.username == "t01_officer").values(must_change_password=True))
    await db.commit()
    officer = await client_factory("t01_officer", via_password=False)
    for query in ("{ inbox { toAccept } }", "{ cases(first: 1) { totalCount } }",
                  'mutation { closeCase(id: "Q2FzZTox") { userErrors { code } } }'):
        body = await officer.execute(query)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], (query, body)
    assert (await officer.data("{ me { username } }"))["me"]["username"] == "t01_officer"

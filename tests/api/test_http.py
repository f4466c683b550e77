"""GraphQL over HTTP: methods, media types, limits, the PWA fallback, health."""
import hashlib
import json

import pytest

ME = "{ me { username } }"


async def test_queries_work_over_get_and_mutations_do_not(client_factory):
    client = await client_factory("t01v01")
    response = await client.http.get("/graphql", params={"query": ME})
    assert response.status_code == 200
    assert response.json()["data"]["me"]["username"] == "t01v01"
    refused = await client.http.get("/graphql", params={"query": "mutation { logout }"})
    assert refused.status_code in (400, 405)
    assert (await client.data(ME))["me"]["username"] == "t01v01"  # still signed in


async def test_graphql_response_json_media_type_and_status_codes(anon):
    accept = {"accept": "application/graphql-response+json, application/json;q=0.9"}
    ok = await anon.http.post("/graphql", json={"query": ME}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    broken = await anon.http.post("/graphql", json={"query": "{ me { "}, headers=accept)
    assert broken.status_code == 400
    body = broken.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    legacy = await anon.http.post("/graphql", json={"query": "{ me { "})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")


def _nested(depth: int) -> str:
    return "{ me { " + "unit { parent { " * depth + "id" + " } }" * depth + " } }"


@pytest.mark.parametrize(
    "query",
    [
        _nested(25),  # 50 levels deep
        "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(60)) + " }",  # 60 aliases
        "{ me { " + "username " * 5000 + "} }",  # 5,000 tokens
    ],
    ids=["depth", "aliases", "tokens"],
)
async def test_abusive_queries_are_refused_before_execution(client_factory, query):
    client = await client_factory("t01v01", via_password=False)
    response = await client.http.post("/graphql", json={"query": query}, headers={"Accept-Language": "en"})
    body = response.json()
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_errors_come_in_the_requested_language(anon):
    english = await anon.execute("{ cases { totalCount } }", **{"Accept-Language": "en"})
    assert english["errors"][0]["message"] == "Please sign in"
    traditional = await anon.execute("{ cases { totalCount } }", **{"Accept-Language": "zh-TW"})
    assert traditional["errors"][0]["message"] == "請先登入"


async def test_unexpected_failures_are_internal_without_details(client_factory, monkeypatch):
    from server.case import queries as service

    async def explode(**_):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(service, "filtered_query", explode)  # read by the list's general path and fast lane
    client = await client_factory("t01v01", via_password=False)
    body = await client.execute("{ cases { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "secret" not in json.dumps(body)


async def test_health(anon):
    response = await anon.http.get("/healthz")
    assert response.json() == {"status": "ok"}


async def test_the_pwa_is_served_with_a_fallback_for_client_routes(settings, engine, connection, tmp_path):
    import httpx

    from lianchuang.app import create_app
    from tests.conftest import _TestDatabase

    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>联创</title>", encoding="utf-8")
    (dist / "assets" / "app-1234.js").write_text("console.log(1)", encoding="utf-8")
    app = create_app(
        settings.model_copy(update={"pwa_dist": dist}),
        database=_TestDatabase(settings.database_url, engine, connection),
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        root = await http.get("/")
        assert "联创" in root.text
        deep = await http.get("/cases/abc")  # a client-side route, reloaded
        assert deep.status_code == 200 and "联创" in deep.text
        asset = await http.get("/assets/app-1234.js")
        assert "immutable" in asset.headers["cache-control"]
        missing = await http.get("/assets/missing.js")
        assert missing.status_code == 404
        assert (await http.post("/graphql", json={"query": ME})).json() == {"data": {"me": None}}


def test_schema_file_matches_the_code():
    from schema import build_schema
    from server.settings import REPO_ROOT, Settings

    exported = (REPO_ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")
    assert exported == build_schema(Settings()).as_str() + "\n", "run `lianchuang export-schema`"


def test_the_core_contract_of_api_md_is_in_the_schema():
    """Names and shapes fixed by shared/API.md for the operations built so far."""
    from schema import build_schema
    from server.settings import Settings

    sdl = build_schema(Settings()).as_str()
    for line in (
        "me: User",
        "unit(id: ID!): Unit",
        "case(id: ID!): Case",
        "login(username: String!, password: String!): LoginPayload!",
        "logout: Boolean!",
        "registerCase(input: RegisterCaseInput!): CasePayload!",
        "acceptDueAt: DateTime!",
        "totalCount: Int!",
    ):
        assert line in sdl, line
    assert json.dumps(sdl)  # serialisable


def _apq(query: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}


async def test_a_persisted_query_is_asked_for_once_then_sent_as_its_hash(client_factory):
    client = await client_factory("t01v01")
    query = "query Me { me { username } }"
    params = {"extensions": json.dumps(_apq(query)), "operationName": "Me"}
    unknown = (await client.http.get("/graphql", params=params)).json()
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = await client.http.post("/graphql", json={"query": query, "extensions": _apq(query)})
    assert registered.json()["data"]["me"]["username"] == "t01v01"
    by_hash = await client.http.get("/graphql", params=params)
    assert by_hash.json()["data"]["me"]["username"] == "t01v01"
    assert by_hash.headers["cache-control"] == "private, no-store"


async def test_a_persisted_query_is_still_authorised_and_a_mutation_never_runs_over_get(client_factory, anon):
    officer = await client_factory("t01v01")
    mutation = "mutation Out { logout }"
    await officer.http.post("/graphql", json={"query": ME, "extensions": _apq(ME)})
    # Another caller may send the hash, but the query runs with its own (absent) rights.
    as_anonymous = (await anon.http.get("/graphql", params={"extensions": json.dumps(_apq(ME))})).json()
    assert as_anonymous["data"]["me"] is None
    await officer.http.post("/graphql", json={"query": mutation, "extensions": _apq(mutation)})
    over_get = await officer.http.get("/graphql", params={"extensions": json.dumps(_apq(mutation))})
    assert over_get.status_code in (400, 405)


async def test_a_hash_that_does_not_match_its_query_is_refused(anon):
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    body = (await anon.http.post("/graphql", json={"query": ME, "extensions": wrong})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "data" not in body or body["data"] is None
    bad_version = {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}
    body = (await anon.http.post("/graphql", json={"extensions": bad_version})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

"""Production configuration: unsafe defaults refused at start, the schema not handed out,
security headers on the PWA and the API."""
import httpx
import pytest

from lianchuang.app import create_app
from server.security.config import UnsafeConfiguration
from tests.conftest import _TestDatabase

SAFE = {"environment": "production", "secret_key": "k" * 48, "public_base_url": "https://xf.example.gov.cn"}


def _app(settings, engine, connection, **update):
    return create_app(
        settings.model_copy(update=update), database=_TestDatabase(settings.database_url, engine, connection)
    )


@pytest.mark.parametrize(("update", "named"), [
    ({"secret_key": "dev-only-change-me"}, "SECRET_KEY"),
    ({"secret_key": "short"}, "SECRET_KEY"),
    ({"public_base_url": "http://127.0.0.1:8000"}, "PUBLIC_BASE_URL"),
])
def test_production_refuses_to_start_with_an_unsafe_default_and_names_the_setting(settings, engine, connection, update, named):
    with pytest.raises(UnsafeConfiguration, match=named):
        _app(settings, engine, connection, **{**SAFE, **update})
    _app(settings, engine, connection, **SAFE)  # starts once set
    _app(settings, engine, connection, environment="development")  # the defaults serve development


async def test_production_answers_no_introspection_and_no_field_suggestions_unless_enabled(settings, engine, connection):
    introspect = {"query": "{ __schema { queryType { name } } }"}
    typo = {"query": "{ caes { totalCount } }"}
    app = _app(settings, engine, connection, **SAFE)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        body = (await http.post("/graphql", json=introspect)).json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "data" not in body or body["data"] is None
        message = (await http.post("/graphql", json=typo)).json()["errors"][0]["message"]
        assert "Did you mean" not in message and "cases" not in message
    enabled = _app(settings, engine, connection, **SAFE, graphql_introspection=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=enabled), base_url="http://t") as http:
        assert (await http.post("/graphql", json=introspect)).json()["data"]["__schema"]["queryType"]["name"] == "Query"
    development = _app(settings, engine, connection)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=development), base_url="http://t") as http:
        assert "Did you mean" in (await http.post("/graphql", json=typo)).json()["errors"][0]["message"]


async def test_security_headers_on_the_pwa_and_the_api(settings, engine, connection, tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>联创</title>", encoding="utf-8")
    app = _app(settings, engine, connection, **SAFE, pwa_dist=dist)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        for response in (await http.get("/"), await http.get("/public/rate/abc"),
                         await http.post("/graphql", json={"query": "{ me { id } }"}), await http.get("/healthz")):
            csp = response.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
            assert response.headers["referrer-policy"] == "no-referrer"
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"

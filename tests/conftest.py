"""Test fixtures: a database of the suite's own (SQLite file, or a fresh PostgreSQL database
when LC_TEST_BACKEND=postgresql), migrated with the real migrations and loaded with the demo
county once; every test then runs inside a transaction that is rolled back afterwards."""
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import make_url, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker, create_async_engine

from lianchuang.app import create_app
from server.auth.models import User
from server.auth.service import start_session
from server.db import Database, create_engine
from server.demo import DEMO_PASSWORD, load_demo
from server.migrate import prepare
from server.settings import Settings

BACKEND = os.environ.get("LC_TEST_BACKEND", "sqlite")


def pytest_report_header(config) -> str:
    return f"lianchuang test database backend: {BACKEND}"


async def _create_pg_database() -> tuple[str, str]:
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if not admin_url:
        raise RuntimeError("LC_TEST_BACKEND=postgresql needs TEST_DATABASE_URL")
    url = make_url(admin_url).set(drivername="postgresql+asyncpg")
    name = f"lc_test_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return url.render_as_string(hide_password=False), url.set(database=name).render_as_string(hide_password=False)


async def _drop_pg_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


@pytest.fixture(scope="session")
async def fresh_database_url(tmp_path_factory) -> AsyncIterator:
    """A factory of empty databases of the backend under test; all dropped at the end."""
    made: list[tuple[str, str]] = []

    async def make() -> str:
        if BACKEND == "postgresql":
            admin, url = await _create_pg_database()
            made.append((admin, url))
            return url
        return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"

    yield make
    for admin, url in made:
        await _drop_pg_database(admin, url)


@pytest.fixture(scope="session")
async def database_url(fresh_database_url) -> str:
    url = await fresh_database_url()
    await prepare(url)
    database = Database(url)
    async with database.session() as session:
        await load_demo(session)
    await database.dispose()
    return url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine) -> AsyncIterator[AsyncConnection]:
    """One connection in an outer transaction; everything a test writes is rolled back."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        yield conn
        if outer.is_active:
            await outer.rollback()


class _TestDatabase(Database):
    """The app's sessions join the test's transaction; their commits become savepoints."""

    def __init__(self, url: str, engine, connection: AsyncConnection) -> None:
        self.url = url
        self.engine = engine
        self.session_factory = async_sessionmaker(
            bind=connection, expire_on_commit=False, autoflush=False,
            join_transaction_mode="create_savepoint",
        )

    async def dispose(self) -> None:
        pass


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    return Settings(database_url=database_url, pwa_dist=tmp_path / "no-pwa", environment="test")


@pytest.fixture
async def app(settings: Settings, engine, connection):
    application = create_app(settings, database=_TestDatabase(settings.database_url, engine, connection))
    await application.state.authorizer.reload()
    return application


@pytest.fixture
async def db(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session inside the test's transaction, for arranging and checking rows directly."""
    session = AsyncSession(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    yield session
    await session.close()


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient

    async def execute(self, query: str, variables: dict | None = None, **headers: str) -> dict:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict | None = None) -> dict:
        body = await self.execute(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> dict:
        body = await self.data(
            "mutation($u:String!,$p:String!){login(username:$u,password:$p)"
            "{user{id username} userErrors{field message code}}}",
            {"u": username, "p": password},
        )
        return body["login"]


@pytest.fixture
def client_factory(app, db, settings):
    """Clients signed in as a given account.

    `via_password=False` opens the session directly (Argon2 costs ~0.1 s a sign-in, which adds
    up over every demo account); the sign-in path itself is tested in test_auth.py.
    """

    async def make(username: str | None = None, *, via_password: bool = True) -> GraphQLClient:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        client = GraphQLClient(http)
        if username and via_password:
            result = await client.login(username)
            assert result["userErrors"] == [], result
        elif username:
            user = await db.scalar(select(User).where(User.username == username))
            token = start_session(db_session=db, settings=settings, user=user)
            await db.commit()
            http.cookies.set(settings.session_cookie, token)
        return client

    return make


@pytest.fixture
async def anon(client_factory) -> GraphQLClient:
    return await client_factory()

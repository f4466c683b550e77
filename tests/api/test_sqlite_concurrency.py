"""On the embedded SQLite default, concurrent writes wait their turn instead of answering INTERNAL
"database is locked": eight writers at once through the API, with the same idempotency key and
with different keys, against a real database file with its own connection pool (not the test
transaction the other API tests share)."""
import asyncio
import sqlite3

import httpx
import pytest
from sqlalchemy import func, make_url, select

from lianchuang.app import create_app
from server.auth.models import User
from server.auth.service import start_session
from server.case.models import Case
from server.db import Database
from server.settings import Settings
from tests.api.helpers import REGISTER, case_input
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite engine's own locking")

VILLAGE = "/990000/990100/990122/001/001"


@pytest.fixture
async def file_app(database_url, tmp_path):
    """The app on a copy of the demo database file (SQLite's backup API copies the WAL too)."""
    source = sqlite3.connect(make_url(database_url).database)
    copy = tmp_path / "concurrent.db"
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    url = f"sqlite+aiosqlite:///{copy}"
    settings = Settings(database_url=url, pwa_dist=tmp_path / "no-pwa", environment="test")
    database = Database(url)
    app = create_app(settings, database=database)
    await app.state.authorizer.reload()
    yield app, database, settings
    await database.dispose()


async def _client(app, database: Database, settings: Settings, username: str) -> httpx.AsyncClient:
    async with database.session() as session:
        user = await session.scalar(select(User).where(User.username == username))
        token = start_session(db_session=session, settings=settings, user=user)
        await session.commit()
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    http.cookies.set(settings.session_cookie, token)
    return http


async def test_eight_concurrent_writers_never_answer_database_is_locked(file_app):
    app, database, settings = file_app
    async with database.session() as session:
        from server import ids
        from server.unit.models import Unit

        village = ids.encode("Unit", (await session.scalar(select(Unit).where(Unit.path == VILLAGE))).id)
        before = await session.scalar(select(func.count()).select_from(Case))
    clerks = [await _client(app, database, settings, name) for name in ("t01v01", "t01v01", "t01v01", "t01v01")]
    others = [await _client(app, database, settings, f"t01v0{n}") for n in (2, 3, 4, 5)]
    # Four retries of one registration (the same key and payload) and four different ones, at once.
    same = [(c, case_input(village, clientMutationId="offline-retry-1")) for c in clerks]
    different = []
    for n, c in enumerate(others, start=2):
        unit = ids.encode("Unit", (await _unit_id(database, f"/990000/990100/990122/001/00{n}")))
        different.append((c, case_input(unit, clientMutationId=f"writer-{n}", title=f"并发登记 {n}")))

    async def send(client: httpx.AsyncClient, data: dict) -> dict:
        response = await client.post("/graphql", json={"query": REGISTER, "variables": {"input": data}})
        assert response.status_code == 200, response.text
        return response.json()

    for _ in range(3):  # several rounds, so that the writers really overlap
        answers = await asyncio.gather(*(send(c, d) for c, d in same + different))
        for answer in answers:
            assert "errors" not in answer, answer["errors"]
            assert answer["data"]["registerCase"]["userErrors"] == []
        ids_same = {a["data"]["registerCase"]["case"]["id"] for a in answers[:4]}
        assert len(ids_same) == 1  # one case for the one key
        ids_different = {a["data"]["registerCase"]["case"]["id"] for a in answers[4:]}
        assert len(ids_different) == 4 and not ids_same & ids_different
    async with database.session() as session:
        after = await session.scalar(select(func.count()).select_from(Case))
    assert after - before == 5
    for client in clerks + others:
        await client.aclose()


async def _unit_id(database: Database, path: str) -> int:
    from server.unit.models import Unit

    async with database.session() as session:
        return (await session.scalar(select(Unit).where(Unit.path == path))).id

"""The PostgreSQL pool checks no connection on checkout (no pre-ping round trip per request):
SQLAlchemy's "optimistic" disconnect handling instead. When the server drops every connection (a
restart, a failover), the one statement that meets a dead connection fails, SQLAlchemy
invalidates the whole pool, and every later checkout reconnects — one failed request per
process, not one per pooled connection (server/db.py)."""
import asyncio

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from server.db import create_engine


async def test_after_the_server_drops_every_connection_only_one_statement_fails(fresh_database_url):
    url = await fresh_database_url()
    if not url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop connections")
    engine = create_engine(url)
    try:
        async def one() -> int:
            async with engine.connect() as connection:
                await asyncio.sleep(0.05)  # held together: the pool opens several connections
                return (await connection.execute(text("SELECT 1"))).scalar_one()

        assert await asyncio.gather(*(one() for _ in range(4))) == [1, 1, 1, 1]
        assert engine.pool.checkedin() >= 2

        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        admin = await asyncpg.connect(dsn)
        try:
            dropped = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        finally:
            await admin.close()
        assert dropped >= 2

        failures = 0
        for _ in range(4):
            try:
                async with engine.connect() as connection:
                    assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
            except DBAPIError as error:
                assert error.connection_invalidated
                failures += 1
        assert failures == 1
    finally:
        await engine.dispose()

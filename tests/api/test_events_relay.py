"""Live updates across server processes: case changes relayed through PostgreSQL LISTEN/NOTIFY."""
import asyncio
from types import SimpleNamespace

import pytest

from server.events import Broker, CaseChanged, ChangesMissed, PostgresRelay, relay_dsn

CASE = SimpleNamespace(tenant_id=1, id=42, unit_path="/1/2/", handler_unit_path="/1/2/", accused_unit_path=None)


async def _next(queue: asyncio.Queue) -> CaseChanged | ChangesMissed:
    return await asyncio.wait_for(queue.get(), timeout=5)


async def _next_change(queue: asyncio.Queue) -> CaseChanged:
    """The next case change (a relay's start-up tells every process of possibly missed changes)."""
    while isinstance(event := await _next(queue), ChangesMissed):
        pass
    return event


async def test_a_change_made_in_one_process_reaches_the_subscribers_of_another(database_url):
    dsn = relay_dsn(database_url)
    if dsn is None:
        pytest.skip("SQLite serves one process: there is no other process to relay to")
    first, second = Broker(), Broker()
    relays = [PostgresRelay(first, dsn), PostgresRelay(second, dsn)]
    for relay in relays:
        await relay.start()
    try:
        here, there = first.subscribe(), second.subscribe()
        first.publish(CASE)
        expected = CaseChanged(1, 42, "/1/2/", "/1/2/")
        assert await _next_change(there) == expected
        assert await _next_change(here) == expected  # the sender's own subscribers hear it once, via NOTIFY
        await asyncio.sleep(0.2)
        assert all(isinstance(e, ChangesMissed) for q in (here, there) for e in _drain(q))
    finally:
        for relay in relays:
            await relay.stop()


async def test_without_a_listening_connection_changes_are_delivered_in_process():
    broker = Broker()
    relay = PostgresRelay(broker, "postgresql://nobody@127.0.0.1:1/none", retry_seconds=30)
    await relay.start()  # cannot connect: keeps retrying in the background
    try:
        queue = broker.subscribe()
        broker.publish(CASE)
        assert (await _next_change(queue)).case_id == 42
    finally:
        await relay.stop()


def _drain(queue: asyncio.Queue) -> list:
    events = []
    while not queue.empty():
        events.append(queue.get_nowait())
    return events


def test_only_postgresql_urls_get_a_relay():
    assert relay_dsn("sqlite+aiosqlite:///var/x.db") is None
    assert relay_dsn("postgresql+asyncpg://postgres@127.0.0.1:5432/test") == "postgresql://postgres@127.0.0.1:5432/test"


async def test_after_losing_its_listening_connection_a_process_tells_its_subscribers_to_count_again(database_url):
    """A NOTIFY sent while a process was not listening is lost to it: once listening again, its
    subscribers are told changes may have been missed (and a later change is relayed again)."""
    dsn = relay_dsn(database_url)
    if dsn is None:
        pytest.skip("SQLite serves one process: there is no other process to relay to")
    import asyncpg

    first, second = Broker(), Broker()
    relays = [PostgresRelay(first, dsn), PostgresRelay(second, dsn, retry_seconds=0.1)]
    for relay in relays:
        await relay.start()
    try:
        await asyncio.sleep(0.5)  # the start-up notices have been delivered
        here, there = first.subscribe(), second.subscribe()
        pid = relays[1]._connection.get_server_pid()
        admin = await asyncpg.connect(dsn)
        try:  # the listening connection drops while idle (a restart, a pooler's timeout …)
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        finally:
            await admin.close()
        # Both processes' subscribers are told: the second missed the first's changes, and the
        # first missed whatever the second changed while it could not notify.
        assert await _next(there) == ChangesMissed()
        assert await _next(here) == ChangesMissed()
        assert relays[1]._connection.get_server_pid() != pid
        first.publish(CASE)
        assert await _next_change(there) == CaseChanged(1, 42, "/1/2/", "/1/2/")
    finally:
        for relay in relays:
            await relay.stop()

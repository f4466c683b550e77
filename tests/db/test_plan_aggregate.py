"""`plan_aggregate` (server/db.py): before the rates' aggregate, PostgreSQL plans the statement for
its values (not a generic plan kept after five runs of a prepared statement: 150 ms against 65 ms
at 100 k cases) and skips the JIT — for that transaction only, never for the connection's next user."""
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import create_engine, plan_aggregate


async def test_the_settings_hold_for_the_transaction_and_end_with_it(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no plan cache to configure")
    engine = create_engine(database_url)
    try:
        async with AsyncSession(engine) as session:
            async def shown() -> list[str]:
                return [(await session.execute(text(f"SHOW {name}"))).scalar_one()
                        for name in ("plan_cache_mode", "jit", "work_mem")]

            before = await shown()
            await session.rollback()
            assert before != ["force_custom_plan", "off", "64MB"]  # the server's own settings
            await plan_aggregate(session, work_mem="64MB")
            assert await shown() == ["force_custom_plan", "off", "64MB"]
            await session.commit()
            assert await shown() == before
    finally:
        await engine.dispose()

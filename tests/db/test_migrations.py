"""Migrations: up to head, down to base and up again, on the backend under test; and the
models never drift from what the migrations build."""
import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server import migrate
from server.db import create_engine
from server.models import Base


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def _drift(url: str) -> list:
    engine = create_engine(url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata)
        )
    await engine.dispose()
    return diff


async def test_upgrade_downgrade_upgrade(fresh_database_url):
    url = await fresh_database_url()
    await asyncio.to_thread(migrate.upgrade, url)
    assert await _tables(url) == set(Base.metadata.tables)
    await asyncio.to_thread(migrate.downgrade, url, "base")
    assert await _tables(url) == set()
    await asyncio.to_thread(migrate.upgrade, url)
    assert await _tables(url) == set(Base.metadata.tables)


async def test_models_match_the_migrations(database_url):
    assert await _drift(database_url) == []


async def test_every_revision_steps_down_and_up_again_with_the_demo_county_in_it(fresh_database_url):
    """A populated database (cases, reports, meetings, reviews) survives each step down and up."""
    from alembic.script import ScriptDirectory

    from server.db import Database
    from server.demo import load_demo

    url = await fresh_database_url()
    await asyncio.to_thread(migrate.upgrade, url)
    database = Database(url)
    async with database.session() as session:
        assert await load_demo(session)
    await database.dispose()
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    head = script.get_current_head()
    for revision in script.walk_revisions():  # newest first
        if revision.down_revision is None or isinstance(revision.down_revision, tuple):
            break  # the merge of the feature branches: below it the branches were never released alone
        await asyncio.to_thread(migrate.downgrade, url, revision.down_revision)
        await asyncio.to_thread(migrate.upgrade, url, revision.revision)
        await asyncio.to_thread(migrate.downgrade, url, revision.down_revision)
    await asyncio.to_thread(migrate.upgrade, url)
    assert head is not None and await _tables(url) == set(Base.metadata.tables)

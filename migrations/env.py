"""Alembic environment: async engines for both SQLite and PostgreSQL.

The URL comes from `config.attributes["url"]` (set by `server.migrate`) or DATABASE_URL.
"""
import asyncio

from alembic import context
from sqlalchemy import event
from sqlalchemy.engine import Connection

from server.db import create_engine
from server.models import Base
from server.settings import get_settings

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("url") or get_settings().database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs via table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_url())
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it; with foreign keys enforced, dropping the old copy
        # fails while other tables' rows point at it. Checked once at the end instead.
        @event.listens_for(engine.sync_engine, "connect")
        def _foreign_keys_off(dbapi_connection, record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.close()

    async with engine.connect() as connection:
        await connection.run_sync(_configure)
        if sqlite:
            broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
            if broken:
                raise RuntimeError(f"migration left rows pointing at missing rows: {broken[:5]}")
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())

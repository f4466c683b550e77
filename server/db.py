"""Engine, sessions and the declarative base.

SQLite is the embedded default (WAL, foreign keys on, real SAVEPOINTs); PostgreSQL is the
production database. The same models and migrations serve both.
"""
import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import DateTime, MetaData, event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from server.dates import as_utc

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases (SQLite forgets the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect):
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


POOL_RECYCLE_SECONDS = 1800


async def plan_aggregate(db_session: AsyncSession, *, work_mem: str | None = None) -> None:
    """PostgreSQL, before an aggregate over a period's cases, for the rest of the transaction (a
    request's read): plan each statement for the values it runs with, and skip the JIT.

    asyncpg prepares each statement once per connection, and after five runs PostgreSQL may keep
    a generic plan made without the values: for the rates of a county holding 100,000 cases that
    plan took 150 ms against 65 ms for one planned with the period's dates (one connection, the
    same statement twelve times). The JIT's compilation of the rates' conditions costs more than
    it saves at these sizes. `work_mem`: room to hash many groups in memory (the ranking).
    One round trip (`set_config(…, true)` is SET LOCAL); nothing on SQLite."""
    if db_session.get_bind().dialect.name != "postgresql":
        return
    settings = {"plan_cache_mode": "force_custom_plan", "jit": "off"}
    if work_mem is not None:
        settings["work_mem"] = work_mem
    await db_session.execute(select(*(func.set_config(name, value, True) for name, value in settings.items())))


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    # No pre-ping (a round trip on every checkout): connections are recycled before servers or
    # firewalls drop idle ones, and a connection found dead mid-request makes SQLAlchemy
    # invalidate the pool so the next checkouts reconnect (the docs' "optimistic" handling).
    return create_async_engine(url, echo=echo, pool_size=10, max_overflow=20, pool_recycle=POOL_RECYCLE_SECONDS)


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):
        # A transaction that will write takes the write lock when it begins (BEGIN IMMEDIATE),
        # waiting up to busy_timeout for another writer. A deferred transaction that read first
        # cannot wait: SQLite refuses its first write at once ("database is locked") when another
        # writer committed after its read. See `begin_writes`.
        immediate = conn.get_execution_options().get(BEGIN_OPTION) == "IMMEDIATE"
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


BEGIN_OPTION = "lc_sqlite_begin"


async def begin_writes(session) -> None:
    """From now on, this session's transactions are write transactions (a mutation's).

    On SQLite each of them begins with BEGIN IMMEDIATE, so concurrent writers queue behind the
    write lock (busy_timeout) instead of failing with "database is locked"; whatever was only
    read so far is let go first. Nothing changes on PostgreSQL, or for a session bound to a
    connection (the tests' shared transaction)."""
    if isinstance(session, SerialSession):
        session = session.wrapped
    bind = session.bind
    if not isinstance(bind, AsyncEngine) or not is_sqlite(str(bind.url)):
        return
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            return  # something unsaved: leave the transaction as it is
        await session.rollback()
    session.bind = bind.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


async def end_reads(session) -> None:
    """Before a read path writes (an audit record of an unmasked read): on SQLite, end the read
    transaction, so that the write begins a transaction of its own and waits for the lock."""
    bind = session.bind
    if isinstance(bind, AsyncEngine) and is_sqlite(str(bind.url)) and session.in_transaction():
        if not (session.new or session.dirty or session.deleted):
            await session.commit()


def create_session_factory(bind) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind=bind, expire_on_commit=False, autoflush=False)


class Database:
    """One engine and its session factory for the process."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, echo=echo)
        self.session_factory = create_session_factory(self.engine)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.session_factory() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def _retrieve(task: "asyncio.Future") -> None:
    """A shielded statement whose caller was cancelled: its outcome is not needed any more."""
    if not task.cancelled():
        task.exception()


class SerialSession:
    """An AsyncSession shared by the resolvers of one GraphQL request.

    GraphQL resolves sibling fields concurrently, but a session (and its connection) takes one
    statement at a time; this wrapper queues the awaited calls. Everything else is passed through.
    """

    _SERIALISED = frozenset(
        {"execute", "scalar", "scalars", "get", "flush", "commit", "rollback", "refresh", "merge",
         "delete", "run_sync", "close"}
    )

    def __init__(self, session: AsyncSession) -> None:
        import asyncio

        self._session = session
        self._lock = asyncio.Lock()

    @property
    def wrapped(self) -> AsyncSession:
        return self._session

    def __getattr__(self, name: str):
        attr = getattr(self._session, name)
        if name not in self._SERIALISED:
            return attr

        async def run(*args, **kwargs):
            async with self._lock:
                return await attr(*args, **kwargs)

        async def serialised(*args, **kwargs):
            # A sibling field's error can cancel this resolver (a non-null root field failing
            # ends the whole operation): the statement in flight still finishes, so the
            # connection is never left in the middle of one.
            task = asyncio.ensure_future(run(*args, **kwargs))
            task.add_done_callback(_retrieve)
            return await asyncio.shield(task)

        return serialised

"""Publish/subscribe of case changes, for the live inbox subscription.

Within one process the broker hands each change to its subscribers' queues. With PostgreSQL,
every process runs a `PostgresRelay`: a change is sent as NOTIFY on one channel and each process
(the sender included) delivers what it hears to its own subscribers, so an officer connected to
one process sees a change made through another. Should the listening connection drop, changes
are delivered locally until it is back; once it is, it notifies every process (itself included)
that changes may have been missed — its own subscribers missed the others' changes, the others'
subscribers missed its own — and each delivers `ChangesMissed`, on which a subscriber counts
afresh. A process starting up does the same (its subscribers' counts are new anyway).

Subscribers get the changed case's tenant and unit paths and decide visibility themselves; the
notification carries nothing about petitioners.
"""
import asyncio
import contextlib
import json
import logging
from dataclasses import asdict, dataclass

log = logging.getLogger("lianchuang.events")

CHANNEL = "lianchuang_case_changed"
MISSED = "missed"  # the payload of `ChangesMissed` (a change's payload is a JSON object)


@dataclass(frozen=True)
class CaseChanged:
    tenant_id: int
    case_id: int
    unit_path: str
    handler_unit_path: str
    # An accusation's accused unit: subscribers in its subtree are not told of the change.
    accused_unit_path: str | None = None


@dataclass(frozen=True)
class ChangesMissed:
    """A process was not listening for a while (or has just started): changes made meanwhile may
    not have reached every subscriber. Carries nothing; a subscriber counts again under its own
    rights."""


Event = CaseChanged | ChangesMissed


class Broker:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[Event]] = set()
        self.relay: PostgresRelay | None = None

    def subscribe(self) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=100)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        self._queues.discard(queue)

    def publish(self, case) -> None:
        event = CaseChanged(
            case.tenant_id, case.id, case.unit_path, case.handler_unit_path, getattr(case, "accused_unit_path", None)
        )
        if self.relay is not None and self.relay.send(event):
            return
        self.deliver(event)

    def deliver(self, event: Event) -> None:
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()  # a slow subscriber only needs to know something changed
            queue.put_nowait(event)


class PostgresRelay:
    """LISTEN/NOTIFY between the processes that share one PostgreSQL database."""

    def __init__(self, broker: Broker, dsn: str, *, retry_seconds: float = 2.0) -> None:
        self.broker = broker
        self.dsn = dsn
        self.retry_seconds = retry_seconds
        self._connection = None  # asyncpg.Connection while listening
        self._outbox: asyncio.Queue[CaseChanged] = asyncio.Queue(maxsize=1000)
        self._task: asyncio.Task | None = None
        self._tried = asyncio.Event()  # the first connection attempt has succeeded or failed

    async def start(self) -> None:
        self.broker.relay = self
        self._task = asyncio.create_task(self._run(), name="lianchuang-events-relay")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._tried.wait(), timeout=5)

    async def stop(self) -> None:
        if self.broker.relay is self:
            self.broker.relay = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._close()

    def send(self, event: CaseChanged) -> bool:
        """Queue the change for NOTIFY; False when not listening (the caller delivers locally)."""
        if self._connection is None or self._outbox.full():
            return False
        self._outbox.put_nowait(event)
        return True

    def _heard(self, connection, pid, channel, payload: str) -> None:
        if payload == MISSED:
            self.broker.deliver(ChangesMissed())
            return
        try:
            event = CaseChanged(**json.loads(payload))
        except (TypeError, ValueError):
            log.warning("ignored a malformed notification on %s", channel)
            return
        self.broker.deliver(event)

    async def _run(self) -> None:
        import asyncpg

        while True:
            in_flight: CaseChanged | None = None
            try:
                self._connection = connection = await asyncpg.connect(self.dsn)
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._heard)
                self._tried.set()
                # Listening (again): tell every process, this one included, what it may have missed.
                await connection.execute("SELECT pg_notify($1, $2)", CHANNEL, MISSED)
                while (in_flight := await self._next_to_send(lost)) is not None:
                    await connection.execute("SELECT pg_notify($1, $2)", CHANNEL, json.dumps(asdict(in_flight)))
                    in_flight = None
                raise ConnectionError("the listening connection was closed")
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("event relay lost its PostgreSQL connection; retrying", exc_info=True)
                self._tried.set()
                await self._close()
                if in_flight is not None:
                    self.broker.deliver(in_flight)
                while not self._outbox.empty():
                    self.broker.deliver(self._outbox.get_nowait())
                await asyncio.sleep(self.retry_seconds)

    async def _next_to_send(self, lost: asyncio.Event) -> CaseChanged | None:
        """The next change to notify, or None once the connection is lost — noticed while idle
        too, not only when a NOTIFY fails."""
        if lost.is_set():
            return None
        taking = asyncio.ensure_future(self._outbox.get())
        losing = asyncio.ensure_future(lost.wait())
        try:
            await asyncio.wait({taking, losing}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            taking.cancel()
            raise
        finally:
            losing.cancel()
        if taking.done():
            return taking.result()
        taking.cancel()
        return None

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close(timeout=2)


def relay_dsn(database_url: str) -> str | None:
    """The asyncpg DSN of a PostgreSQL database URL; None for SQLite (one process, no relay)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return None
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


broker = Broker()

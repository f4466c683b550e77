"""In-process publish/subscribe of case changes, for the live inbox subscription.

One broker per process: a change made by another process reaches its own subscribers only
(deployments with several processes relay through PostgreSQL LISTEN/NOTIFY — not built yet).
Subscribers get the changed case's tenant and unit paths and decide visibility themselves.
"""
import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseChanged:
    tenant_id: int
    case_id: int
    unit_path: str
    handler_unit_path: str


class Broker:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[CaseChanged]] = set()

    def subscribe(self) -> asyncio.Queue[CaseChanged]:
        queue: asyncio.Queue[CaseChanged] = asyncio.Queue(maxsize=100)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[CaseChanged]) -> None:
        self._queues.discard(queue)

    def publish(self, case) -> None:  # noqa: ANN001
        event = CaseChanged(case.tenant_id, case.id, case.unit_path, case.handler_unit_path)
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()  # a slow subscriber only needs to know something changed
            queue.put_nowait(event)


broker = Broker()

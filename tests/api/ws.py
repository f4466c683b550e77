"""A graphql-transport-ws client that drives the ASGI app in the test's own event loop (the
app's sessions are bound to the test's transaction, so no second thread or loop may touch them)."""
import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

PROTOCOL = "graphql-transport-ws"


class Socket:
    def __init__(self) -> None:
        self.incoming: asyncio.Queue[dict] = asyncio.Queue()
        self.outgoing: asyncio.Queue[dict] = asyncio.Queue()

    async def send_json(self, message: dict) -> None:
        await self.incoming.put({"type": "websocket.receive", "text": json.dumps(message)})

    async def receive(self, timeout: float = 10) -> dict:
        """The next message the server sent (a JSON message, or the ASGI close/accept event)."""
        while True:
            event = await asyncio.wait_for(self.outgoing.get(), timeout)
            if event["type"] == "websocket.send":
                # The protocol's messages are text frames: the browser's graphql-ws client closes
                # the socket (4400 "Invalid message received") on a binary frame, so one is a failure.
                assert event.get("text") is not None, f"a binary WebSocket frame: {event.get('bytes')!r:.80}"
                return json.loads(event["text"])
            if event["type"] == "websocket.close":
                return {"type": "closed", "code": event.get("code")}

    async def subscribe(self, query: str, variables: dict | None = None, id: str = "1") -> None:
        await self.send_json({"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})


@contextlib.asynccontextmanager
async def websocket(app, cookies: dict[str, str] | None = None, path: str = "/graphql") -> AsyncIterator[Socket]:
    socket = Socket()
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    scope = {
        "type": "websocket", "asgi": {"version": "3.0"}, "path": path, "raw_path": path.encode(),
        "query_string": b"", "root_path": "", "scheme": "ws", "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000), "subprotocols": [PROTOCOL],
        "headers": [(b"host", b"testserver"), (b"sec-websocket-protocol", PROTOCOL.encode())]
        + ([(b"cookie", cookie.encode())] if cookie else []),
    }
    await socket.incoming.put({"type": "websocket.connect"})

    async def receive() -> dict:
        return await socket.incoming.get()

    async def send(message: dict) -> None:
        await socket.outgoing.put(message)

    task = asyncio.create_task(app(scope, receive, send))
    try:
        accepted = await asyncio.wait_for(socket.outgoing.get(), 10)
        assert accepted["type"] == "websocket.accept", accepted
        await socket.send_json({"type": "connection_init"})
        assert (await socket.receive())["type"] == "connection_ack"
        yield socket
    finally:
        await socket.incoming.put({"type": "websocket.disconnect", "code": 1000})
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 5)
        if not task.done():
            task.cancel()

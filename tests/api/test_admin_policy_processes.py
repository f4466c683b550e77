"""Several server processes over one database: a policy change made through one is enforced by
another without a restart; on PostgreSQL a live update made through one reaches a subscriber of
the other (LISTEN/NOTIFY); `serve --workers 2` runs two workers that share the sign-in sessions.

Real `lianchuang serve` processes share one database (a temporary SQLite file, or a fresh
PostgreSQL database on that backend) prepared with `lianchuang migrate` and `load-demo`.
"""
import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import websockets

from server.demo import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("lianchuang"))
LOGIN = 'mutation($u:String!,$p:String!){login(username:$u,password:$p){userErrors{code}}}'
UPDATE = """mutation($add:[PolicyRuleInput!],$remove:[PolicyRuleInput!]){
  updatePolicy(add:$add, remove:$remove){ userErrors{ code } } }"""
RULE = {"role": "village_clerk", "obj": "unit", "act": "read"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def servers(fresh_database_url, tmp_path):
    """Starts `lianchuang serve` processes (each with its extra arguments) over one fresh database."""
    url = await fresh_database_url()
    env = {**os.environ, "DATABASE_URL": url, "PWA_DIST": str(tmp_path / "no-pwa"), "ENVIRONMENT": "test"}
    for command in ("migrate", "load-demo"):
        subprocess.run([CLI, command], env=env, cwd=REPO, check=True, capture_output=True, timeout=300)
    processes: list[subprocess.Popen] = []

    async def start(*extra: list[str]) -> list[str]:
        bases = []
        for arguments in extra:
            port = _free_port()
            processes.append(subprocess.Popen(
                [CLI, "serve", "--port", str(port), *arguments], env=env, cwd=REPO,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))
            bases.append(f"http://127.0.0.1:{port}")
        await _healthy(bases)
        return bases

    start.url = url  # type: ignore[attr-defined]
    start.processes = processes  # type: ignore[attr-defined]
    try:
        yield start
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
async def two_servers(servers):
    return await servers([], [])


async def _healthy(bases: list[str]) -> None:
    async with httpx.AsyncClient() as probe:
        for base in bases:
            for _ in range(600):
                try:
                    if (await probe.get(base + "/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail(f"server at {base} did not start")


async def _signed_in(base: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30)
    body = (await client.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": DEMO_PASSWORD}})).json()
    assert body["data"]["login"]["userErrors"] == []
    return client


async def _units(client: httpx.AsyncClient) -> list:
    return (await client.post("/graphql", json={"query": "{ units { path } }"})).json()["data"]["units"]


async def test_a_policy_change_reaches_a_second_server_process(two_servers):
    first, second = two_servers
    operator = await _signed_in(first, "admin")
    clerk = await _signed_in(second, "t01v01")
    try:
        village = await _units(clerk)
        assert len(village) == 1

        body = (await operator.post("/graphql", json={"query": UPDATE, "variables": {"remove": [RULE]}})).json()
        assert body["data"]["updatePolicy"]["userErrors"] == []
        # The very next request to the other process is decided by the new policy: no polling
        # interval, no window in which a revoked permission still holds.
        assert await _units(clerk) == []

        body = (await operator.post("/graphql", json={"query": UPDATE, "variables": {"add": [RULE]}})).json()
        assert body["data"]["updatePolicy"]["userErrors"] == []
        assert await _units(clerk) == village
    finally:
        await operator.aclose()
        await clerk.aclose()


INBOX = "subscription { inboxChanged { toAccept } }"
REGISTER = """mutation($i: RegisterCaseInput!) { registerCase(input: $i) { case { id } userErrors { code } } }"""


async def _next_counts(socket) -> int:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
        if message["type"] == "next":
            return message["payload"]["data"]["inboxChanged"]["toAccept"]
        assert message["type"] not in ("error", "complete"), message


async def test_a_live_update_made_through_one_process_reaches_a_subscriber_of_another(servers):
    if not servers.url.startswith("postgresql"):
        pytest.skip("SQLite serves one process: live updates are relayed through PostgreSQL LISTEN/NOTIFY")
    first, second = await servers([], [])
    clerk = await _signed_in(first, "t01v01")
    township = await _signed_in(second, "t01_officer")
    try:
        cookie = "; ".join(f"{k}={v}" for k, v in township.cookies.items())
        async with websockets.connect(second.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
                                      additional_headers={"Cookie": cookie}) as socket:
            await socket.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await asyncio.wait_for(socket.recv(), timeout=20))["type"] == "connection_ack"
            await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": INBOX}}))
            before = await _next_counts(socket)
            village = (await clerk.post("/graphql", json={"query": "{ me { unit { id } } }"})).json()["data"]["me"]["unit"]["id"]
            body = (await clerk.post("/graphql", json={"query": REGISTER, "variables": {"i": {
                "unitId": village, "channel": "VISIT", "title": "跨进程的实时更新", "content": "邻里纠纷",
                "petitioners": [{"name": "张三", "phone": "13812341234"}]}}})).json()
            assert body["data"]["registerCase"]["userErrors"] == []
            # Registered through the other process; a recount on a relay's notice of possibly
            # missed changes (a process starting) may come first, with the same counts.
            while (after := await _next_counts(socket)) != before + 1:
                assert after == before
    finally:
        await clerk.aclose()
        await township.aclose()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


async def test_serve_workers_runs_that_many_processes_sharing_the_sessions(servers):
    (base,) = await servers(["--workers", "2"])
    supervisor = servers.processes[-1].pid
    workers = [p for p in _children(supervisor) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(workers) == 2
    officer = await _signed_in(base, "xfj_officer")  # signed in through one worker …
    try:
        for _ in range(8):  # … and recognised on new connections, whichever worker takes them
            async with httpx.AsyncClient(base_url=base, cookies=officer.cookies, timeout=30) as fresh:
                me = (await fresh.post("/graphql", json={"query": "{ me { username } }"})).json()
                assert me["data"]["me"]["username"] == "xfj_officer"
    finally:
        await officer.aclose()

"""A policy change made through one server process is enforced by another, without a restart.

Two real `lianchuang serve` processes share one database (a temporary SQLite file, or a fresh
PostgreSQL database on that backend) prepared with `lianchuang migrate` and `load-demo`.
"""
import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

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
async def two_servers(fresh_database_url, tmp_path):
    url = await fresh_database_url()
    env = {**os.environ, "DATABASE_URL": url, "POLICY_CHECK_SECONDS": "0.2",
           "PWA_DIST": str(tmp_path / "no-pwa"), "ENVIRONMENT": "test"}
    for command in ("migrate", "load-demo"):
        subprocess.run([CLI, command], env=env, cwd=REPO, check=True, capture_output=True, timeout=300)
    processes, bases = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(subprocess.Popen(
            [CLI, "serve", "--port", str(port)], env=env, cwd=REPO,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        async with httpx.AsyncClient() as probe:
            for base in bases:
                for _ in range(300):
                    try:
                        if (await probe.get(base + "/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
                else:
                    pytest.fail(f"server at {base} did not start")
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


async def _signed_in(base: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30)
    body = (await client.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": DEMO_PASSWORD}})).json()
    assert body["data"]["login"]["userErrors"] == []
    return client


async def _units(client: httpx.AsyncClient) -> list:
    return (await client.post("/graphql", json={"query": "{ units { path } }"})).json()["data"]["units"]


async def _until(check, expected) -> None:
    """Wait for the other process to pick the change up (it checks every 0.2 s)."""
    for _ in range(200):
        if await check() == expected:
            return
        await asyncio.sleep(0.1)
    assert await check() == expected


async def test_a_policy_change_reaches_a_second_server_process(two_servers):
    first, second = two_servers
    operator = await _signed_in(first, "admin")
    clerk = await _signed_in(second, "t01v01")
    try:
        village = await _units(clerk)
        assert len(village) == 1

        body = (await operator.post("/graphql", json={"query": UPDATE, "variables": {"remove": [RULE]}})).json()
        assert body["data"]["updatePolicy"]["userErrors"] == []
        await _until(lambda: _units(clerk), [])

        body = (await operator.post("/graphql", json={"query": UPDATE, "variables": {"add": [RULE]}})).json()
        assert body["data"]["updatePolicy"]["userErrors"] == []
        await _until(lambda: _units(clerk), village)
    finally:
        await operator.aclose()
        await clerk.aclose()

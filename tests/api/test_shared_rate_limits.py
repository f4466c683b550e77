"""Rate-limit budgets are shared by every process: two real server processes with the Redis
storage (RATE_LIMIT_STORAGE) allow one budget between them, not one each.

Runs a private redis-server on a free port when the binary is installed (else the one on
REDIS_URL, default 127.0.0.1:6379)."""
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
BUDGET = 6  # public look-ups per address and minute


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {process.stdout.read() if process.stdout else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        yield os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        return
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def two_servers(redis_url: str, tmp_path_factory) -> Iterator[list[str]]:
    database = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('shared') / 'lc.db'}"
    env = {**os.environ, "DATABASE_URL": database, "RATE_LIMIT_STORAGE": f"async+{redis_url}",
           "PUBLIC_RATE_PER_IP_PER_MINUTE": str(BUDGET), "TRUSTED_PROXIES": "127.0.0.1", "UPLOAD_PURGE_MINUTES": "0"}
    cli = [sys.executable, "-m", "lianchuang.cli"]
    subprocess.run([*cli, "migrate"], env=env, cwd=REPO, check=True, capture_output=True)
    processes, urls = [], []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                                       env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            processes.append(process)
            _wait_for(port, process, "lianchuang serve")
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


def test_two_processes_share_one_public_budget(two_servers: list[str]):
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"  # one citizen behind the proxy
    track = {"query": '{ trackCase(queryCode: "ABCDEFGHJKLM", phoneLast4: "1234") { status } }'}
    answers = []
    for attempt in range(2 * BUDGET):
        server = two_servers[attempt % 2]
        body = httpx.post(f"{server}/graphql", json=track, headers={"x-forwarded-for": address}, timeout=30).json()
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        answers.append(codes[0] if codes else "ANSWERED")
    # Per-process budgets would answer 2 × BUDGET times; the shared budget answers BUDGET times.
    assert answers == ["ANSWERED"] * BUDGET + ["RATE_LIMITED"] * BUDGET
    # Another citizen (another address) still has a budget of their own.
    other = httpx.post(f"{two_servers[0]}/graphql", json=track, headers={"x-forwarded-for": "192.0.2.77"}, timeout=30).json()
    assert "errors" not in other

"""`lianchuang bench`: generate a dataset and measure the case list over HTTP.

It wipes and rebuilds the database it is given (default: var/bench.db), loads the demo county,
adds `cases` generated cases with petitioners and timelines, starts the real server in a
subprocess, and drives the GraphQL case list with `clients` concurrent clients as a county
officer, a township officer and a village clerk. Latency is reported per viewer (p50/p95/p99)
with the throughput; a JSON copy goes to bench-results/.
"""
import asyncio
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time


import httpx
from sqlalchemy import insert, select

from server import migrate
from server.case import rules
from server.case.models import Case, CaseEvent, CaseStatus, Channel, Petitioner
from server.db import Database
from server.demo import GIVEN, MATTERS, SURNAMES
from server.settings import REPO_ROOT
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel

LIST_QUERY = """query($first:Int,$after:String){cases(first:$first,after:$after){
  edges{cursor node{id title status registeredAt dueAt deadlineState overdue unit{name} leader{displayName}}}
  pageInfo{hasNextPage endCursor}}}"""
VIEWERS = {"county": "xfj_officer", "township": "t01_officer", "village": "t01v01"}
# The county bureau's evaluation pages (target: each ≤ 300 ms for one county).
COUNTY_QUERIES = {
    "annual_review": """query($c:ID!,$y:Int!){annualReview(countyId:$c,year:$y,live:true){
      rows{unit{id name} score rank grade sanwu vetoed failedRules}}}""",
    "dashboard": """query($c:ID!,$y:Int!,$s:Date!,$e:Date!){sanwuTargets(countyId:$c,year:$y){tier actualPercent met scopeUnit{name}}
      standardRates(unitId:$c,start:$s,end:$e){rates{code percent}}}""",
}
BATCH = 5000


async def generate(url: str, cases: int) -> None:
    from server.cli import _ensure_sqlite_dir, prepare
    from server.demo import load_demo

    _ensure_sqlite_dir(url)
    await asyncio.to_thread(migrate.downgrade, url, "base")
    await prepare(url)
    database = Database(url)
    async with database.session() as session:
        await load_demo(session, cases_per_village=0)
        villages = list(await session.scalars(select(Unit).where(Unit.level == UnitLevel.VILLAGE)))
        next_id = 1
    rng = random.Random(1)
    settings = TenantSettings()
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    for start in range(0, cases, BATCH):
        case_rows, people, events = [], [], []
        for pk in range(next_id + start, next_id + min(start + BATCH, cases)):
            village = rng.choice(villages)
            registered = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
            accept_due = rules.accept_due_at(registered, settings)
            status = rng.choice(list(CaseStatus))
            title, content = rng.choice(MATTERS)
            case_rows.append({
                "id": pk, "tenant_id": village.tenant_id, "unit_id": village.id, "unit_path": village.path,
                "handler_unit_id": village.parent_id, "handler_unit_path": village.path.rsplit("/", 1)[0],
                "registered_by_unit_id": village.id,
                "query_code": rules.new_query_code(), "channel": rng.choice(list(Channel)), "title": title,
                "content": content, "headcount": 1, "status": status, "registered_at": registered,
                "accept_due_at": accept_due,
                "due_at": rules.running_deadline(status, accept_due, accept_due + dt.timedelta(days=60)),
                "version": 1,
            })
            people.append({
                "tenant_id": village.tenant_id, "case_id": pk, "position": 0,
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN), "phone": f"139{rng.randint(0, 99999999):08d}",
            })
            events.append({"tenant_id": village.tenant_id, "case_id": pk, "kind": "REGISTERED", "at": registered})
        async with database.session() as session:
            await session.execute(insert(Case), case_rows)
            await session.execute(insert(Petitioner), people)
            await session.execute(insert(CaseEvent), events)
            await session.commit()
        print(f"\r  generated {min(start + BATCH, cases):,} / {cases:,} cases", end="", flush=True)
    if url.startswith("postgresql"):
        async with database.engine.connect() as conn:
            await conn.exec_driver_sql("COMMIT")
            await conn.exec_driver_sql("ANALYZE")
            await conn.exec_driver_sql("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))")
    print(f"  ({time.perf_counter() - started:.1f} s)")
    await database.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _wait_healthy(base: str, process: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            try:
                if (await http.get(base + "/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def _sessions(url: str) -> dict[str, str]:
    """A signed-in session per viewer, opened in the database (the sign-in itself is not measured)."""
    from server.auth.models import User
    from server.auth.service import start_session
    from server.settings import Settings

    database = Database(url)
    tokens = {}
    async with database.session() as session:
        for viewer, username in VIEWERS.items():
            user = await session.scalar(select(User).where(User.username == username))
            tokens[viewer] = start_session(db_session=session, settings=Settings(), user=user)
        await session.commit()
    await database.dispose()
    return tokens


async def measure(base: str, clients: int, requests: int, tokens: dict[str, str]) -> dict:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    sessions = {
        viewer: httpx.AsyncClient(base_url=base, limits=limits, timeout=30, cookies={"lc_session": token})
        for viewer, token in tokens.items()
    }
    latencies: dict[str, list[float]] = {v: [] for v in VIEWERS}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(list(VIEWERS)[i % len(VIEWERS)])

    async def worker() -> None:
        while not queue.empty():
            viewer = queue.get_nowait()
            t = time.perf_counter()
            response = await sessions[viewer].post("/graphql", json={"query": LIST_QUERY, "variables": {"first": 20}})
            latencies[viewer].append((time.perf_counter() - t) * 1000)
            body = response.json()
            assert "errors" not in body and len(body["data"]["cases"]["edges"]) > 0, body

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    for http in sessions.values():
        await http.aclose()
    everything = [v for values in latencies.values() for v in values]
    report = {
        "requests": len(everything),
        "clients": clients,
        "throughput_rps": round(len(everything) / elapsed, 1),
        "all": _summary(everything),
        **{viewer: _summary(values) for viewer, values in latencies.items()},
    }
    return report


async def measure_county_pages(base: str, token: str, rounds: int) -> dict:
    """One client, one request at a time: the time the county bureau waits for each page."""
    async with httpx.AsyncClient(base_url=base, timeout=60, cookies={"lc_session": token}) as http:
        me = (await http.post("/graphql", json={"query": "{ me { unit { id } } }"})).json()
        county = me["data"]["me"]["unit"]["id"]
        year = dt.date.today().year
        variables = {"c": county, "y": year, "s": f"{year}-01-01", "e": f"{year}-12-31"}
        report = {}
        for name, query in COUNTY_QUERIES.items():
            used = {k: v for k, v in variables.items() if f"${k}" in query}
            times = []
            for _ in range(rounds + 2):
                t = time.perf_counter()
                body = (await http.post("/graphql", json={"query": query, "variables": used})).json()
                times.append((time.perf_counter() - t) * 1000)
                assert "errors" not in body, body
            report[name] = _summary(times[2:])  # the first two warm the caches
        return report


def _summary(values: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(_percentile(values, 95), 1),
        "p99_ms": round(_percentile(values, 99), 1),
    }


async def _serve_and_measure(target: str, url: str, clients: int, requests: int, tokens: dict[str, str]) -> dict:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": "benchmark", "SECRET_KEY": "bench"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        env=env, cwd=REPO_ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        await _wait_healthy(base, process)
        await measure(base, clients=min(clients, 8), requests=200, tokens=tokens)  # warm-up
        report = await measure(base, clients=clients, requests=requests, tokens=tokens)
        if target == "server.asgi:app":
            report["county_pages"] = await measure_county_pages(base, tokens["county"], rounds=20)
        return report
    finally:
        process.terminate()
        process.wait(timeout=10)


async def run(*, url: str | None, cases: int, clients: int, requests: int) -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or (url if url and "bench" in url else None) \
        or f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'bench.db'}"
    print(f"benchmark database: {url.split('@')[-1]}")
    print(f"generating the demo county and {cases:,} cases …")
    await generate(url, cases)
    report = {"cases": cases, "database": url.split("+")[0]}
    tokens = await _sessions(url)
    for name, target in (("graphql", "server.asgi:app"), ("baseline", "server.bench_baseline:app")):
        report[name] = await _serve_and_measure(target, url, clients, requests, tokens)
        r = report[name]
        print(f"\n{name}: case list (20 rows), {r['clients']} concurrent clients, {r['requests']} requests:")
        print(f"  throughput {r['throughput_rps']} req/s")
        for key in ("all", *VIEWERS):
            s = r[key]
            print(f"  {key:<9} p50 {s['p50_ms']:>7} ms   p95 {s['p95_ms']:>7} ms   p99 {s['p99_ms']:>7} ms")
        for page, s in r.get("county_pages", {}).items():
            print(f"  county {page} (one client, sequential): p50 {s['p50_ms']} ms   p95 {s['p95_ms']} ms")
    out = REPO_ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    target = out / f"case-list-{report['database']}-{cases}.json"
    target.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written to {target.relative_to(REPO_ROOT)}")


"""`lianchuang bench`: generate a dataset and measure the case list over HTTP with `wrk`.

It wipes and rebuilds the database it is given (default: var/bench.db; set BENCH_DATABASE_URL to a
PostgreSQL database it may wipe), loads the demo county (and with `--province` the real 安徽省 tree
with a tenant per county), adds `cases` generated cases spread over every village, then for each
worker count starts the real server (`lianchuang serve --workers N`) and the hand-written
Starlette+SQL endpoint (server/bench_baseline.py) one after the other and drives the same case
list (20 rows with unit, leader and deadline state; county officer, township officer and village
clerk in turn) with `wrk` at `clients` connections.

Before measuring it checks that both answer the same JSON for each viewer (the generated cases
include accusations hidden from the township and village viewers: bench_data.py). Reported per run:
throughput, latency p50/p95/p99, the server's CPU per request (user + system time of the server
process and its workers, read from /proc before and after), the CPU the rest of the machine used
meanwhile (other work on shared cores), and the ratios GraphQL / baseline. Then the county pages
and (with `--province`) the city and province rankings, one client, sequentially (40 timed
requests per county page, 10 and 5 per ranking: `PAGE_SAMPLES`). A JSON copy goes to
bench-results/.
"""
import asyncio
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from sqlalchemy import select

from server import bench_data, migrate
from server.dates import china_today
from server.db import Database
from server.settings import REPO_ROOT

LIST_QUERY = """query($first:Int,$after:String){cases(first:$first,after:$after){
  edges{cursor node{id title status registeredAt dueAt deadlineState overdue unit{name} leader{displayName}}}
  pageInfo{hasNextPage endCursor}}}"""
VIEWERS = {"county": "xfj_officer", "township": "t01_officer", "village": "t01v01"}
# The county bureau's evaluation pages (target: each ≤ 300 ms for one county).
COUNTY_QUERIES = {
    "annual_review": """query($c:ID!,$y:Int!){annualReview(countyId:$c,year:$y,live:true){
      rows{unit{id name} score rank grade sanwu vetoed failedRules}}}""",
    "dashboard": """query($c:ID!,$y:Int!,$s:Date!,$e:Date!){
      sanwuTargets(countyId:$c,year:$y){tier actualPercent met scopeUnit{name}}
      standardRates(unitId:$c,start:$s,end:$e){rates{code percent}}}""",
}
# The first page (100 rows) of each level: the whole ranking is computed to rank them.
PROVINCE_QUERY = """query($u:ID!,$y:Int!){unitRanking(unitId:$u,year:$y){
  level rows(first:100){totalCount edges{node{unit{name} rank sanwu score rates{code percent}}}}}}"""
CLK_TCK = os.sysconf("SC_CLK_TCK")
WRK_SCRIPT = """
local tokens = {%(tokens)s}
local body = %(body)s
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json",
    ["Cookie"] = "lc_session=" .. tokens[(i %% #tokens) + 1]}, body)
end
done = function(summary, latency, requests)
  io.write(string.format('WRK {"requests": %%d, "seconds": %%.3f, "non2xx": %%d, "errors": %%d, '
    .. '"p50_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass
class LoadRun:
    target: str
    workers: int
    clients: int
    requests: int
    seconds: float
    throughput_rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_ms_per_request: float
    server_cores_busy: float
    other_cores_busy: float  # the rest of the machine meanwhile (wrk, PostgreSQL, other work)
    load_average_before: float


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and every living descendant (uvicorn's workers)."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += times.get(current, 0.0)
        stack.extend(children.get(current, []))
    return total


def _machine_busy_seconds() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / CLK_TCK


async def _wait_healthy(base: str, process: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(1200):  # 2 minutes: several workers start slowly on a busy machine
            if process.poll() is not None:
                raise RuntimeError("the server exited during start-up (see var/bench-*.log)")
            try:
                if (await http.get(base + "/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


def _start(target: str, url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": "benchmark", "SECRET_KEY": "bench"}
    if target == "graphql":
        command = [sys.executable, "-m", "lianchuang.cli", "serve", "--port", str(port), "--workers", str(workers),
                   "--log-level", "warning"]
    else:
        command = [sys.executable, "-m", "uvicorn", "server.bench_baseline:app", "--port", str(port),
                   "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    # The server's own messages (a request cut off when wrk stops …) go to a file, not the report.
    (REPO_ROOT / "var").mkdir(exist_ok=True)
    log = open(REPO_ROOT / "var" / f"bench-{target}.log", "ab")
    return subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def _answers(base: str, tokens: dict[str, str]) -> dict[str, dict]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        out = {}
        for viewer, token in tokens.items():
            response = await http.post("/graphql", json={"query": LIST_QUERY, "variables": {"first": 20}},
                                       cookies={"lc_session": token})
            out[viewer] = response.json()
            # 20 rows, or all the viewer has (a village of the province tree holds cases / 18,734)
            assert "errors" not in out[viewer] and out[viewer]["data"]["cases"]["edges"], out[viewer]
        return out


def _wrk(base: str, tokens: dict[str, str], clients: int, seconds: int) -> dict:
    body = json.dumps({"query": LIST_QUERY, "variables": {"first": 20}})
    script = WRK_SCRIPT % {"tokens": ", ".join(json.dumps(t) for t in tokens.values()), "body": json.dumps(body)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        result = subprocess.run(
            ["wrk", "-t", "1", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s", "-s", f.name, base],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(f.name)
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRK "))
    return json.loads(line[4:])


async def _load(target: str, base: str, process: subprocess.Popen, tokens: dict[str, str], workers: int,
                clients: int, seconds: int) -> LoadRun:
    _wrk(base, tokens, min(clients, 8), 2)  # warm-up: connections, caches, every worker
    load_before = float(Path("/proc/loadavg").read_text().split()[0])
    cpu_before, busy_before, t0 = _tree_cpu_seconds(process.pid), _machine_busy_seconds(), time.monotonic()
    result = await asyncio.to_thread(_wrk, base, tokens, clients, seconds)
    cpu_after, busy_after, elapsed = _tree_cpu_seconds(process.pid), _machine_busy_seconds(), time.monotonic() - t0
    if result["non2xx"] or result["errors"]:
        raise RuntimeError(f"{target}: {result['non2xx']} non-2xx answers, {result['errors']} socket errors")
    server = cpu_after - cpu_before
    return LoadRun(
        target=target, workers=workers, clients=clients, requests=result["requests"], seconds=result["seconds"],
        throughput_rps=round(result["requests"] / result["seconds"], 1),
        p50_ms=round(result["p50_ms"], 1), p95_ms=round(result["p95_ms"], 1), p99_ms=round(result["p99_ms"], 1),
        server_cpu_ms_per_request=round(server * 1000 / max(result["requests"], 1), 2),
        server_cores_busy=round(server / elapsed, 2),
        other_cores_busy=round((busy_after - busy_before - server) / elapsed, 2),
        load_average_before=load_before,
    )


def _summary(values: list[float]) -> dict:
    """p50 and p95 (nearest rank) of the samples; below 20 samples the p95 is their maximum."""
    ordered = sorted(values)
    return {
        "samples": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 1),
        "max_ms": round(ordered[-1], 1),
    }


async def _timed(http: httpx.AsyncClient, query: str, variables: dict, rounds: int, warm: int = 2) -> dict:
    times = []
    for _ in range(rounds + warm):
        t = time.perf_counter()
        body = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
        times.append((time.perf_counter() - t) * 1000)
        assert "errors" not in body, body
    return _summary(times[warm:])  # the first ones warm the caches


# Timed requests per page after the warm-up ones: enough for the county pages' p95 to be more than
# their slowest sample (40: the 38th); the rankings take ~1.5–3 s each at 1 M cases, so fewer.
PAGE_SAMPLES = {"county": 40, "hf_reviewer": 10, "ah_reviewer": 5}


async def measure_pages(base: str, tokens: dict[str, str], province: bool, samples: dict[str, int] = PAGE_SAMPLES):
    """One client, one request at a time: how long a reviewer waits for each page (yields each)."""
    year = china_today().year
    async with httpx.AsyncClient(base_url=base, timeout=600, cookies={"lc_session": tokens["county"]}) as http:
        county = (await http.post("/graphql", json={"query": "{ me { unit { id } } }"})).json()["data"]["me"]["unit"]["id"]
        variables = {"c": county, "y": year, "s": f"{year}-01-01", "e": f"{year}-12-31"}
        for name, query in COUNTY_QUERIES.items():
            used = {k: v for k, v in variables.items() if f"${k}" in query}
            yield f"county_{name}", await _timed(http, query, used, samples["county"])
    if province:
        for name in ("hf_reviewer", "ah_reviewer"):
            async with httpx.AsyncClient(base_url=base, timeout=600, cookies={"lc_session": tokens[name]}) as http:
                unit = (await http.post("/graphql", json={"query": "{ me { unit { id } } }"})).json()["data"]["me"]["unit"]["id"]
                yield f"ranking_{name}", await _timed(http, PROVINCE_QUERY, {"u": unit, "y": year}, samples[name], warm=1)


async def _sessions(url: str, usernames: list[str]) -> dict[str, str]:
    """A signed-in session per viewer, opened in the database (the sign-in itself is not measured)."""
    from server.auth.models import User
    from server.auth.service import start_session
    from server.settings import Settings

    database = Database(url)
    tokens = {}
    async with database.session() as session:
        for username in usernames:
            user = await session.scalar(select(User).where(User.username == username))
            tokens[username] = start_session(db_session=session, settings=Settings(), user=user)
        await session.commit()
    await database.dispose()
    return tokens


async def generate(url: str, cases: int, province: bool) -> None:
    from server.demo import load_demo
    from server.migrate import ensure_sqlite_dir, prepare

    ensure_sqlite_dir(url)
    await asyncio.to_thread(migrate.downgrade, url, "base")
    await prepare(url)
    database = Database(url)
    async with database.session() as session:
        await load_demo(session, cases_per_village=0)
    if province:
        print(f"  安徽省: {await bench_data.load_province(database):,} units")
    await bench_data.generate_cases(database, cases)
    await database.dispose()


def _print_run(run: LoadRun) -> None:
    print(f"  {run.target:<8} {run.workers} worker(s): {run.throughput_rps:>7} req/s  p50 {run.p50_ms:>6} ms  "
          f"p95 {run.p95_ms:>6} ms  p99 {run.p99_ms:>6} ms  server CPU {run.server_cpu_ms_per_request:>5} ms/req  "
          f"(server {run.server_cores_busy} cores, rest of machine {run.other_cores_busy} cores, "
          f"load {run.load_average_before})")


async def run(*, url: str | None, cases: int, clients: int, seconds: int, workers: list[int], province: bool,
              keep: bool, list_only: bool = False) -> dict:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: `make bench` installs Debian's wrk (apt-get install wrk)")
    url = os.environ.get("BENCH_DATABASE_URL") or (url if url and "bench" in url else None) \
        or f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'bench.db'}"
    print(f"benchmark database: {url.split('@')[-1]}")
    if not keep:
        print(f"generating the demo county{' and 安徽省' if province else ''} and {cases:,} cases …")
        await generate(url, cases, province)
    usernames = list(VIEWERS.values()) + (list(bench_data.PROVINCE_REVIEWERS) if province else [])
    by_name = await _sessions(url, usernames)
    tokens = {viewer: by_name[name] for viewer, name in VIEWERS.items()}
    report: dict = {"cases": cases, "database": url.split("+")[0], "province": province, "clients": clients,
                    "cores": os.cpu_count(), "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "runs": []}
    for count in workers:
        answers = {}
        for target in ("graphql", "baseline"):
            port = _free_port()
            process = _start(target, url, port, count)
            base = f"http://127.0.0.1:{port}"
            try:
                await _wait_healthy(base, process)
                answers[target] = await _answers(base, tokens)
                load = await _load(target, base, process, tokens, count, clients, seconds)
                _print_run(load)
                report["runs"].append(asdict(load))
            finally:
                _stop(process)
        differ = [v for v in tokens if answers["graphql"][v] != answers["baseline"][v]]
        if differ:
            raise RuntimeError(f"the GraphQL case list and the baseline answered different JSON for {', '.join(differ)}")
        report["rows_per_page"] = {v: len(a["data"]["cases"]["edges"]) for v, a in answers["graphql"].items()}
        _write(report)
        g, b = report["runs"][-2], report["runs"][-1]
        ratio = {"workers": count, "throughput": round(g["throughput_rps"] / b["throughput_rps"], 2),
                 "cpu_per_request": round(g["server_cpu_ms_per_request"] / b["server_cpu_ms_per_request"], 2)}
        report.setdefault("ratios", []).append(ratio)
        print(f"  GraphQL / baseline at {count} worker(s): throughput {ratio['throughput']:.0%}, "
              f"CPU per request {ratio['cpu_per_request']}×  (same JSON for every viewer: checked)")
    if len(workers) > 1:
        one = {r["target"]: r for r in report["runs"] if r["workers"] == workers[0]}
        for r in report["runs"]:
            if r["workers"] != workers[0]:
                r["scale_vs_first"] = round(r["throughput_rps"] / one[r["target"]]["throughput_rps"], 2)
                print(f"  {r['target']} {r['workers']} workers / {workers[0]}: {r['scale_vs_first']}×")
    target = _write(report)
    if list_only:
        print(f"written to {target.relative_to(REPO_ROOT)}")
        return report
    # The pages last (one client, sequential): the province ranking can take long on a busy machine.
    port = _free_port()
    process = _start("graphql", url, port, 1)
    try:
        await _wait_healthy(f"http://127.0.0.1:{port}", process)
        report["pages"] = {}
        async for page, s in measure_pages(f"http://127.0.0.1:{port}", {**tokens, **by_name}, province):
            report["pages"][page] = s
            p95 = f"p95 {s['p95_ms']} ms" if s["samples"] >= 20 else f"p95 = max {s['max_ms']} ms"
            print(f"  {page} (one client, sequential, {s['samples']} samples): p50 {s['p50_ms']} ms   {p95}")
            _write(report)
    finally:
        _stop(process)
    print(f"written to {target.relative_to(REPO_ROOT)}")
    return report


def _write(report: dict) -> Path:
    out = REPO_ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    target = out / f"case-list-{report['database']}-{report['cases']}{'-province' if report['province'] else ''}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return target

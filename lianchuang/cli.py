"""`lianchuang` — the command line of the project."""
import argparse
import asyncio
import json
import sys

from server.migrate import prepare
from server.settings import REPO_ROOT, get_settings


def _url(args: argparse.Namespace) -> str:
    return args.database_url or get_settings().database_url


async def _load_demo(url: str) -> bool:
    from server.db import Database
    from server.demo import load_demo

    database = Database(url)
    async with database.session() as session:
        loaded = await load_demo(session)
    await database.dispose()
    return loaded


def cmd_migrate(args: argparse.Namespace) -> None:
    asyncio.run(prepare(_url(args)))
    print("database at head")


def cmd_downgrade(args: argparse.Namespace) -> None:
    from server import migrate

    migrate.downgrade(_url(args), args.revision)


def cmd_load_demo(args: argparse.Namespace) -> None:
    loaded = asyncio.run(_load_demo(_url(args)))
    print("demo county loaded" if loaded else "database not empty: demo not loaded")


def cmd_demo_users(args: argparse.Namespace) -> None:
    from server.demo import DEMO_PASSWORD, demo_accounts

    accounts = demo_accounts()
    if args.json:
        json.dump(
            [
                {
                    "username": a.username,
                    "password": DEMO_PASSWORD,
                    "displayName": a.display_name,
                    "unitPath": a.unit_path,
                    "unitLevel": str(a.unit_level),
                    "roles": [a.role],
                }
                for a in accounts
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return
    print(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    listed = ("t01_leader", "t01_officer", "t01v01", "t01v02", "t02_officer", "t02v01")
    shown = [a for a in accounts if not a.username.startswith("t") or a.username in listed]
    for a in shown:
        print(f"  {a.username:<14} {a.role:<18} {a.unit_path}")
    print(f"  … and {len(accounts) - len(shown)} more township and village accounts: `lianchuang demo-users --json`")


async def _purge_uploads(url: str) -> int:
    from server.attachment.store import purge_unlinked
    from server.db import Database

    database = Database(url)
    async with database.session() as session:
        removed = await purge_unlinked(db_session=session, settings=get_settings())
    await database.dispose()
    return removed


def cmd_purge_uploads(args: argparse.Namespace) -> None:
    print(f"removed {asyncio.run(_purge_uploads(_url(args)))} uploads never saved with a record")


def default_workers(production: bool) -> int:
    """One process per core in production (each runs one event loop on one core); one otherwise."""
    import os

    return (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1) if production else 1


def cmd_serve(args: argparse.Namespace) -> None:
    import os

    import uvicorn

    settings = get_settings()
    if args.database_url:
        settings = settings.model_copy(update={"database_url": args.database_url})
    workers = args.workers or default_workers(settings.production)
    # X-Forwarded-For is believed only from the configured reverse proxies (TRUSTED_PROXIES).
    options = {"host": args.host, "port": args.port, "log_level": args.log_level,
               "proxy_headers": bool(settings.trusted_proxies), "forwarded_allow_ips": settings.trusted_proxies or None,
               "access_log": args.log_level in ("debug", "info")}
    if workers == 1:
        from lianchuang.app import create_app

        uvicorn.run(create_app(settings), **options)
        return
    # Several processes share the port (each worker builds its own app from the environment):
    # see the README's production recipe for what they share and how.
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    uvicorn.run("lianchuang.asgi:app", workers=workers, **options)


def cmd_export_schema(args: argparse.Namespace) -> None:
    from schema import build_schema

    text = build_schema(get_settings()).as_str() + "\n"
    target = REPO_ROOT / "schema" / "schema.graphql"
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            sys.exit("schema/schema.graphql is out of date: run `lianchuang export-schema`")
        print("schema/schema.graphql is up to date")
        return
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(REPO_ROOT)}")


def cmd_bench(args: argparse.Namespace) -> None:
    from server.bench import run

    workers = [int(w) for w in args.workers.split(",")]
    asyncio.run(run(url=_url(args), cases=args.cases, clients=args.clients, seconds=args.seconds, workers=workers,
                    province=args.province, keep=args.keep, list_only=args.list_only))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="lianchuang", description="联创 — county petition work")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply migrations and the default policy").set_defaults(func=cmd_migrate)
    p = sub.add_parser("downgrade", help="migrate down (default: to base)")
    p.add_argument("revision", nargs="?", default="base")
    p.set_defaults(func=cmd_downgrade)
    sub.add_parser("load-demo", help="load the demo county into an empty database").set_defaults(func=cmd_load_demo)
    p = sub.add_parser("demo-users", help="list the demo accounts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo_users)
    sub.add_parser("purge-uploads", help="remove uploads never saved with a record").set_defaults(func=cmd_purge_uploads)
    p = sub.add_parser("serve", help="serve the API and the PWA")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: one per core when ENVIRONMENT=production, else one)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("export-schema", help="write schema/schema.graphql")
    p.add_argument("--check", action="store_true", help="fail if the file differs from the code")
    p.set_defaults(func=cmd_export_schema)
    p = sub.add_parser("bench", help="benchmark the case list (generates its own dataset)")
    p.add_argument("--cases", type=int, default=20000)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    p.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    p.add_argument("--province", action="store_true", help="add the real 安徽省 tree (119 counties) and time its ranking")
    p.add_argument("--keep", action="store_true", help="measure the existing benchmark database (no regeneration)")
    p.add_argument("--list-only", action="store_true", help="measure the case list only (not the county pages)")
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()

"""Run Alembic programmatically (the CLI, `make run` and the tests use this)."""
import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from server.settings import REPO_ROOT


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def ensure_sqlite_dir(url: str) -> None:
    """The folder of an SQLite file (e.g. var/) exists before the database is opened."""
    if url.startswith("sqlite") and ":///" in url:
        path = Path(url.split(":///", 1)[1])
        if str(path) not in ("", ":memory:"):
            path.parent.mkdir(parents=True, exist_ok=True)


async def prepare(url: str) -> None:
    """Migrate to head (the migrations also write the authorisation policy)."""
    ensure_sqlite_dir(url)
    await asyncio.to_thread(upgrade, url)

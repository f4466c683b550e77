"""Process settings, read from the environment (and `.env`).

Tenant-level settings (deadline lengths, calendar mode, cadences) live in the database;
these are the knobs of one server process.
"""
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'lianchuang.db'}"
    environment: str = "development"  # "production" turns GraphiQL off and cookies Secure
    secret_key: str = "dev-only-change-me"
    pwa_dist: Path = REPO_ROOT / "pwa" / "dist"
    sql_echo: bool = False

    session_cookie: str = "lc_session"
    session_days: int = 7

    # Slowing down password guessing (登录失败锁定).
    login_max_failures: int = 5
    login_lock_minutes: int = 15

    # GraphQL limits.
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 4000
    graphql_max_body_bytes: int = 1_000_000
    page_size_default: int = 20
    page_size_max: int = 100

    @property
    def production(self) -> bool:
        return self.environment == "production"


@lru_cache
def get_settings() -> Settings:
    return Settings()

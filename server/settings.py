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

    # GraphQL limits.
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 4000
    graphql_max_body_bytes: int = 1_000_000
    # Automatic persisted queries remembered per process (0 turns them off).
    graphql_persisted_queries: int = 2000
    page_size_default: int = 20
    page_size_max: int = 100
    # The most cases one ledger export (信访事项台账, XLSX) holds; a filter selecting more is
    # refused with a request to narrow it (the sheet is built in memory).
    case_export_max_rows: int = 50_000

    # Public operations (query code look-ups, ratings, online submissions).
    public_rate_per_ip_per_minute: int = 20
    public_rate_per_code_per_hour: int = 10
    public_submissions_per_ip_per_hour: int = 10
    public_base_url: str = "http://127.0.0.1:8000"  # printed in QR codes on reply letters
    # Citizens' photos and scans for an online petition (POST /public/attachments): files per
    # address and hour, files per petition, and how long an upload's signed token stays valid.
    public_uploads_per_ip_per_hour: int = 30
    public_uploads_per_petition: int = 6
    public_upload_token_minutes: int = 360

    # Attachments (photos from the phone camera, scanned letters).
    attachment_dir: Path = REPO_ROOT / "var" / "attachments"
    attachment_max_mb: int = 10
    # Files uploaded but never saved with a record are removed: an official's after this many days
    # (a phone may keep a case in its outbox for a while), a citizen's once its token has expired.
    # Every process checks every `upload_purge_minutes` (0: only `lianchuang purge-uploads`).
    unlinked_upload_days: int = 30
    upload_purge_minutes: int = 60

    # How often each process checks whether a year's holidays were entered (seconds).
    calendar_check_seconds: float = 5.0
    # Administration (the authorisation policy is checked on every signed-in request, no setting):
    # the largest unit / account sheet accepted; the password policy of accounts outside any
    # county (platform operators — county accounts follow their tenant's settings).
    import_max_bytes: int = 5_000_000
    password_min_length: int = 12
    password_min_classes: int = 3

    # Protections (server/security/): GraphQL introspection and "did you mean" suggestions
    # (default: on outside production, off in production); the estimated cost of one operation
    # (fields resolved, each multiplied by the page sizes above it); rate-limit storage shared by
    # every process ("memory://" is per process; e.g. "async+redis://127.0.0.1:6379/0" in
    # production); the addresses of reverse proxies whose X-Forwarded-For is believed
    # (comma-separated IPs or networks; none: the connecting address is the client's).
    graphql_introspection: bool | None = None
    graphql_max_cost: int = 5000
    rate_limit_storage: str = "memory://"
    trusted_proxies: str = ""
    # Sign-in throttling (OWASP ASVS 2.2): failed attempts allowed per address and per (address,
    # account) in a window before each further attempt waits, the wait doubling up to the most.
    login_free_attempts_per_ip: int = 30
    login_free_attempts_per_account: int = 5
    login_window_minutes: int = 15
    login_max_delay_seconds: int = 300

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def introspection(self) -> bool:
        return (not self.production) if self.graphql_introspection is None else self.graphql_introspection


@lru_cache
def get_settings() -> Settings:
    return Settings()

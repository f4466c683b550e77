"""Rate limits and sign-in throttling, with budgets shared by every process.

Built on the maintained `limits` library (moving windows). The storage is a setting,
RATE_LIMIT_STORAGE: "memory://" (the embedded default: one process) or a shared store such as
"async+redis://host:6379/0" in production, so that N processes allow one budget, not N.
"""
import time

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from server.errors import RATE_LIMITED, DomainError


def _async_uri(uri: str) -> str:
    return uri if uri.startswith("async+") else f"async+{uri}"


class RateLimiter:
    def __init__(self, uri: str = "memory://") -> None:
        self.configure(uri)

    def configure(self, uri: str) -> None:
        self.uri = _async_uri(uri)
        storage = storage_from_string(self.uri)
        assert isinstance(storage, Storage)
        self.storage: Storage = storage
        self._window = MovingWindowRateLimiter(self.storage)

    async def hit(self, scope: str, key: str, *, limit: int, window_seconds: int) -> None:
        """Count one attempt; refuse when `limit` attempts were made within the window."""
        item = RateLimitItemPerSecond(limit, int(window_seconds))
        if not await self._window.hit(item, scope, key):
            raise DomainError(RATE_LIMITED)

    # --- growing delays (sign-in): counters and waits kept in the same storage ---------------

    async def failures(self, key: str) -> int:
        return int(await self.storage.get(f"lc-fail/{key}") or 0)

    async def add_failure(self, key: str, window_seconds: int) -> int:
        return int(await self.storage.incr(f"lc-fail/{key}", int(window_seconds)))

    async def clear_failures(self, key: str) -> None:
        await self.storage.clear(f"lc-fail/{key}")
        await self.storage.clear(f"lc-wait/{key}")

    async def wait(self, key: str, seconds: int) -> None:
        """No attempt for `key` during the next `seconds`."""
        await self.storage.clear(f"lc-wait/{key}")
        await self.storage.incr(f"lc-wait/{key}", max(1, int(seconds)))

    async def waiting(self, key: str) -> int:
        """Seconds before `key` may try again (0: now)."""
        if not await self.storage.get(f"lc-wait/{key}"):
            return 0
        return max(1, int(await self.storage.get_expiry(f"lc-wait/{key}") - time.time() + 0.999))

    def reset(self) -> None:
        """Forget everything (tests; memory storage only — a shared store is left alone)."""
        if isinstance(self.storage, MemoryStorage):
            self.configure(self.uri)


limiter = RateLimiter()

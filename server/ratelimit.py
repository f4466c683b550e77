"""Sliding-window rate limits for the public (no sign-in) operations.

In memory, per process: behind several processes each allows its own budget, which still
bounds guessing to a few attempts a minute per address and per query code.
"""
import time
from collections import deque

from server.errors import RATE_LIMITED, DomainError


class RateLimiter:
    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], deque[float]] = {}

    def hit(self, scope: str, key: str, *, limit: int, window_seconds: float) -> None:
        """Count one attempt; refuse when `limit` attempts were made within the window."""
        now = time.monotonic()
        hits = self._hits.setdefault((scope, key), deque())
        while hits and now - hits[0] > window_seconds:
            hits.popleft()
        if len(hits) >= limit:
            raise DomainError(RATE_LIMITED)
        hits.append(now)
        if len(self._hits) > 100_000:  # forget idle keys rather than grow without bound
            self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] <= window_seconds}

    def reset(self) -> None:
        self._hits.clear()


limiter = RateLimiter()

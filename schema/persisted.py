"""Automatic persisted queries (the Apollo APQ protocol), so that phones on a weak signal send a
64-character hash instead of the query text.

A request whose `extensions.persistedQuery` is `{"version": 1, "sha256Hash": h}`:
- with a `query`: the hash must be the query's SHA-256; the query is remembered under it;
- without one: the remembered query is used, or the answer is the error
  `PERSISTED_QUERY_NOT_FOUND`, and the client sends the query with its hash again.
The store is a bounded LRU per process: a process that has not seen a query yet simply asks for it.
Remembering a query grants nothing — it is parsed, validated and authorised on every request.
"""
import hashlib
import re
from collections import OrderedDict
from typing import Any

from server.errors import BAD_USER_INPUT, PERSISTED_QUERY_NOT_FOUND, DomainError

_HASH = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueries:
    def __init__(self, size: int) -> None:
        self.size = size
        self._queries: OrderedDict[str, str] = OrderedDict()

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str | None:
        """The query to execute; raises DomainError for a bad or unknown hash."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None or self.size <= 0:
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise DomainError(BAD_USER_INPUT, "error.PERSISTED_QUERY_INVALID")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _HASH.match(digest):
            raise DomainError(BAD_USER_INPUT, "error.PERSISTED_QUERY_INVALID")
        if query is not None:
            if hashlib.sha256(query.encode()).hexdigest() != digest:
                raise DomainError(BAD_USER_INPUT, "error.PERSISTED_QUERY_INVALID")
            self._remember(digest, query)
            return query
        known = self._queries.get(digest)
        if known is None:
            raise DomainError(PERSISTED_QUERY_NOT_FOUND, "error.PERSISTED_QUERY_NOT_FOUND")
        self._queries.move_to_end(digest)
        return known

    def _remember(self, digest: str, query: str) -> None:
        self._queries[digest] = query
        self._queries.move_to_end(digest)
        while len(self._queries) > self.size:
            self._queries.popitem(last=False)

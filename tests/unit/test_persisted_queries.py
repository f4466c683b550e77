"""The persisted-query store: hash checked, bounded, least recently used forgotten first."""
import hashlib

import pytest

from schema.persisted import PersistedQueries
from server.errors import DomainError


def _ext(query: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}


def test_a_remembered_query_comes_back_by_its_hash() -> None:
    store = PersistedQueries(10)
    assert store.resolve("{ a }", _ext("{ a }")) == "{ a }"
    assert store.resolve(None, _ext("{ a }")) == "{ a }"


def test_the_least_recently_used_query_is_forgotten_first() -> None:
    store = PersistedQueries(2)
    for query in ("{ a }", "{ b }"):
        store.resolve(query, _ext(query))
    store.resolve(None, _ext("{ a }"))  # used: b is now the oldest
    store.resolve("{ c }", _ext("{ c }"))
    assert store.resolve(None, _ext("{ a }")) == "{ a }"
    with pytest.raises(DomainError) as forgotten:
        store.resolve(None, _ext("{ b }"))
    assert forgotten.value.code == "PERSISTED_QUERY_NOT_FOUND"


def test_requests_without_the_extension_pass_through_and_size_zero_turns_it_off() -> None:
    assert PersistedQueries(10).resolve("{ a }", None) == "{ a }"
    assert PersistedQueries(0).resolve("{ a }", {"persistedQuery": {"version": 1}}) == "{ a }"


@pytest.mark.parametrize("extension", [{"version": 2, "sha256Hash": "0" * 64}, {"version": 1, "sha256Hash": "xyz"}, "v1"])
def test_a_malformed_extension_is_refused(extension) -> None:
    with pytest.raises(DomainError) as refused:
        PersistedQueries(10).resolve(None, {"persistedQuery": extension})
    assert refused.value.code == "BAD_USER_INPUT"

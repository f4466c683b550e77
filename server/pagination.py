"""The one pagination helper: opaque keyset cursors over (sort value, id)."""
import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from server.errors import DomainError
from server.settings import Settings

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool


def encode_cursor(sort_value: dt.datetime, pk: int) -> str:
    raw = json.dumps([sort_value.isoformat(), pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        if len(cursor) > 200:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        return dt.datetime.fromisoformat(value), int(pk)
    except (ValueError, TypeError):
        raise DomainError("INVALID_CURSOR", field=["after"]) from None


def page_size(first: int | None, settings: Settings) -> int:
    if first is None:
        return settings.page_size_default
    if first < 0 or first > settings.page_size_max:
        raise DomainError("OUT_OF_RANGE", field=["first"], min=0, max=settings.page_size_max)
    return first

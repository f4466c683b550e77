"""The one pagination helper: opaque keyset cursors over (sort value, id), newest first.

Every list of the API is a page of one query ordered by a sort column and the primary key, both
descending (newest first) or both ascending (e.g. accounts by unit path); the cursor of a row is its
(sort value, id), so a page never skips or repeats a row when rows are added meanwhile, and no list
is ever cut silently: `has_next_page` says there is more.

One list is not a query: the province ranking is computed in memory (every unit must be ranked to
rank any), so `list_page` pages that list by the same rules — a cursor is a row's (sort value, id)
encoded the same way, `after` resumes after it, `first` is bounded by the same settings.
"""
import base64
import binascii
import bisect
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import DomainError
from server.settings import Settings

T = TypeVar("T")
SortValue = dt.datetime | dt.date | str | int


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encode_cursor(sort_value: SortValue, pk: int) -> str:
    if isinstance(sort_value, str | int):
        raw = json.dumps([sort_value, pk], separators=(",", ":"))
    else:
        # An ISO date or time has nothing JSON escapes: written as json.dumps writes it, without
        # its call (a page encodes a cursor per row).
        raw = f'["{sort_value.isoformat()}",{int(pk)}]'
    # base64.urlsafe_b64encode, inlined: the same bytes.
    return binascii.b2a_base64(raw.encode(), newline=False).translate(_URLSAFE).decode().rstrip("=")


def decode_cursor(cursor: str, kind: type[SortValue] = dt.datetime) -> tuple[Any, int]:
    """The (sort value, id) of a cursor; `kind` is the sort column's type (an aware datetime, a
    date, a string or an int). Anything else is a translated INVALID_CURSOR on `after`."""
    try:
        if len(cursor) > 200:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        if kind is str:
            if not isinstance(value, str):
                raise ValueError
            parsed: SortValue = value
        elif kind is int:
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError
            parsed = value
        elif kind is dt.date:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            parsed = dt.date.fromisoformat(value)
        else:
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError
        return parsed, int(pk)
    except (ValueError, TypeError):
        raise DomainError("INVALID_CURSOR", field=["after"]) from None


def page_size(first: int | None, settings: Settings) -> int:
    if first is None:
        return settings.page_size_default
    if first < 0 or first > settings.page_size_max:
        raise DomainError("OUT_OF_RANGE", field=["first"], min=0, max=settings.page_size_max)
    return first


async def keyset_page(
    *, db_session: AsyncSession, query: Select, sort: Any, pk: Any, first: int, after: str | None,
    kind: type[SortValue] = dt.datetime, descending: bool = True,
    key: Callable[[Any], tuple[SortValue, int]] | None = None,
) -> Page:
    """One page of `query` (selecting one entity), ordered by `sort` then `pk` (both descending, or
    both ascending), after the row the cursor `after` names. `kind` is the type of `sort` (datetime,
    date or str); `key` gives a row's (sort value, id) when `sort` is not a column of the entity
    itself (e.g. the path of a joined unit), else they are read from the row."""
    if after:
        value, last = decode_cursor(after, kind)
        if descending:
            query = query.where(or_(sort < value, and_(sort == value, pk < last)))
        else:
            query = query.where(or_(sort > value, and_(sort == value, pk > last)))
    order = (sort.desc(), pk.desc()) if descending else (sort.asc(), pk.asc())
    rows = list(await db_session.scalars(query.order_by(*order).limit(first + 1)))
    items = rows[:first]
    key = key or (lambda r: (getattr(r, sort.key), getattr(r, pk.key)))
    return Page(items=items, cursors=[encode_cursor(*key(r)) for r in items], has_next_page=len(rows) > first)


def list_page(
    *, items: Sequence[T], key: Callable[[T], tuple[Any, int]], first: int, after: str | None,
    kind: type[SortValue] = int,
) -> Page[T]:
    """One page of a list already computed in memory and ordered ascending by `key` (a row's sort
    value of type `kind`, then id), after the row the cursor `after` names — as `keyset_page` pages
    a query, and as it, resuming after that key even if the row itself has gone meanwhile."""
    start = 0
    if after:
        start = bisect.bisect_right(items, decode_cursor(after, kind), key=key)
    page = list(items[start:start + first])
    return Page(items=page, cursors=[encode_cursor(*key(r)) for r in page], has_next_page=start + first < len(items))


async def count(*, db_session: AsyncSession, query: Select) -> int:
    """How many rows `query` selects (a connection's totalCount, counted only when asked)."""
    return await db_session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0

"""The case list's lean read: one page of any case query (the list, an inbox task) as columns.

The query is the one the service built (`service.filtered_query`, `inbox.task_query`): the same
tenant, subtree and accusation filters, so the same rows; only the columns differ. The page asks
for the columns the client selected, with the unit (属地) and the 包案 leader joined in the same
statement, and returns rows instead of ORM objects (no identity map, no per-field loaders).
"""
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Row, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.auth.models import User
from server.case.models import Case
from server.pagination import Page, decode_cursor, encode_cursor
from server.unit.models import Unit

# Built once: an alias adapts its columns on first use, which costs more than the query itself.
_UNIT = aliased(Unit, name="listed_unit")
_LEADER = aliased(User, name="listed_leader")
_UNIT_SELECT = tuple(getattr(_UNIT, c).label(f"unit_{c}") for c in ("id", "name", "level", "path"))
_LEADER_SELECT = tuple(getattr(_LEADER, c).label(f"leader_{c}") for c in ("id", "username", "display_name"))
_UNIT_JOIN = _UNIT.id == Case.unit_id
_LEADER_JOIN = _LEADER.id == Case.leader_id
_ORDER = (Case.registered_at.desc(), Case.id.desc())

# The same statement in SQLAlchemy Core (tables, not mapped classes): the session then executes
# it without the ORM's result processing, which costs more than building the rows themselves.
_CASES = Case.__table__
_UNITS = Unit.__table__.alias("listed_unit")
_LEADERS = User.__table__.alias("listed_leader")
# Their ids are the case's own unit_id and leader_id (the join's condition): not selected twice.
_CORE_UNIT = tuple(_UNITS.c[c].label(f"unit_{c}") for c in ("name", "level", "path"))
_CORE_LEADER = tuple(_LEADERS.c[c].label(f"leader_{c}") for c in ("username", "display_name"))
_CORE_ORDER = (_CASES.c.registered_at.desc(), _CASES.c.id.desc())

# What every listed row carries: the keyset and the values the computed fields read.
ALWAYS = ("id", "registered_at", "due_at", "unit_id", "leader_id")


@dataclass(frozen=True)
class Columns:
    """What one page needs: case columns by attribute name, and whether to join unit and leader."""

    case: tuple[str, ...]
    unit: bool
    leader: bool


def listable(names: Iterable[str]) -> bool:
    """Are these Case attributes plain columns (the only ones the lean read can give)?"""
    return all(name in Case.__table__.columns and not name.startswith("_") for name in names)


@functools.lru_cache(maxsize=512)
def _lean(query: Select, columns: Columns) -> Select:
    """The query with only these columns, unit and leader joined, newest first. Remembered per
    (query, columns): the service hands out the same query object for the same viewer's scopes."""
    names = dict.fromkeys((*ALWAYS, *columns.case))
    if query.get_final_froms() == [_CASES] and query.whereclause is not None:
        # Only the cases table and a condition: the same statement over the tables.
        core = select(*(_CASES.c[name] for name in names)).where(query.whereclause)
        if columns.unit:
            core = core.join(_UNITS, _UNITS.c.id == _CASES.c.unit_id).add_columns(*_CORE_UNIT)
        if columns.leader:
            core = core.outerjoin(_LEADERS, _LEADERS.c.id == _CASES.c.leader_id).add_columns(*_CORE_LEADER)
        return core.order_by(*_CORE_ORDER)
    selected = [getattr(Case, name) for name in names]
    query = query.with_only_columns(*selected, maintain_column_froms=True)
    if columns.unit:
        query = query.join(_UNIT, _UNIT_JOIN).add_columns(*_UNIT_SELECT)
    if columns.leader:
        query = query.outerjoin(_LEADER, _LEADER_JOIN).add_columns(*_LEADER_SELECT)
    return query.order_by(*_ORDER)


@functools.lru_cache(maxsize=512)
def _first_page(query: Select, columns: Columns, limit: int) -> Select:
    """The first page's statement, remembered like `_lean`: the same object for the same viewer,
    so SQLAlchemy's cache key of it is computed once, not on every request."""
    return _lean(query, columns).limit(limit)


async def page_rows(*, db_session: AsyncSession, query: Select, columns: Columns, first: int,
                    after: str | None) -> Page[Row]:
    """One page, newest first, as rows: `row.<column>` for the case's columns, `row.unit_<column>`
    and `row.leader_<column>` (None when the case has no leader) when asked for."""
    if after:
        at, pk = decode_cursor(after)
        query = _lean(query, columns).where(
            or_(_CASES.c.registered_at < at, and_(_CASES.c.registered_at == at, _CASES.c.id < pk)))
        query = query.limit(first + 1)
    else:
        query = _first_page(query, columns, first + 1)
    rows = (await db_session.execute(query)).all()
    items = rows[:first]
    return Page(items=items, cursors=[encode_cursor(r.registered_at, r.id) for r in items], has_next_page=len(rows) > first)

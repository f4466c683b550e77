"""Planning a unit import: the sheet's units against the units already there.

Two modes say what the sheet means (``Mode``):

- **MERGE** (the default): the sheet adds and updates. New units are added, renamed ones renamed,
  retired ones that reappear restored; a unit the sheet leaves out is left alone — nothing is ever
  retired. A village or a township may name a parent that already exists in the system.
- **REPLACE**: the sheet is the full list of a *scope* — the whole county, or one township and its
  villages. Units of the scope missing from it are retired (never deleted, so history keeps their
  names), and a village that disappears from one township and appears (same name, unambiguous)
  under another is *moved*: it keeps its identity and history, its path changes. Rows outside the
  scope are errors. Retirements come first in the plan, so a preview shows them first; applying
  them needs their number typed back (``server.admin.unit_import.apply_unit_import``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from server.admin.importer.codes import parse_codes
from server.admin.importer.layouts import (
    CODE_HEADERS,
    LEVEL_HEADERS,
    NAME_HEADERS,
    PARENT_HEADERS,
    County,
    ExistingUnit,
    Layout,
    SheetUnit,
)
from server.admin.importer.names import parse_names
from server.admin.importer.sheet import RowError, columns
from server.unit.models import UnitLevel, is_under


class Mode(StrEnum):
    MERGE = "MERGE"
    REPLACE = "REPLACE"


class ChangeKind(StrEnum):
    ADD = "ADD"
    RENAME = "RENAME"
    MOVE = "MOVE"
    RETIRE = "RETIRE"
    RESTORE = "RESTORE"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    level: UnitLevel
    path: str  # the unit's path before the change (its new path for ADD)
    name: str
    line: int | None = None
    new_path: str | None = None  # MOVE
    old_name: str | None = None  # RENAME / RESTORE with a new name
    unit_id: int | None = None
    parent_path: str | None = None


@dataclass
class Plan:
    layout: Layout | None
    mode: Mode = Mode.MERGE
    scope: str | None = None  # REPLACE: the path whose full list the sheet is
    rows: int = 0
    skipped: int = 0  # rows of other counties (statistical layout)
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        counter = Counter(c.kind for c in self.changes)
        return {kind.value: counter.get(kind, 0) for kind in ChangeKind}

    @property
    def ok(self) -> bool:
        return not self.errors



def plan(
    rows: list[list[str]], county: County, existing: list[ExistingUnit], *, mode: Mode = Mode.MERGE,
    scope: str | None = None,
) -> Plan:
    """What importing these rows into this county would add, rename, move, retire or restore.

    `existing` are the county's townships and villages, retired ones included. `mode` MERGE adds
    and updates only; REPLACE treats the sheet as the full list of `scope` (the county's path,
    the default, or one township's) and retires what it leaves out.
    """
    scope = scope or county.path
    result = Plan(layout=None, mode=mode, scope=scope if mode == Mode.REPLACE else None)
    if not rows:
        result.errors.append(RowError(0, "EMPTY_FILE"))
        return result
    header = rows[0]
    cols = columns(header, {"code": CODE_HEADERS, "name": NAME_HEADERS, "level": LEVEL_HEADERS, "parent": PARENT_HEADERS})
    if "name" not in cols:
        result.errors.append(RowError(1, "UNKNOWN_LAYOUT"))
        return result
    skipped = 0
    if "parent" in cols:
        layout = Layout.NAMES
        wanted, errors = parse_names(rows, county, cols, existing)
    elif "code" in cols:
        layout = Layout.CODES
        wanted, errors, skipped = parse_codes(rows, county, cols, existing)
    else:
        result.errors.append(RowError(1, "UNKNOWN_LAYOUT"))
        return result
    result.layout, result.skipped, result.errors = layout, skipped, errors
    result.rows = sum(1 for r in rows[1:] if any(r))
    if mode == Mode.REPLACE and scope != county.path:
        # A township's full list: the township itself and its villages, nothing else.
        for unit in wanted:
            if unit.path != scope and unit.parent_path != scope:
                result.errors.append(RowError(unit.line, "OUTSIDE_SCOPE", "name", {"value": unit.name}))
    if result.errors:
        return result
    if not wanted:
        result.errors.append(RowError(0, "NO_UNITS"))
        return result
    result.changes, result.unchanged = diff(wanted, existing, mode=mode, scope=scope)
    return result


def diff(
    wanted: list[SheetUnit], existing: list[ExistingUnit], *, mode: Mode = Mode.MERGE, scope: str = ""
) -> tuple[list[Change], int]:
    by_path = {u.path: u for u in existing}
    wanted_paths = {w.path for w in wanted}
    changes: list[Change] = []
    unchanged = 0
    new: list[SheetUnit] = []
    for w in wanted:
        old = by_path.get(w.path)
        if old is None:
            new.append(w)
        elif old.retired:
            changes.append(Change(ChangeKind.RESTORE, w.level, w.path, w.name, w.line,
                                  old_name=old.name if old.name != w.name else None, unit_id=old.id))
        elif old.name != w.name:
            changes.append(Change(ChangeKind.RENAME, w.level, w.path, w.name, w.line, old_name=old.name, unit_id=old.id))
        else:
            unchanged += 1
    # REPLACE: active units of the scope the sheet no longer has are retired, unless a village just
    # moved elsewhere. MERGE retires nothing and moves nothing.
    gone = []
    if mode == Mode.REPLACE:
        gone = [u for u in existing if not u.retired and u.path not in wanted_paths
                and u.path != scope and is_under(u.path, scope)]
    gone_villages: dict[str, list[ExistingUnit]] = {}
    for u in gone:
        if u.level == UnitLevel.VILLAGE:
            gone_villages.setdefault(u.name, []).append(u)
    new_village_names = Counter(w.name for w in new if w.level == UnitLevel.VILLAGE)
    moved: set[int] = set()
    for w in new:
        candidates = gone_villages.get(w.name, [])
        if (
            w.level == UnitLevel.VILLAGE and len(candidates) == 1 and new_village_names[w.name] == 1
            and candidates[0].parent_path != w.parent_path
        ):
            old = candidates[0]
            moved.add(old.id)
            changes.append(Change(ChangeKind.MOVE, w.level, old.path, w.name, w.line, new_path=w.path,
                                  unit_id=old.id, parent_path=w.parent_path))
        else:
            changes.append(Change(ChangeKind.ADD, w.level, w.path, w.name, w.line, parent_path=w.parent_path))
    for u in gone:
        if u.id not in moved:
            changes.append(Change(ChangeKind.RETIRE, u.level, u.path, u.name, unit_id=u.id))
    # Retirements first: the preview shows them before anything else (and nothing later in the
    # plan needs a unit that is retired).
    order = {ChangeKind.RETIRE: 0, ChangeKind.RESTORE: 1, ChangeKind.RENAME: 2, ChangeKind.ADD: 3, ChangeKind.MOVE: 4}
    level_order = {UnitLevel.TOWNSHIP: 0, UnitLevel.VILLAGE: 1}
    changes.sort(key=lambda c: (order[c.kind], level_order.get(c.level, 2), c.new_path or c.path))
    return changes, unchanged

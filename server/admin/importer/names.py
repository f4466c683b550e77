"""Rows in the name/parent layout as units of the county.

**Name / parent**: a name, the parent's name (the county's name for a township) and
optionally a level and a code. Units are matched by (parent, name); new ones get the next free
3-digit code under their parent, so importing the same sheet twice changes nothing.
"""
from __future__ import annotations

from server.admin.importer.layouts import MAX_NAME, County, ExistingUnit, SheetUnit, parse_level
from server.admin.importer.sheet import RowError, SheetError, column_value
from server.unit.models import UnitLevel

# A row that parsed: line, name, parent's name, level, code.
_Entry = tuple[int, str, str, UnitLevel | None, str]


def parse_names(
    rows: list[list[str]], county: County, cols: dict[str, int], existing: list[ExistingUnit]
) -> tuple[list[SheetUnit], list[RowError]]:
    """Name/parent rows. Codes: a given 3-digit code, the code of the unit already there with that
    (parent, name), or the next free code under the parent."""
    errors: list[RowError] = []
    entries: list[_Entry] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        name = column_value(row, cols.get("name"))
        parent = column_value(row, cols.get("parent"))
        level_text = column_value(row, cols.get("level"))
        code = column_value(row, cols.get("code"))
        level = parse_level(level_text) if level_text else None
        if level_text and level is None:
            errors.append(RowError(line, "BAD_LEVEL", "level", {"value": level_text[:20]}))
            continue
        if not name:
            errors.append(RowError(line, "REQUIRED", "name"))
            continue
        if len(name) > MAX_NAME:
            errors.append(RowError(line, "TOO_LONG", "name", {"max": MAX_NAME}))
            continue
        if not parent:
            errors.append(RowError(line, "REQUIRED", "parent"))
            continue
        if code and (len(code) != 3 or not code.isdigit()):
            errors.append(RowError(line, "BAD_CODE", "code", {"value": code[:20]}))
            continue
        if level in (UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY):
            continue
        entries.append((line, name, parent, level, code))

    # Duplicates: the same name twice under the same parent.
    seen: dict[tuple[str, str], int] = {}
    rows_ok: list[_Entry] = []
    for entry in entries:
        line, name, parent = entry[:3]
        if (parent, name) in seen:
            errors.append(RowError(line, "DUPLICATE_NAME", "name", {"value": name, "first": seen[(parent, name)]}))
            continue
        seen[(parent, name)] = line
        rows_ok.append(entry)

    # Resolve parents by name: the county, or a row whose parent is the county (a township).
    by_name: dict[str, list[int]] = {}
    for index, (_, name, *_rest) in enumerate(rows_ok):
        by_name.setdefault(name, []).append(index)

    depth: dict[int, int | None] = {}  # index -> 1 township, 2 village; None = unresolved
    # Parents already in the system (active): a township named as a village's parent; a village
    # named as a parent makes the row too deep.
    known: dict[str, list[ExistingUnit]] = {}
    for unit in existing:
        if not unit.retired:
            known.setdefault(unit.name, []).append(unit)
    existing_parent: dict[int, str] = {}  # index -> path of the existing township above it

    def resolve(index: int, trail: tuple[int, ...]) -> int | None:
        if index in depth:
            return depth[index]
        if index in trail:
            return -1  # cycle
        parent = rows_ok[index][2]
        result: int | None
        if parent == county.name:
            result = 1
        else:
            candidates = [i for i in by_name.get(parent, []) if i != index]
            if not candidates and parent in known:
                found = known[parent]
                if len(found) > 1:
                    result = -2
                elif found[0].level == UnitLevel.TOWNSHIP:
                    existing_parent[index] = found[0].path
                    result = 2
                else:
                    result = 3
            elif len(candidates) != 1:
                result = None if not candidates else -2
            else:
                above = resolve(candidates[0], trail + (index,))
                result = above + 1 if above is not None and above > 0 else above
        depth[index] = result
        return result

    existing_codes: dict[str, set[str]] = {}
    existing_by_parent_name: dict[tuple[str, str], ExistingUnit] = {}
    for unit in existing:
        existing_codes.setdefault(unit.parent_path, set()).add(unit.code)
        existing_by_parent_name.setdefault((unit.parent_path, unit.name), unit)
    used: dict[str, set[str]] = {p: set(c) for p, c in existing_codes.items()}

    units: list[SheetUnit] = []
    township_paths: dict[int, str] = {}
    for index, (line, name, parent, level, _code) in enumerate(rows_ok):
        d = resolve(index, ())
        if d == -1:
            errors.append(RowError(line, "CYCLE", "parent", {"value": parent}))
            continue
        if d == -2:
            errors.append(RowError(line, "AMBIGUOUS_PARENT", "parent", {"value": parent}))
            continue
        if d is None:
            errors.append(RowError(line, "MISSING_PARENT", "parent", {"value": parent}))
            continue
        if d > 2:
            errors.append(RowError(line, "TOO_DEEP", "parent", {"value": parent}))
            continue
        actual = UnitLevel.TOWNSHIP if d == 1 else UnitLevel.VILLAGE
        if level is not None and level != actual:
            errors.append(RowError(line, "LEVEL_MISMATCH", "level", {"value": level.value}))
            continue
        if actual == UnitLevel.TOWNSHIP:
            parent_path = county.path
        elif index in existing_parent:
            parent_path = existing_parent[index]
        else:
            t_index = next(i for i in by_name[parent] if i != index)
            if t_index not in township_paths:
                # The township row failed or comes later: place it first.
                township_paths[t_index] = _place(rows_ok[t_index], county.path, existing_by_parent_name, used)
            parent_path = township_paths[t_index]
        if actual == UnitLevel.TOWNSHIP:
            if index not in township_paths:
                township_paths[index] = _place(rows_ok[index], county.path, existing_by_parent_name, used)
            path = township_paths[index]
        else:
            path = _place(rows_ok[index], parent_path, existing_by_parent_name, used)
        units.append(SheetUnit(line, actual, name, path, parent_path, path.rsplit("/", 1)[-1]))
    return units, errors


def _place(entry: _Entry, parent_path: str, existing: dict[tuple[str, str], ExistingUnit], used: dict[str, set[str]]) -> str:
    _, name, _, _, code = entry
    taken = used.setdefault(parent_path, set())
    match = existing.get((parent_path, name))
    if match is not None and (not code or code == match.code):
        return match.path
    if code and code not in taken:
        taken.add(code)
        return f"{parent_path}/{code}"
    for n in range(1, 1000):
        candidate = f"{n:03d}"
        if candidate not in taken:
            taken.add(candidate)
            return f"{parent_path}/{candidate}"
    raise SheetError("TOO_MANY_CHILDREN")

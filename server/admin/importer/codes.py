"""Rows in the statistical-codes layout as units of the county.

**Statistical codes** (统计用区划代码, the National Bureau of Statistics' layout): a 12-digit
code, a name, optionally a level (and other columns such as 城乡分类代码, ignored). The code
``pp cc kk ttt vvv`` maps onto this system's materialised paths as
province ``/pp0000``, city ``/pp0000/ppcc00``, county ``/pp0000/ppcc00/ppcckk``,
township ``<county path>/ttt``, village ``<township path>/vvv`` — the same paths the demo
county uses (``server/demo.py``). Rows of other counties are skipped (a province's file can be
imported as it is); rows for the county itself and the levels above are checked and ignored.
"""
from __future__ import annotations

from collections.abc import Sequence

from server.admin.importer.layouts import MAX_NAME, County, ExistingUnit, SheetUnit, level_of_code, parse_level
from server.admin.importer.sheet import RowError, column_value
from server.unit.models import UnitLevel


def parse_codes(
    rows: list[list[str]], county: County, cols: dict[str, int], existing: Sequence[ExistingUnit] = ()
) -> tuple[list[SheetUnit], list[RowError], int]:
    units: list[SheetUnit] = []
    errors: list[RowError] = []
    skipped = 0
    seen: dict[str, int] = {}
    townships: set[str] = set()
    villages: list[tuple[SheetUnit, str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        code = column_value(row, cols.get("code")).replace(" ", "")
        name = column_value(row, cols.get("name"))
        level_text = column_value(row, cols.get("level"))
        if len(code) == 6 and code.isdigit():
            code += "000000"  # a 6-digit county (or higher) code
        if len(code) != 12 or not code.isdigit():
            errors.append(RowError(line, "BAD_CODE", "code", {"value": code[:20]}))
            continue
        if code[:6] != county.code6 and level_of_code(code) not in (UnitLevel.PROVINCE, UnitLevel.CITY):
            skipped += 1
            continue
        level = level_of_code(code)
        if level_text:
            given = parse_level(level_text)
            if given is None:
                errors.append(RowError(line, "BAD_LEVEL", "level", {"value": level_text[:20]}))
                continue
            if given != level:
                errors.append(RowError(line, "LEVEL_MISMATCH", "level", {"value": level_text[:20]}))
                continue
        if level in (UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY):
            continue  # the county and above are the tenant's own place in the tree
        if not name:
            errors.append(RowError(line, "REQUIRED", "name"))
            continue
        if len(name) > MAX_NAME:
            errors.append(RowError(line, "TOO_LONG", "name", {"max": MAX_NAME}))
            continue
        if code in seen:
            errors.append(RowError(line, "DUPLICATE_CODE", "code", {"value": code, "first": seen[code]}))
            continue
        seen[code] = line
        t_path = f"{county.path}/{code[6:9]}"
        if level == UnitLevel.TOWNSHIP:
            townships.add(code[6:9])
            units.append(SheetUnit(line, level, name, t_path, county.path, code[6:9]))
        else:
            unit = SheetUnit(line, level, name, f"{t_path}/{code[9:12]}", t_path, code[9:12])
            villages.append((unit, code))
    # A village's township may be in the sheet or already in the system.
    townships |= {u.code for u in existing if u.level == UnitLevel.TOWNSHIP and not u.retired}
    for unit, code in villages:
        if code[6:9] not in townships:
            errors.append(RowError(unit.line, "MISSING_PARENT", "code", {"value": code[:9] + "000"}))
        else:
            units.append(unit)
    return units, errors, skipped

"""Unit tree import: reading a sheet and planning the changes. Pure — no I/O, no database.

Two layouts are understood (the header row decides):

- **Statistical codes** (统计用区划代码, the National Bureau of Statistics' layout): a 12-digit
  code, a name, optionally a level (and other columns such as 城乡分类代码, ignored). The code
  ``pp cc kk ttt vvv`` maps onto this system's materialised paths as
  province ``/pp0000``, city ``/pp0000/ppcc00``, county ``/pp0000/ppcc00/ppcckk``,
  township ``<county path>/ttt``, village ``<township path>/vvv`` — the same paths the demo
  county uses (``server/demo.py``). Rows of other counties are skipped (a province's file can be
  imported as it is); rows for the county itself and the levels above are checked and ignored.
- **Name / parent**: a name, the parent's name (the county's name for a township) and
  optionally a level and a code. Units are matched by (parent, name); new ones get the next free
  3-digit code under their parent, so importing the same sheet twice changes nothing.

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

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from server.unit.models import UnitLevel

MAX_NAME = 100

CODE_HEADERS = {"统计用区划代码", "区划代码", "代码", "統計用區劃代碼", "區劃代碼", "代碼", "code", "division code"}
NAME_HEADERS = {"名称", "名稱", "单位名称", "單位名稱", "name", "unit", "unit name"}
LEVEL_HEADERS = {"级别", "級別", "层级", "層級", "level"}
PARENT_HEADERS = {"上级", "上級", "上级单位", "上級單位", "上级名称", "上級名稱", "parent", "parent name"}

LEVEL_WORDS = {
    "1": UnitLevel.PROVINCE, "2": UnitLevel.CITY, "3": UnitLevel.COUNTY, "4": UnitLevel.TOWNSHIP,
    "5": UnitLevel.VILLAGE,
    "省": UnitLevel.PROVINCE, "市": UnitLevel.CITY, "县": UnitLevel.COUNTY, "縣": UnitLevel.COUNTY,
    "区县": UnitLevel.COUNTY, "乡": UnitLevel.TOWNSHIP, "鄉": UnitLevel.TOWNSHIP, "镇": UnitLevel.TOWNSHIP,
    "鎮": UnitLevel.TOWNSHIP, "乡镇": UnitLevel.TOWNSHIP, "鄉鎮": UnitLevel.TOWNSHIP, "街道": UnitLevel.TOWNSHIP,
    "村": UnitLevel.VILLAGE, "社区": UnitLevel.VILLAGE, "社區": UnitLevel.VILLAGE, "村/社区": UnitLevel.VILLAGE,
    "村居": UnitLevel.VILLAGE,
    **{level.value.lower(): level for level in UnitLevel},
}


class Layout(StrEnum):
    CODES = "CODES"
    NAMES = "NAMES"


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
class RowError:
    """A problem with one line of the sheet (line 1 is the header); line 0: the file itself."""

    line: int
    code: str
    column: str | None = None
    params: dict = field(default_factory=dict)


class SheetError(Exception):
    """The file cannot be read as a sheet at all."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


# ---------------------------------------------------------------------------------------------
# Reading CSV / XLSX into rows of strings


def read_sheet(filename: str, data: bytes, *, max_rows: int = 20000) -> list[list[str]]:
    """The rows of the first sheet as stripped strings. Raises SheetError for non-sheets."""
    if not data:
        raise SheetError("EMPTY_FILE")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, max_rows)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError("OLD_XLS")  # Excel 97-2003: ask for .xlsx or .csv
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetError("NOT_A_SPREADSHEET")
    text = _decode(data)
    if text is None:
        raise SheetError("NOT_A_SPREADSHEET")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append([cell.strip() for cell in row])
        if len(rows) > max_rows + 1:
            raise SheetError("TOO_MANY_ROWS", max=max_rows)
    return _trim(rows)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Control characters other than whitespace mean this is not text.
        if any(ord(c) < 32 and c not in "\r\n\t" for c in text[:4096]):
            return None
        return text
    return None


def _read_xlsx(data: bytes, max_rows: int) -> list[list[str]]:
    import openpyxl  # imported here: only sheet uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise SheetError("NOT_A_SPREADSHEET") from exc
    except Exception as exc:  # openpyxl raises assorted errors for zips that are not workbooks
        raise SheetError("NOT_A_SPREADSHEET") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > max_rows + 1:
                raise SheetError("TOO_MANY_ROWS", max=max_rows)
        return _trim(rows)
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 330122001001.0
    return str(value).strip()


def _trim(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _columns(header: list[str], wanted: dict[str, set[str]]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for name, titles in wanted.items():
            if name not in found and key in {t.lower() for t in titles}:
                found[name] = index
    return found


# ---------------------------------------------------------------------------------------------
# Parsing rows into units


@dataclass(frozen=True)
class SheetUnit:
    """One unit of the county as the sheet wants it, with its planned path."""

    line: int
    level: UnitLevel
    name: str
    path: str
    parent_path: str
    code: str  # path segment


@dataclass(frozen=True)
class County:
    """The tenant's county: its path (/pp0000/ppcc00/ppcckk) and name."""

    path: str
    name: str

    @property
    def code6(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ExistingUnit:
    id: int
    path: str
    parent_path: str
    level: UnitLevel
    code: str
    name: str
    retired: bool


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


def level_of_code(code: str) -> UnitLevel:
    if code[2:] == "0" * 10:
        return UnitLevel.PROVINCE
    if code[4:] == "0" * 8:
        return UnitLevel.CITY
    if code[6:] == "0" * 6:
        return UnitLevel.COUNTY
    if code[9:] == "000":
        return UnitLevel.TOWNSHIP
    return UnitLevel.VILLAGE


def _parse_level(text: str) -> UnitLevel | None:
    return LEVEL_WORDS.get(text.strip().lower()) if text.strip() else None


def parse_codes(
    rows: list[list[str]], county: County, cols: dict[str, int], existing: list[ExistingUnit] = ()
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
        code = _get(row, cols.get("code")).replace(" ", "")
        name = _get(row, cols.get("name"))
        level_text = _get(row, cols.get("level"))
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
            given = _parse_level(level_text)
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


def parse_names(
    rows: list[list[str]], county: County, cols: dict[str, int], existing: list[ExistingUnit]
) -> tuple[list[SheetUnit], list[RowError]]:
    """Name/parent rows. Codes: a given 3-digit code, the code of the unit already there with that
    (parent, name), or the next free code under the parent."""
    errors: list[RowError] = []
    entries: list[tuple[int, str, str, UnitLevel | None, str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        name = _get(row, cols.get("name"))
        parent = _get(row, cols.get("parent"))
        level_text = _get(row, cols.get("level"))
        code = _get(row, cols.get("code"))
        level = _parse_level(level_text) if level_text else None
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
    rows_ok = []
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


def _place(entry: tuple, parent_path: str, existing: dict[tuple[str, str], ExistingUnit], used: dict[str, set[str]]) -> str:
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


def _get(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) and row[index] else ""


# ---------------------------------------------------------------------------------------------
# Planning: the sheet against the units already there


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
    cols = _columns(header, {"code": CODE_HEADERS, "name": NAME_HEADERS, "level": LEVEL_HEADERS, "parent": PARENT_HEADERS})
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
        gone = [u for u in existing if not u.retired and u.path not in wanted_paths and u.path.startswith(scope + "/")]
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

"""Reading a CSV or XLSX file into rows of stripped strings, and the errors of a sheet: the file
itself (`SheetError`) or one of its rows (`RowError`)."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the sheet (line 1 is the header); line 0: the file itself."""

    line: int
    code: str
    column: str | None = None
    params: dict[str, object] = field(default_factory=dict)


class SheetError(Exception):
    """The file cannot be read as a sheet at all."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)



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


def columns(header: list[str], wanted: dict[str, set[str]]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for name, titles in wanted.items():
            if name not in found and key in {t.lower() for t in titles}:
                found[name] = index
    return found


def column_value(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) and row[index] else ""

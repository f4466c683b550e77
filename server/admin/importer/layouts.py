"""The two layouts of a unit sheet (the header row decides), the units a sheet describes
(`SheetUnit`) and the units already there (`ExistingUnit`), in the tenant's county (`County`).

- **Statistical codes** (统计用区划代码): a 12-digit code, a name, optionally a level
  (`server.admin.importer.codes`).
- **Name / parent**: a name, the parent's name, optionally a level and a code
  (`server.admin.importer.names`).
"""
from __future__ import annotations

from dataclasses import dataclass
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


def parse_level(text: str) -> UnitLevel | None:
    return LEVEL_WORDS.get(text.strip().lower()) if text.strip() else None

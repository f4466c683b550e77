"""Checks of a year's 放假 / 调休 days before they are counted with (pure, no I/O)."""
import datetime as dt
import enum
import json
from dataclasses import dataclass

from server.dates import EnteredYear, library_covers
from server.errors import DomainError

FIRST_YEAR, LAST_YEAR = 2000, 2200
NAME_MAX = 20
SOURCE_MAX = 300
MAX_DAYS = 120


class DayKind(enum.StrEnum):
    HOLIDAY = "HOLIDAY"  # 放假: a day off (a weekday, or a weekend day inside the holiday)
    WORKDAY = "WORKDAY"  # 调休: a weekend day worked


@dataclass(frozen=True)
class HolidayDay:
    day: dt.date
    kind: DayKind
    name: str = ""


def check_year(year: int, days: list[HolidayDay], source: str | None) -> list[DomainError]:
    """Why an entry cannot be saved (every reason, each on its field), or nothing.

    The year must be one the holiday library does not cover (the library stays in force for
    its years); the source names the notice; each day lies in the year, appears once, and a
    调休 working day is a Saturday or a Sunday."""
    errors: list[DomainError] = []
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors.append(DomainError("OUT_OF_RANGE", field=["input", "year"], min=FIRST_YEAR, max=LAST_YEAR))
    elif library_covers(year):
        errors.append(DomainError("INVALID", "error.HOLIDAY_YEAR_IN_LIBRARY", field=["input", "year"], year=year))
    if not (source or "").strip():
        errors.append(DomainError("REQUIRED", "error.HOLIDAY_SOURCE_REQUIRED", field=["input", "source"]))
    elif len((source or "").strip()) > SOURCE_MAX:
        errors.append(DomainError("TOO_LONG", field=["input", "source"], max=SOURCE_MAX))
    if not days:
        errors.append(DomainError("REQUIRED", "error.HOLIDAY_DAYS_REQUIRED", field=["input", "days"]))
    elif len(days) > MAX_DAYS:
        errors.append(DomainError("TOO_MANY", field=["input", "days"], max=MAX_DAYS))
    seen: set[dt.date] = set()
    for index, entry in enumerate(days[:MAX_DAYS]):
        path = ["input", "days", str(index), "date"]
        if entry.day.year != year:
            errors.append(DomainError("INVALID", "error.HOLIDAY_OTHER_YEAR", field=path, year=year))
        elif entry.day in seen:
            errors.append(DomainError("INVALID", "error.HOLIDAY_DUPLICATE", field=path))
        elif entry.kind == DayKind.WORKDAY and entry.day.weekday() < 5:
            errors.append(DomainError("INVALID", "error.HOLIDAY_WORKDAY_WEEKEND", field=path))
        if len(entry.name) > NAME_MAX:
            errors.append(DomainError("TOO_LONG", field=["input", "days", str(index), "name"], max=NAME_MAX))
        seen.add(entry.day)
    return errors


def to_json(days: list[HolidayDay]) -> str:
    rows = [{"date": d.day.isoformat(), "kind": str(d.kind), "name": d.name} for d in sorted(days, key=lambda d: d.day)]
    return json.dumps(rows, ensure_ascii=False)


def from_json(text: str) -> list[HolidayDay]:
    return [HolidayDay(dt.date.fromisoformat(r["date"]), DayKind(r["kind"]), r.get("name") or "") for r in json.loads(text)]


def entered_year(year: int, days: list[HolidayDay]) -> EnteredYear:
    return EnteredYear(
        year=year,
        holidays=frozenset(d.day for d in days if d.kind == DayKind.HOLIDAY),
        workdays=frozenset(d.day for d in days if d.kind == DayKind.WORKDAY),
    )

"""The one date helper: China time, statutory holidays, deadline arithmetic.

Everything stored is an aware UTC datetime; days are counted on the China calendar
(Asia/Shanghai), because a deadline "within 15 days" means 15 local days. Working days come
from `chinese_calendar` (statutory holidays and the make-up working days 调休) for the years it
covers, and from the years an administrator entered from the State Council's notice after that;
a deadline counted through a year neither covers is provisional.
"""
import datetime as dt
import enum
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import chinese_calendar

CHINA = ZoneInfo("Asia/Shanghai")


class DayCount(enum.StrEnum):
    """How a tenant counts statutory periods: 自然日 calendar or 工作日 working days."""

    CALENDAR = "CALENDAR"
    WORKING = "WORKING"


class DeadlineState(enum.StrEnum):
    NONE = "NONE"  # no deadline running (closed, concluded)
    ON_TIME = "ON_TIME"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def china_today() -> dt.date:
    """Today on the China calendar (never the server's local date)."""
    return local_date(utcnow())


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def local_date(value: dt.datetime) -> dt.date:
    return as_utc(value).astimezone(CHINA).date()


def end_of_local_day(day: dt.date) -> dt.datetime:
    """The last second of a China-local day, in UTC: a deadline day counts whole."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CHINA).astimezone(dt.UTC)


@dataclass(frozen=True)
class EnteredYear:
    """A year's 放假 / 调休 days as an administrator entered them from the State Council's notice,
    for a year the holiday library does not cover yet (`server/holidays/`)."""

    year: int
    holidays: frozenset[dt.date]  # 放假: days off, including weekdays
    workdays: frozenset[dt.date]  # 调休: weekend days worked


# The entered years this process knows (loaded from the database by server.holidays.service).
_entered: dict[int, EnteredYear] = {}


def use_entered_years(years: list[EnteredYear]) -> None:
    """Replace the entered years this process counts with (all of them at once)."""
    global _entered
    _entered = {y.year: y for y in years}


@functools.cache
def library_covers(year: int) -> bool:
    """Does the maintained holiday library (chinese_calendar) know this year's holidays?"""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def year_covered(year: int) -> bool:
    """Is a year's calendar known: from the library, or entered by an administrator?"""
    return library_covers(year) or year in _entered


def is_working_day(day: dt.date) -> bool:
    if library_covers(day.year):
        return chinese_calendar.is_workday(day)
    entered = _entered.get(day.year)
    if entered is not None:
        if day in entered.workdays:
            return True
        return day.weekday() < 5 and day not in entered.holidays
    # A year no source covers yet: Monday–Friday, and every deadline counted through it is
    # provisional (`provisional`) until the year is entered.
    return day.weekday() < 5


def provisional(start: dt.datetime | None, due: dt.datetime | None, count: "DayCount") -> bool:
    """A working-day deadline counted through a year that no source covers is provisional."""
    if due is None or count != DayCount.WORKING:
        return False
    first = local_date(start).year if start is not None else local_date(due).year
    return any(not year_covered(year) for year in range(first, local_date(due).year + 1))


def add_days(start: dt.date, days: int, count: DayCount) -> dt.date:
    """The date `days` days after `start`, counting calendar or working days.

    The start day itself is not counted (a period "within 15 days of registration" runs from
    the day after registration).
    """
    if count == DayCount.CALENDAR:
        return start + dt.timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def deadline(start: dt.datetime, days: int, count: DayCount) -> dt.datetime:
    """End of the last local day of a period of `days` starting at `start`."""
    return end_of_local_day(add_days(local_date(start), days, count))


def deadline_state(
    due_at: dt.datetime | None, now: dt.datetime, *, due_soon_days: int = 3
) -> DeadlineState:
    if due_at is None:
        return DeadlineState.NONE
    due_at = as_utc(due_at)
    if now > due_at:
        return DeadlineState.OVERDUE
    if due_at - now <= dt.timedelta(days=due_soon_days):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME

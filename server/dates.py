"""The one date helper: China time, statutory holidays, deadline arithmetic.

Everything stored is an aware UTC datetime; days are counted on the China calendar
(Asia/Shanghai), because a deadline "within 15 days" means 15 local days. Working days come
from `chinese_calendar` (statutory holidays and the make-up working days 调休).
"""
import datetime as dt
import enum
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


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def local_date(value: dt.datetime) -> dt.date:
    return as_utc(value).astimezone(CHINA).date()


def end_of_local_day(day: dt.date) -> dt.datetime:
    """The last second of a China-local day, in UTC: a deadline day counts whole."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CHINA).astimezone(dt.UTC)


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # Years the holiday table does not cover yet: fall back to Monday–Friday until the
        # library is updated (the State Council publishes each year's table in November).
        return day.weekday() < 5


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

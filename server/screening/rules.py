"""Reporting periods of the screening cadence (矛盾纠纷排查) — pure date arithmetic, no I/O.

A unit files one report per period of its cadence. The report of a period is due by the end of
the period's last (China-local) day; the current period's report is DUE until then, an earlier
period with no submitted report is MISSING. Periods:

- DAILY: one day;
- WEEKLY: Monday to Sunday;
- HALF_MONTHLY: the 1st to the 15th, the 16th to the month's last day;
- MONTHLY: a calendar month.

A weekly report may be due earlier than the week's end: seed 002 "各村、各单位每周三将排查出的问题及时
上报镇综治办" — a tenant setting (the weekday, 1 = Monday … 7 = Sunday); after that day the week's
report is MISSING although the week runs on.

Screening meetings (排查调处例会) follow the same periods on a cadence of their own, seed 004
"县每月一次、乡镇每半月一次、村（居）每周一次排查调处例会制度": a period in which the unit held no routine
meeting is MISSING once it is over, the current one DUE until a meeting is held.
"""
import calendar
import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from server.tenant.settings import TenantSettings
from server.unit.models import UnitLevel

MAX_DISPUTES = 50
MAX_ATTENDEES = 60
MAX_DECISIONS = 30


class Cadence(enum.StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    HALF_MONTHLY = "HALF_MONTHLY"
    MONTHLY = "MONTHLY"


def cadence_for(settings: TenantSettings, level: UnitLevel) -> "Cadence":
    """The reporting cadence of a unit level: a tenant setting (seed 004: "县每月一次、乡镇每半月一次、
    村（居）每周一次"; seed 002: "各社日排查日报告、村级周排查周报告、镇属单位月排查月报告"); weekly when unset."""
    return Cadence(settings.screening_cadence.get(str(level), Cadence.WEEKLY))


class ReportState(enum.StrEnum):
    SUBMITTED = "SUBMITTED"  # a submitted report covers the period
    DRAFT = "DRAFT"  # a report exists but has not been submitted yet (counts as not filed)
    DUE = "DUE"  # the current period, nothing submitted yet
    MISSING = "MISSING"  # a past period with nothing submitted: itself a finding


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and self.start <= end


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_of(day: dt.date, cadence: Cadence) -> Period:
    """The period of `cadence` that contains `day`."""
    if cadence == Cadence.DAILY:
        return Period(day, day)
    if cadence == Cadence.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return Period(start, start + dt.timedelta(days=6))
    if cadence == Cadence.HALF_MONTHLY:
        if day.day <= 15:
            return Period(day.replace(day=1), day.replace(day=15))
        return Period(day.replace(day=16), _month_end(day))
    if cadence == Cadence.MONTHLY:
        return Period(day.replace(day=1), _month_end(day))
    raise ValueError(f"unknown cadence {cadence!r}")


def next_period(period: Period, cadence: Cadence) -> Period:
    return period_of(period.end + dt.timedelta(days=1), cadence)


def previous_period(period: Period, cadence: Cadence) -> Period:
    return period_of(period.start - dt.timedelta(days=1), cadence)


def periods_between(first_day: dt.date, last_day: dt.date, cadence: Cadence) -> list[Period]:
    """Every period touching [first_day, last_day], oldest first."""
    if last_day < first_day:
        return []
    periods = [period_of(first_day, cadence)]
    while periods[-1].end < last_day:
        periods.append(next_period(periods[-1], cadence))
    return periods


def window_start(today: dt.date, cadence: Cadence, lookback: int, since: dt.date | None = None) -> dt.date:
    """First day the reporting record is checked from: `lookback` periods back (the current one
    included), never before `since` (the day the tenant started screening)."""
    period = period_of(today, cadence)
    for _ in range(max(lookback, 1) - 1):
        period = previous_period(period, cadence)
    start = period.start
    if since is not None and since > start:
        start = period_of(since, cadence).start
    return start


@dataclass(frozen=True)
class PeriodState:
    period: Period
    state: ReportState
    due_on: dt.date | None = None  # the last day the report is on time


def due_on(period: Period, cadence: Cadence, weekly_due_weekday: int | None = None) -> dt.date:
    """The last day a period's report is on time: the period's last day, or for a weekly period
    the tenant's due weekday (1 = Monday … 7 = Sunday; seed 002 "每周三" is 3)."""
    if cadence == Cadence.WEEKLY and weekly_due_weekday is not None and 1 <= weekly_due_weekday <= 7:
        return period.start + dt.timedelta(days=weekly_due_weekday - 1)
    return period.end


def reporting_states(
    *,
    today: dt.date,
    cadence: Cadence,
    submitted: Iterable[tuple[dt.date, dt.date]],
    drafts: Iterable[tuple[dt.date, dt.date]] = (),
    lookback: int = 6,
    since: dt.date | None = None,
    weekly_due_weekday: int | None = None,
) -> list[PeriodState]:
    """The state of every period from the window start up to the current one, oldest first.

    `submitted` and `drafts` are the (start, end) of the unit's reports; a report counts for every
    period it overlaps, so reports filed under an earlier cadence still count after a change.
    A report is due by its period's last local day (a weekly one by `weekly_due_weekday` when set):
    on that day it is still DUE, the day after MISSING.
    """
    submitted = list(submitted)
    drafts = list(drafts)
    start = window_start(today, cadence, lookback, since)
    current = period_of(today, cadence)
    result: list[PeriodState] = []
    for period in periods_between(start, current.end, cadence):
        due = due_on(period, cadence, weekly_due_weekday)
        if any(period.overlaps(s, e) for s, e in submitted):
            state = ReportState.SUBMITTED
        elif today > due:
            state = ReportState.MISSING
        else:
            state = ReportState.DRAFT if any(period.overlaps(s, e) for s, e in drafts) else ReportState.DUE
        result.append(PeriodState(period, state, due))
    return result


def missing_periods(states: Iterable["PeriodState | MeetingPeriodState"]) -> list[Period]:
    return [s.period for s in states if s.state in (ReportState.MISSING, MeetingState.MISSING)]


class MeetingState(enum.StrEnum):
    HELD = "HELD"  # a routine meeting was held in the period
    DUE = "DUE"  # the current period, no meeting yet
    MISSING = "MISSING"  # a past period without a meeting: flagged like a missing report


@dataclass(frozen=True)
class MeetingPeriodState:
    period: Period
    state: MeetingState


def meeting_cadence_for(settings: TenantSettings, level: UnitLevel) -> Cadence:
    """How often a unit level holds its 排查调处例会: a tenant setting, by default seed 004's
    "县每月一次、乡镇每半月一次、村（居）每周一次"; weekly when unset."""
    return Cadence(settings.meeting_cadence.get(str(level), Cadence.WEEKLY))


def meeting_states(
    *,
    today: dt.date,
    cadence: Cadence,
    held: Iterable[dt.date],
    lookback: int = 6,
    since: dt.date | None = None,
) -> list[MeetingPeriodState]:
    """Whether the unit held its routine meeting in every period from the window start up to the
    current one, oldest first. `held` are the days of its routine meetings; a past period without
    one is MISSING, the current one DUE until a meeting is held (its last day included)."""
    days = list(held)
    start = window_start(today, cadence, lookback, since)
    current = period_of(today, cadence)
    result: list[MeetingPeriodState] = []
    for period in periods_between(start, current.end, cadence):
        if any(period.contains(d) for d in days):
            state = MeetingState.HELD
        elif period == current:
            state = MeetingState.DUE
        else:
            state = MeetingState.MISSING
        result.append(MeetingPeriodState(period, state))
    return result


def can_file_for(period: Period, today: dt.date) -> bool:
    """A report may be filed for the current period or a past one (late filing), never ahead."""
    return period.start <= today


def decision_overdue(due_on: dt.date | None, done: bool, today: dt.date) -> bool:
    return due_on is not None and not done and today > due_on

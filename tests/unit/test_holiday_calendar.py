"""Working days in a year the holiday library does not cover: entered days, provisional deadlines.

The days used here are fictional test data (not any year's real State Council notice)."""
import datetime as dt

import pytest

from server import dates
from server.dates import CHINA, DayCount, EnteredYear
from server.holidays.rules import DayKind, HolidayDay, check_year, entered_year

D = dt.date
# Fictional test data for 2027: three days off and one Saturday worked.
FICTIONAL_2027 = [
    HolidayDay(D(2027, 1, 1), DayKind.HOLIDAY, "测试假日"),
    HolidayDay(D(2027, 1, 4), DayKind.HOLIDAY, "测试假日"),
    HolidayDay(D(2027, 1, 5), DayKind.HOLIDAY, "测试假日"),
    HolidayDay(D(2027, 1, 9), DayKind.WORKDAY, "测试调休"),
]


@pytest.fixture(autouse=True)
def _no_entered_years():
    dates.use_entered_years([])
    yield
    dates.use_entered_years([])


def test_the_library_stays_in_force_for_its_years_and_2027_is_not_in_it():
    assert dates.library_covers(2026) and not dates.library_covers(2027)
    assert dates.is_working_day(D(2026, 10, 1)) is False  # 国庆节, from the library
    assert check_year(2026, FICTIONAL_2027, "测试通知")[0].message_key == "error.HOLIDAY_YEAR_IN_LIBRARY"


def test_an_uncovered_year_counts_weekdays_and_the_deadline_is_provisional():
    # 30 working days from 2026-12-10: 15 in December, then Mon–Fri of January 2027 (1 January counted).
    assert dates.add_days(D(2026, 12, 10), 30, DayCount.WORKING) == D(2027, 1, 21)
    start = dt.datetime(2026, 12, 10, 9, tzinfo=CHINA)
    due = dates.deadline(start, 30, DayCount.WORKING)
    assert dates.provisional(start, due, DayCount.WORKING) is True
    assert dates.provisional(start, due, DayCount.CALENDAR) is False  # calendar days need no holidays
    inside = dt.datetime(2026, 3, 2, 9, tzinfo=CHINA)
    assert dates.provisional(inside, dates.deadline(inside, 30, DayCount.WORKING), DayCount.WORKING) is False


def test_an_entered_year_counts_its_days_off_and_make_up_days():
    dates.use_entered_years([entered_year(2027, FICTIONAL_2027)])
    assert dates.is_working_day(D(2027, 1, 1)) is False and dates.is_working_day(D(2027, 1, 4)) is False
    assert dates.is_working_day(D(2027, 1, 9)) is True  # the Saturday worked
    assert dates.is_working_day(D(2027, 1, 10)) is False and dates.is_working_day(D(2027, 1, 6)) is True
    # Arts. 35/36: the 复查 opinion within 30 (working) days of the request.
    assert dates.add_days(D(2026, 12, 10), 30, DayCount.WORKING) == D(2027, 1, 25)
    assert dates.add_days(D(2026, 12, 17), 30, DayCount.WORKING) == D(2027, 2, 1)
    start = dt.datetime(2026, 12, 10, 9, tzinfo=CHINA)
    assert dates.provisional(start, dates.deadline(start, 30, DayCount.WORKING), DayCount.WORKING) is False
    # A deadline reaching into 2028, which nobody entered, is provisional again.
    late = dt.datetime(2027, 12, 1, 9, tzinfo=CHINA)
    assert dates.provisional(late, dates.deadline(late, 60, DayCount.WORKING), DayCount.WORKING) is True


@pytest.mark.parametrize(
    ("days", "source", "field", "key"),
    [
        ([HolidayDay(D(2028, 1, 1), DayKind.HOLIDAY)], "测试通知", ["input", "days", "0", "date"], "error.HOLIDAY_OTHER_YEAR"),
        ([HolidayDay(D(2027, 1, 6), DayKind.WORKDAY)], "测试通知", ["input", "days", "0", "date"], "error.HOLIDAY_WORKDAY_WEEKEND"),
        ([HolidayDay(D(2027, 1, 1), DayKind.HOLIDAY)] * 2, "测试通知", ["input", "days", "1", "date"], "error.HOLIDAY_DUPLICATE"),
        ([], "测试通知", ["input", "days"], "error.HOLIDAY_DAYS_REQUIRED"),
        (FICTIONAL_2027, "  ", ["input", "source"], "error.HOLIDAY_SOURCE_REQUIRED"),
    ],
)
def test_an_entry_is_checked_before_it_is_counted_with(days, source, field, key):
    errors = check_year(2027, days, source)
    assert [(e.field, e.message_key) for e in errors] == [(field, key)]


def test_a_valid_entry_passes_and_keeps_kinds_apart():
    assert check_year(2027, FICTIONAL_2027, "测试用虚构数据") == []
    year = entered_year(2027, FICTIONAL_2027)
    assert year == EnteredYear(2027, frozenset({D(2027, 1, 1), D(2027, 1, 4), D(2027, 1, 5)}), frozenset({D(2027, 1, 9)}))

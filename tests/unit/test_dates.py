"""The one date helper: China-local days, statutory holidays, deadline states."""
import datetime as dt

from server.dates import CHINA, DayCount, DeadlineState, add_days, deadline, deadline_state


def test_calendar_days_count_from_the_day_after():
    assert add_days(dt.date(2026, 3, 2), 15, DayCount.CALENDAR) == dt.date(2026, 3, 17)


def test_working_days_skip_the_2026_spring_festival_and_count_the_makeup_saturday():
    # 2026 Spring Festival: 15–23 February off; Saturday 14 February and Saturday 28 February
    # are make-up working days (State Council notice, Nov 2025).
    # From Friday 13 Feb: working days are 14 Feb (Sat, make-up), 24, 25, 26, 27, 28 (Sat, make-up).
    assert add_days(dt.date(2026, 2, 13), 1, DayCount.WORKING) == dt.date(2026, 2, 14)
    assert add_days(dt.date(2026, 2, 13), 2, DayCount.WORKING) == dt.date(2026, 2, 24)
    assert add_days(dt.date(2026, 2, 13), 6, DayCount.WORKING) == dt.date(2026, 2, 28)
    assert add_days(dt.date(2026, 2, 13), 7, DayCount.WORKING) == dt.date(2026, 3, 2)


def test_a_deadline_ends_at_the_end_of_the_local_day():
    # 23:30 on 1 March in Beijing is still 1 March there, though already 15:30 UTC.
    registered = dt.datetime(2026, 3, 1, 23, 30, tzinfo=CHINA)
    due = deadline(registered, 15, DayCount.CALENDAR)
    assert due.astimezone(CHINA) == dt.datetime(2026, 3, 16, 23, 59, 59, tzinfo=CHINA)
    assert due.tzinfo is not None


def test_deadline_states():
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    assert deadline_state(None, now) == DeadlineState.NONE
    assert deadline_state(now - dt.timedelta(seconds=1), now) == DeadlineState.OVERDUE
    assert deadline_state(now + dt.timedelta(days=2), now) == DeadlineState.DUE_SOON
    assert deadline_state(now + dt.timedelta(days=3), now) == DeadlineState.DUE_SOON
    assert deadline_state(now + dt.timedelta(days=3, seconds=1), now) == DeadlineState.ON_TIME
    # A naive value (as SQLite returns it) is read as UTC.
    assert deadline_state((now - dt.timedelta(hours=1)).replace(tzinfo=None), now) == DeadlineState.OVERDUE

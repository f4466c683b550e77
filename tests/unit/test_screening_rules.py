"""Reporting periods and due/missing computation of the screening cadence (pure)."""
import datetime as dt

import pytest

from server.screening.rules import (
    Cadence,
    Period,
    ReportState,
    can_file_for,
    decision_overdue,
    missing_periods,
    period_of,
    periods_between,
    reporting_states,
    window_start,
)
from server.tenant.settings import TenantSettings

D = dt.date


@pytest.mark.parametrize(
    ("day", "cadence", "start", "end"),
    [
        (D(2026, 11, 23), Cadence.DAILY, D(2026, 11, 23), D(2026, 11, 23)),
        (D(2026, 11, 23), Cadence.WEEKLY, D(2026, 11, 23), D(2026, 11, 29)),  # a Monday
        (D(2026, 11, 29), Cadence.WEEKLY, D(2026, 11, 23), D(2026, 11, 29)),  # the Sunday
        (D(2026, 12, 31), Cadence.WEEKLY, D(2026, 12, 28), D(2027, 1, 3)),  # a week across the year
        (D(2026, 3, 1), Cadence.WEEKLY, D(2026, 2, 23), D(2026, 3, 1)),  # across February's end
        (D(2026, 11, 15), Cadence.HALF_MONTHLY, D(2026, 11, 1), D(2026, 11, 15)),
        (D(2026, 11, 16), Cadence.HALF_MONTHLY, D(2026, 11, 16), D(2026, 11, 30)),
        (D(2026, 2, 20), Cadence.HALF_MONTHLY, D(2026, 2, 16), D(2026, 2, 28)),
        (D(2028, 2, 29), Cadence.HALF_MONTHLY, D(2028, 2, 16), D(2028, 2, 29)),  # leap year
        (D(2026, 12, 31), Cadence.HALF_MONTHLY, D(2026, 12, 16), D(2026, 12, 31)),
        (D(2026, 2, 1), Cadence.MONTHLY, D(2026, 2, 1), D(2026, 2, 28)),
        (D(2026, 12, 31), Cadence.MONTHLY, D(2026, 12, 1), D(2026, 12, 31)),
    ],
)
def test_the_period_containing_a_day(day, cadence, start, end):
    assert period_of(day, cadence) == Period(start, end)


@pytest.mark.parametrize("cadence", list(Cadence))
def test_periods_tile_the_calendar_without_gaps_or_overlaps(cadence):
    periods = periods_between(D(2026, 12, 1), D(2027, 3, 10), cadence)
    assert periods[0].contains(D(2026, 12, 1)) and periods[-1].contains(D(2027, 3, 10))
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
        assert before.start <= before.end


def test_a_weekly_unit_that_filed_every_week_but_one_has_that_week_missing_and_this_week_due():
    today = D(2027, 1, 6)  # Wednesday of the week 4–10 January
    filed = [period_of(D(2026, 12, 16), Cadence.WEEKLY), period_of(D(2027, 1, 2), Cadence.WEEKLY)]
    states = reporting_states(
        today=today, cadence=Cadence.WEEKLY, submitted=[(p.start, p.end) for p in filed], lookback=4
    )
    assert [(s.period.start, s.state) for s in states] == [
        (D(2026, 12, 14), ReportState.SUBMITTED),
        (D(2026, 12, 21), ReportState.MISSING),
        (D(2026, 12, 28), ReportState.SUBMITTED),  # the week across the new year
        (D(2027, 1, 4), ReportState.DUE),
    ]
    assert missing_periods(states) == [Period(D(2026, 12, 21), D(2026, 12, 27))]


def test_the_last_day_of_a_period_is_still_due_and_the_next_day_it_is_missing():
    on_last_day = reporting_states(today=D(2026, 11, 30), cadence=Cadence.MONTHLY, submitted=[], lookback=1)
    assert [(s.period.start, s.state) for s in on_last_day] == [(D(2026, 11, 1), ReportState.DUE)]
    next_day = reporting_states(today=D(2026, 12, 1), cadence=Cadence.MONTHLY, submitted=[], lookback=2)
    assert [(s.period.start, s.state) for s in next_day] == [
        (D(2026, 11, 1), ReportState.MISSING),
        (D(2026, 12, 1), ReportState.DUE),
    ]


def test_half_monthly_across_a_year_boundary():
    states = reporting_states(
        today=D(2027, 1, 20), cadence=Cadence.HALF_MONTHLY,
        submitted=[(D(2026, 12, 1), D(2026, 12, 15)), (D(2027, 1, 1), D(2027, 1, 15))], lookback=4,
    )
    assert [(s.period.start, s.period.end, s.state) for s in states] == [
        (D(2026, 12, 1), D(2026, 12, 15), ReportState.SUBMITTED),
        (D(2026, 12, 16), D(2026, 12, 31), ReportState.MISSING),
        (D(2027, 1, 1), D(2027, 1, 15), ReportState.SUBMITTED),
        (D(2027, 1, 16), D(2027, 1, 31), ReportState.DUE),
    ]


def test_daily_cadence_counts_every_day_and_a_draft_is_not_a_filed_report():
    states = reporting_states(
        today=D(2026, 11, 3), cadence=Cadence.DAILY, submitted=[(D(2026, 11, 1), D(2026, 11, 1))],
        drafts=[(D(2026, 11, 2), D(2026, 11, 2)), (D(2026, 11, 3), D(2026, 11, 3))], lookback=3,
    )
    assert [s.state for s in states] == [ReportState.SUBMITTED, ReportState.MISSING, ReportState.DRAFT]


def test_nothing_before_the_screening_start_counts_as_missing():
    states = reporting_states(
        today=D(2026, 11, 23), cadence=Cadence.WEEKLY, submitted=[], lookback=6, since=D(2026, 11, 12)
    )
    assert [s.period.start for s in states] == [D(2026, 11, 9), D(2026, 11, 16), D(2026, 11, 23)]
    assert window_start(D(2026, 11, 23), Cadence.WEEKLY, 6) == D(2026, 10, 19)


def test_a_report_filed_under_an_earlier_cadence_still_covers_the_overlapping_periods():
    # The tenant switched villages from monthly to weekly: October's monthly report covers its weeks.
    states = reporting_states(
        today=D(2026, 11, 4), cadence=Cadence.WEEKLY, submitted=[(D(2026, 10, 1), D(2026, 10, 31))], lookback=3
    )
    assert [s.state for s in states] == [ReportState.SUBMITTED, ReportState.SUBMITTED, ReportState.DUE]


def test_filing_ahead_is_refused_and_decisions_overdue_after_their_day():
    assert can_file_for(period_of(D(2026, 11, 23), Cadence.WEEKLY), D(2026, 11, 23))
    assert not can_file_for(period_of(D(2026, 12, 1), Cadence.WEEKLY), D(2026, 11, 23))
    assert not decision_overdue(D(2026, 11, 23), False, D(2026, 11, 23))
    assert decision_overdue(D(2026, 11, 23), False, D(2026, 11, 24))
    assert not decision_overdue(D(2026, 11, 23), True, D(2026, 11, 24))


def test_tenant_settings_default_to_seed_004_cadences_and_merge_partial_overrides():
    assert TenantSettings().screening_cadence == {"VILLAGE": "WEEKLY", "TOWNSHIP": "HALF_MONTHLY", "COUNTY": "MONTHLY"}
    seed_002 = TenantSettings.from_json({"screening_cadence": {"VILLAGE": "DAILY"}})
    assert seed_002.screening_cadence == {"VILLAGE": "DAILY", "TOWNSHIP": "HALF_MONTHLY", "COUNTY": "MONTHLY"}
    assert TenantSettings.from_json(seed_002.to_json()) == seed_002

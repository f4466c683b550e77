"""The meeting cadence and the weekly report's due weekday (pure rules, issue 11)."""
import datetime as dt

import pytest

from server.screening.rules import (
    Cadence,
    MeetingState,
    Period,
    ReportState,
    due_on,
    meeting_cadence_for,
    meeting_states,
    missing_periods,
    reporting_states,
)
from server.tenant.settings import TenantSettings
from server.unit.models import UnitLevel

D = dt.date


def test_seed_004_meeting_cadence_is_the_default_per_level():
    """Seed 004: "县每月一次、乡镇每半月一次、村（居）每周一次排查调处例会制度"."""
    settings = TenantSettings()
    assert meeting_cadence_for(settings, UnitLevel.COUNTY) == Cadence.MONTHLY
    assert meeting_cadence_for(settings, UnitLevel.TOWNSHIP) == Cadence.HALF_MONTHLY
    assert meeting_cadence_for(settings, UnitLevel.VILLAGE) == Cadence.WEEKLY


def test_the_meeting_cadence_is_a_tenant_setting_like_the_report_cadence():
    settings = TenantSettings.from_json({"meeting_cadence": {"TOWNSHIP": "MONTHLY"}})
    assert settings.meeting_cadence == {"VILLAGE": "WEEKLY", "TOWNSHIP": "MONTHLY", "COUNTY": "MONTHLY"}
    assert meeting_cadence_for(settings, UnitLevel.TOWNSHIP) == Cadence.MONTHLY
    # Independent of the report cadence: seed 002 reports daily at the 社 and weekly at the village.
    assert settings.screening_cadence["VILLAGE"] == "WEEKLY"


@pytest.mark.parametrize("bad", [{"VILLAGE": "YEARLY"}, {"HAMLET": "WEEKLY"}, {"VILLAGE": 7}])
def test_a_cadence_that_is_not_one_is_refused_when_set(bad):
    with pytest.raises(ValueError):
        TenantSettings.from_json({"meeting_cadence": bad})
    with pytest.raises(ValueError):
        TenantSettings.from_json({"screening_cadence": bad})


def test_a_village_week_without_its_meeting_is_missing_once_the_week_is_over():
    """Seed 004: "村（居）每周一次" — a week gone by without the village's meeting is flagged."""
    today = D(2026, 11, 25)  # a Wednesday
    states = meeting_states(today=today, cadence=Cadence.WEEKLY, held=[D(2026, 11, 9), D(2026, 11, 22)], lookback=4)
    assert [(s.period.start, s.state) for s in states] == [
        (D(2026, 11, 2), MeetingState.MISSING),
        (D(2026, 11, 9), MeetingState.HELD),
        (D(2026, 11, 16), MeetingState.HELD),  # held on the Sunday, the week's last day
        (D(2026, 11, 23), MeetingState.DUE),
    ]
    assert missing_periods(states) == [Period(D(2026, 11, 2), D(2026, 11, 8))]


def test_a_township_half_month_and_a_county_month_on_their_last_day_are_still_due():
    """Seed 004: "乡镇每半月一次" and "县每月一次": the period's last day still counts."""
    township = meeting_states(today=D(2026, 11, 15), cadence=Cadence.HALF_MONTHLY, held=[D(2026, 10, 20)], lookback=3)
    assert [s.state for s in township] == [MeetingState.MISSING, MeetingState.HELD, MeetingState.DUE]
    county = meeting_states(today=D(2026, 12, 1), cadence=Cadence.MONTHLY, held=[], lookback=2)
    assert [(s.period.start, s.state) for s in county] == [
        (D(2026, 11, 1), MeetingState.MISSING), (D(2026, 12, 1), MeetingState.DUE)]


def test_a_meeting_on_any_day_of_the_current_period_makes_it_held_and_nothing_before_the_start_counts():
    states = meeting_states(today=D(2026, 11, 25), cadence=Cadence.WEEKLY, held=[D(2026, 11, 23)], lookback=6,
                            since=D(2026, 11, 17))
    assert [(s.period.start, s.state) for s in states] == [
        (D(2026, 11, 16), MeetingState.MISSING), (D(2026, 11, 23), MeetingState.HELD)]


def test_the_weekly_report_is_due_on_the_tenants_weekday():
    """Seed 002: "各村、各单位每周三将排查出的问题及时上报镇综治办" — Wednesday is weekday 3."""
    week = Period(D(2026, 11, 23), D(2026, 11, 29))
    assert due_on(week, Cadence.WEEKLY, 3) == D(2026, 11, 25)
    assert due_on(week, Cadence.WEEKLY, None) == D(2026, 11, 29)  # no setting: the week's last day
    month = Period(D(2026, 11, 1), D(2026, 11, 30))
    assert due_on(month, Cadence.MONTHLY, 3) == D(2026, 11, 30)  # the weekday concerns weekly reports only


def test_after_the_due_wednesday_this_weeks_report_is_missing_though_the_week_runs_on():
    """Seed 002: "每周三 … 上报": on Wednesday it is due, on Thursday it is missing."""
    kwargs = dict(cadence=Cadence.WEEKLY, submitted=[(D(2026, 11, 16), D(2026, 11, 22))], lookback=2,
                  weekly_due_weekday=3)
    wednesday = reporting_states(today=D(2026, 11, 25), **kwargs)
    assert [(s.state, s.due_on) for s in wednesday] == [
        (ReportState.SUBMITTED, D(2026, 11, 18)), (ReportState.DUE, D(2026, 11, 25))]
    thursday = reporting_states(today=D(2026, 11, 26), **kwargs)
    assert thursday[-1].state == ReportState.MISSING
    assert missing_periods(thursday) == [Period(D(2026, 11, 23), D(2026, 11, 29))]
    # A draft is not a report: past the due day it is missing all the same; a report filed late counts.
    late_draft = reporting_states(today=D(2026, 11, 26), drafts=[(D(2026, 11, 23), D(2026, 11, 29))], **kwargs)
    assert late_draft[-1].state == ReportState.MISSING
    filed_late = reporting_states(
        today=D(2026, 11, 27), cadence=Cadence.WEEKLY, submitted=[(D(2026, 11, 23), D(2026, 11, 29))], lookback=1,
        weekly_due_weekday=3)
    assert filed_late[-1].state == ReportState.SUBMITTED


def test_without_a_due_weekday_the_week_is_due_until_sunday():
    states = reporting_states(today=D(2026, 11, 28), cadence=Cadence.WEEKLY, submitted=[], lookback=1)
    assert [(s.state, s.due_on) for s in states] == [(ReportState.DUE, D(2026, 11, 29))]

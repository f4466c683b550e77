import datetime as dt

import pytest

from server.case import rules
from server.case.models import CaseStatus
from server.dates import CHINA, DayCount
from server.tenant.settings import TenantSettings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812341234", "13812341234"),
        ("138 1234 1234", "13812341234"),
        ("+8613812341234", "13812341234"),
        ("0556-1234567", "0556-1234567"),
        ("010-12345678-123", "010-12345678-123"),
        ("12812341234", None),  # no mobile prefix 12
        ("1381234123", None),  # ten digits
        ("123", None),
        ("", None),
        ("phone", None),
    ],
)
def test_phone_normalisation(raw, expected):
    assert rules.normalise_phone(raw) == expected


def test_masking_hides_given_name_and_middle_digits():
    assert rules.mask_name("张三") == "张**"
    assert rules.mask_name("欧阳建国") == "欧**"
    assert rules.mask_phone("13812341234") == "138****1234"
    assert rules.mask_phone("0556-1234567") == "****4567"


def test_query_codes_use_the_unambiguous_alphabet_and_do_not_repeat():
    codes = {rules.new_query_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == rules.QUERY_CODE_LENGTH
        assert not set(code) & set("01OIL")


def test_acceptance_deadline_is_fifteen_days_by_default_and_follows_working_day_mode():
    registered = dt.datetime(2026, 2, 10, 9, tzinfo=CHINA)
    calendar = rules.accept_due_at(registered, TenantSettings())
    assert calendar.astimezone(CHINA).date() == dt.date(2026, 2, 25)
    working = rules.accept_due_at(registered, TenantSettings(day_count=DayCount.WORKING))
    # 11,12,13,14 (make-up Sat) = 4 | holiday 15–23 | 24,25,26,27,28 (make-up Sat) = 9 |
    # 2,3,4,5,6 March = 14 | Monday 9 March = 15
    assert working.astimezone(CHINA).date() == dt.date(2026, 3, 9)


def test_the_running_deadline_depends_on_status():
    accept = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    handle = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    assert rules.running_deadline(CaseStatus.REGISTERED, accept, None) == accept
    assert rules.running_deadline(CaseStatus.ASSIGNED, accept, handle) == handle
    assert rules.running_deadline(CaseStatus.CLOSED, accept, handle) is None
    review = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    assert rules.running_deadline(CaseStatus.UNDER_REREVIEW, accept, handle, review) == review


def test_tenant_settings_round_trip_and_ignore_unknown_keys():
    settings = TenantSettings(accept_days=10, day_count=DayCount.WORKING)
    assert TenantSettings.from_json({**settings.to_json(), "unknown": 1}) == settings


def test_every_step_writes_its_own_past_tense_timeline_kind():
    from server.case.models import CaseEventKind

    assert set(rules.EVENT_KIND) == set(rules.Action)
    kinds = list(rules.EVENT_KIND.values())
    assert len(set(kinds)) == len(kinds)
    assert set(kinds) | {CaseEventKind.REGISTERED, CaseEventKind.ATTACHMENTS_ADDED} == set(CaseEventKind)


def test_forward_targets_are_county_or_township_never_the_handler_or_the_accused_subtree():
    from types import SimpleNamespace as Row

    from server.unit.models import UnitLevel

    case = Row(tenant_id=1, handler_unit_id=10, accused_unit_path="/c/t2")

    def unit(pk, path, level=UnitLevel.TOWNSHIP, tenant_id=1, retired_at=None):
        return Row(id=pk, path=path, level=level, tenant_id=tenant_id, retired_at=retired_at)

    def refusal(target):
        found = rules.forward_refusal(case, target)
        return found and (found.code, found.message_key)

    assert refusal(unit(11, "/c/t3")) is None
    assert refusal(unit(1, "/c", UnitLevel.COUNTY)) is None
    assert refusal(unit(10, "/c/t1")) == ("INVALID", "error.FORWARD_SAME_UNIT")
    assert refusal(unit(12, "/c/t2")) == ("FORBIDDEN", "error.FORWARD_TO_ACCUSED")
    assert refusal(unit(13, "/c/t3/v1", UnitLevel.VILLAGE)) == ("INVALID", "error.FORWARD_LEVEL")
    assert refusal(unit(14, "/x/t", tenant_id=2)) == ("NOT_FOUND", "error.NOT_FOUND")
    assert refusal(unit(15, "/c/t4", retired_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))) == ("NOT_FOUND", "error.NOT_FOUND")
    assert refusal(None) == ("NOT_FOUND", "error.NOT_FOUND")

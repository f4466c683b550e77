"""Administration rules (pure): granting roles, password policy, generic settings, policy previews."""
import dataclasses
import enum

import pytest

from server.admin import rules
from server.tenant.settings import TenantSettings
from server.unit.models import UnitLevel

C = "/990000/990100/990122"
T = f"{C}/001"


def test_a_township_admin_grants_township_and_village_roles_in_the_township_only():
    admin = [("township_admin", T)]
    assert rules.may_grant(admin, "village_clerk", f"{T}/003", UnitLevel.VILLAGE) is None
    assert rules.may_grant(admin, "township_officer", T, UnitLevel.TOWNSHIP) is None
    assert rules.may_grant(admin, "village_clerk", f"{C}/002/001", UnitLevel.VILLAGE) == "ROLE_ABOVE_YOURS"
    assert rules.may_grant(admin, "county_leader", C, UnitLevel.COUNTY) == "ROLE_ABOVE_YOURS"
    assert rules.may_grant(admin, "platform_admin", "/990000", UnitLevel.PROVINCE) == "ROLE_ABOVE_YOURS"


def test_roles_fit_unit_levels_and_unknown_roles_are_refused():
    admin = [("county_admin", C)]
    assert rules.may_grant(admin, "village_clerk", T, UnitLevel.TOWNSHIP) == "ROLE_LEVEL"
    assert rules.may_grant(admin, "mayor", T, UnitLevel.TOWNSHIP) == "UNKNOWN_ROLE"
    assert rules.may_grant(admin, "county_leader", C, UnitLevel.COUNTY) is None
    assert rules.may_grant(admin, "platform_admin", C, UnitLevel.COUNTY) == "ROLE_LEVEL"


def test_only_a_platform_admin_makes_platform_admins():
    assert rules.may_grant([("platform_admin", "/990000")], "platform_admin", "/990000", UnitLevel.PROVINCE) is None
    assert rules.may_grant([("province_reviewer", "/990000")], "platform_admin", "/990000", UnitLevel.PROVINCE)


def test_role_labels_in_sheets():
    known = set(rules.ROLE_RANK)
    assert rules.role_from_text("村信访信息员", known) == "village_clerk"
    assert rules.role_from_text(" Village_Clerk ", known) == "village_clerk"
    assert rules.role_from_text("村霸", known) is None


def test_password_policy():
    assert rules.password_problems("Abcdef12!x", min_length=10, min_classes=3) == []
    assert "PASSWORD_TOO_SHORT" in rules.password_problems("Ab1!", min_length=10, min_classes=3)
    assert rules.password_problems("abcdefghijkl", min_length=10, min_classes=3) == ["PASSWORD_TOO_SIMPLE"]
    assert "PASSWORD_CONTAINS_USERNAME" in rules.password_problems(
        "t01v01Xyz!9", min_length=10, min_classes=3, username="t01v01"
    )


def test_initial_passwords_satisfy_the_strictest_policy():
    for _ in range(50):
        pw = rules.initial_password()
        assert rules.password_problems(pw, min_length=12, min_classes=4) == []


class Mode(enum.StrEnum):
    A = "A"
    B = "B"


@dataclasses.dataclass(frozen=True)
class Sample:
    days: int = dataclasses.field(default=15, metadata={"min": 1, "max": 90})
    weight: float = 0.5
    mode: Mode = Mode.A
    flag: bool = False
    start: str | None = None
    cadence: dict = dataclasses.field(default_factory=lambda: {"VILLAGE": "WEEKLY"})


def test_setting_specs_follow_the_dataclass():
    specs = {s.key: s for s in rules.setting_specs(Sample)}
    assert specs["days"].type == rules.SettingType.INT and (specs["days"].minimum, specs["days"].maximum) == (1, 90)
    assert specs["weight"].type == rules.SettingType.FLOAT
    assert specs["mode"].type == rules.SettingType.ENUM and specs["mode"].choices == ("A", "B")
    assert specs["mode"].default == "A"
    assert specs["flag"].type == rules.SettingType.BOOL
    assert specs["start"].type == rules.SettingType.STRING and specs["start"].optional
    assert specs["cadence"].type == rules.SettingType.JSON and specs["cadence"].default == {"VILLAGE": "WEEKLY"}


def test_setting_values_are_checked_by_type():
    specs = {s.key: s for s in rules.setting_specs(Sample)}
    assert rules.check_setting(specs["days"], 30)[1] is None
    assert rules.check_setting(specs["days"], 0)[1] == "OUT_OF_RANGE"
    assert rules.check_setting(specs["days"], "30")[1] == "INVALID"
    assert rules.check_setting(specs["days"], True)[1] == "INVALID"
    assert rules.check_setting(specs["days"], 1.5)[1] == "INVALID"
    assert rules.check_setting(specs["mode"], "C")[1] == "INVALID_CHOICE"
    assert rules.check_setting(specs["flag"], 1)[1] == "INVALID"
    assert rules.check_setting(specs["start"], None)[1] is None
    assert rules.check_setting(specs["days"], None)[1] == "REQUIRED"
    assert rules.check_setting(specs["cadence"], ["WEEKLY"])[1] == "INVALID"
    assert rules.check_setting(specs["cadence"], {"VILLAGE": 7})[1] == "INVALID"
    assert rules.check_setting(specs["cadence"], {"VILLAGE": "DAILY"})[1] is None


def test_every_tenant_setting_has_a_spec_and_a_valid_default():
    for spec in rules.setting_specs(TenantSettings):
        value, code, _ = rules.check_setting(spec, spec.default)
        assert code is None, spec.key


def test_policy_preview_explains_wildcards():
    current = {("county_officer", "case", "read"), ("county_admin", "user", "*")}
    effects = rules.policy_effects(
        current, add={("county_officer", "unit", "import")}, remove={("county_admin", "user", "*")}
    )
    by_role = {e.role: e for e in effects}
    assert by_role["county_officer"].allowed == ("unit:import",) and by_role["county_officer"].forbidden == ()
    assert set(by_role["county_admin"].forbidden) == {
        f"user:{a}" for a in rules.KNOWN_ACTIONS["user"]
    }
    # Adding a row the role already has through a wildcard changes nothing.
    again = rules.policy_effects(current, add={("county_admin", "user", "create")}, remove=set())
    assert again[0].allowed == () and again[0].forbidden == ()


@pytest.mark.parametrize(
    ("value", "significant", "expected"),
    [
        ("330000", 2, "330000"), ("330100", 4, "330100"), ("330122", 6, "330122"), (" 330122 ", 6, "330122"),
        # One form: the 12-digit code, a shorter one, letters, or digits beyond the level are refused.
        ("330000000000", 2, None), ("330122000000", 6, None), ("33", 2, None), ("33010a", 4, None),
        ("330122", 4, None), ("000000", 2, None), ("330000", 4, None), ("", 6, None), (None, 6, None),
    ],
)
def test_tenant_codes_take_one_form_the_first_six_digits(value, significant, expected):
    assert rules.division_code6(value, significant) == expected

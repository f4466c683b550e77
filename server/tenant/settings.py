"""Tenant settings with the defaults of the 信访工作条例 (2022)."""
from dataclasses import asdict, dataclass, field, fields

from server.dates import DayCount

# The cadences a level may have and seed 004's (for screening reports and meetings alike).
CADENCES = ("DAILY", "WEEKLY", "HALF_MONTHLY", "MONTHLY")
SEED_004_CADENCE = {"VILLAGE": "WEEKLY", "TOWNSHIP": "HALF_MONTHLY", "COUNTY": "MONTHLY"}


@dataclass(frozen=True)
class TenantSettings:
    # Art. 22/23: transfer or assign within 15 days; acceptance notice within 15 days.
    accept_days: int = 15
    # Art. 34: handle within 60 days of acceptance, one extension of at most 30 days.
    handle_days: int = 60
    extension_max_days: int = 30
    # Art. 35/36: review and re-review, 30 days to ask and 30 days to decide.
    review_request_days: int = 30
    review_decide_days: int = 30
    day_count: DayCount = DayCount.CALENDAR
    due_soon_days: int = 3
    rating_window_days: int = 30
    # 重要信息上报率 (seed 002's 五率): an escalation incident is reported in time when recorded
    # within this many hours after the end of the (China) day it occurred.
    info_report_hours: int = field(default=24, metadata={"min": 1, "max": 720})
    # 矛盾纠纷排查: reporting cadence per unit level (seed 004: village weekly, township
    # half-monthly, county monthly), DAILY | WEEKLY | HALF_MONTHLY | MONTHLY; how many periods
    # back a missing report is still shown; the ISO date screening started (nothing before counts).
    screening_cadence: dict = field(default_factory=lambda: dict(SEED_004_CADENCE))
    screening_lookback_periods: int = 6
    screening_start: str | None = None
    # The weekday a weekly screening report is due, 1 = Monday … 7 = Sunday (seed 002: "各村、各单位
    # 每周三将排查出的问题及时上报镇综治办" is 3); none: the week's last day.
    weekly_report_due_weekday: int | None = field(default=None, metadata={"min": 1, "max": 7})
    # 排查调处例会: how often each level meets (seed 004: "县每月一次、乡镇每半月一次、村（居）每周一次"),
    # flagged like a missing report when a period passes without one.
    meeting_cadence: dict = field(default_factory=lambda: dict(SEED_004_CADENCE))
    # Accounts: password policy for new passwords (length, how many of lower/upper/digit/other)
    # and sign-in lockout (failures in a row, minutes locked). Platform operators, who belong
    # to no county, fall under the process settings instead.
    password_min_length: int = field(default=10, metadata={"min": 8, "max": 64})
    password_min_classes: int = field(default=3, metadata={"min": 1, "max": 4})
    login_max_failures: int = field(default=5, metadata={"min": 3, "max": 20})
    login_lock_minutes: int = field(default=15, metadata={"min": 1, "max": 1440})

    @classmethod
    def from_json(cls, data: dict | None) -> "TenantSettings":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in known}
        if "day_count" in values:
            values["day_count"] = DayCount(values["day_count"])
        for key in ("screening_cadence", "meeting_cadence"):
            if key in values:
                values[key] = {**SEED_004_CADENCE, **(values[key] or {})}
        return cls(**values)

    def __post_init__(self) -> None:
        # A cadence per level, each one of CADENCES: anything else is refused where it is set
        # (the settings editor answers INVALID), never found later by a report or a meeting.
        for cadence in (self.screening_cadence, self.meeting_cadence):
            if not isinstance(cadence, dict) or any(
                level not in SEED_004_CADENCE or value not in CADENCES for level, value in cadence.items()
            ):
                raise ValueError("cadence")

    def to_json(self) -> dict:
        return {k: (str(v) if isinstance(v, DayCount) else v) for k, v in asdict(self).items()}

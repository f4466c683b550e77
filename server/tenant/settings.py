"""Tenant settings with the defaults of the 信访工作条例 (2022)."""
from dataclasses import asdict, dataclass, field, fields

from server.dates import DayCount


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
    screening_cadence: dict = field(
        default_factory=lambda: {"VILLAGE": "WEEKLY", "TOWNSHIP": "HALF_MONTHLY", "COUNTY": "MONTHLY"}
    )
    screening_lookback_periods: int = 6
    screening_start: str | None = None
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
        if "screening_cadence" in values:
            values["screening_cadence"] = {
                "VILLAGE": "WEEKLY", "TOWNSHIP": "HALF_MONTHLY", "COUNTY": "MONTHLY",
                **(values["screening_cadence"] or {}),
            }
        return cls(**values)

    def to_json(self) -> dict:
        return {k: (str(v) if isinstance(v, DayCount) else v) for k, v in asdict(self).items()}

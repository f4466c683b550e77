"""Tenant settings with the defaults of the 信访工作条例 (2022)."""
from dataclasses import asdict, dataclass, fields

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

    @classmethod
    def from_json(cls, data: dict | None) -> "TenantSettings":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in known}
        if "day_count" in values:
            values["day_count"] = DayCount(values["day_count"])
        return cls(**values)

    def to_json(self) -> dict:
        return {k: (str(v) if isinstance(v, DayCount) else v) for k, v in asdict(self).items()}

"""放假 / 调休 days an administrator entered for a year the holiday library does not cover.

Tenant-independent: every county counts with the State Council's one calendar. Each entry of a
year is kept (`holiday_year_changes`), the current one in `holiday_years`."""
import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class HolidayYear(Base):
    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    days: Mapped[str] = mapped_column(Text)  # JSON: [{"date": "YYYY-MM-DD", "kind": "HOLIDAY"|"WORKDAY", "name": ...}]
    source: Mapped[str] = mapped_column(String(300))  # the notice: 国务院办公厅关于…的通知 (文号)
    version: Mapped[int] = mapped_column(Integer, default=1)
    entered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class HolidayYearChange(Base):
    """Every version of a year's entry, the first one included (the history)."""

    __tablename__ = "holiday_year_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)
    days: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    entered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

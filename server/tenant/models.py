"""A tenant is a county: its settings live here."""
import datetime as dt

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)  # the county unit
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

"""Append-only audit log: every change and every read of petitioner data."""
import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"

    # BIGINT on PostgreSQL; SQLite only autoincrements an INTEGER primary key.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))  # e.g. case.register, case.read_pii
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_events_tenant_at", "tenant_id", "at"),)

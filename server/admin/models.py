"""Administration records: the history of tenant settings and of the authorisation policy."""
import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class TenantSettingChange(Base):
    """One changed tenant setting: who, when, the old and the new value.

    The settings in force at any moment can be rebuilt from this table
    (`server.admin.service.settings_at`); a computation may also keep the snapshot it used.
    """

    __tablename__ = "tenant_setting_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    key: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[object | None] = mapped_column(JSON)
    new_value: Mapped[object | None] = mapped_column(JSON)
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_tenant_setting_changes_tenant_at", "tenant_id", "changed_at"),)


class PolicyChange(Base):
    """One change of the Casbin policy. The highest id is the policy's version: every server
    process compares it with the version it loaded and reloads when it moved."""

    __tablename__ = "policy_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    added: Mapped[list] = mapped_column(JSON, default=list)
    removed: Mapped[list] = mapped_column(JSON, default=list)
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

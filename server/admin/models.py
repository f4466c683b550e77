"""Administration records: the history of tenant settings and of the authorisation policy, and
role grants waiting for a second administrator."""
import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class TenantSettingChange(Base):
    """One changed tenant setting: who, when, the old and the new value.

    The settings in force at any moment can be rebuilt from this table
    (`server.admin.settings.settings_at`); a computation may also keep the snapshot it used.
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


class RoleGrantRequest(Base):
    """A role asked for by one administrator that takes effect only when a second approves it
    (双人审批). It is asked instead of granted when the role carries permissions the asking
    administrator does not hold at that unit (`rules.gives_more`): a township administrator
    cannot create an officer account he knows the password of and read petitioners' data
    through it. A request gives no permission: principals are built from `role_grants` only.

    Status PENDING, then APPROVED (a `role_grants` row now exists) or REFUSED; the row stays as
    the record of who asked and who decided.
    """

    __tablename__ = "role_grant_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(16), default="PENDING")
    requested_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_role_grant_requests_user_status", "user_id", "status"),)

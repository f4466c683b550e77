"""Accounts, the roles they hold at units, sign-in sessions and the Casbin policy table."""
import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.dates import utcnow
from server.db import Base, UtcDateTime
from server.unit.models import Unit


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship(lazy="raise", foreign_keys=[unit_id])
    grants: Mapped[list["RoleGrant"]] = relationship(back_populates="user", lazy="raise")


class RoleGrant(Base):
    """A role held at a unit; it applies to the unit's whole subtree."""

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)

    user: Mapped[User] = relationship(back_populates="grants", lazy="raise")
    unit: Mapped[Unit] = relationship(lazy="raise", foreign_keys=[unit_id])

    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id"),)


class SignInSession(Base):
    """A server-side session; the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CasbinRule(Base):
    """Casbin's policy lines (`p, role, object, action`), editable at run time."""

    __tablename__ = "casbin_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    ptype: Mapped[str] = mapped_column(String(255))
    v0: Mapped[str | None] = mapped_column(String(255))
    v1: Mapped[str | None] = mapped_column(String(255))
    v2: Mapped[str | None] = mapped_column(String(255))
    v3: Mapped[str | None] = mapped_column(String(255))
    v4: Mapped[str | None] = mapped_column(String(255))
    v5: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (Index("ix_casbin_rule_ptype", "ptype"),)

    def __str__(self) -> str:
        values = [self.ptype] + [v for v in (self.v0, self.v1, self.v2, self.v3, self.v4, self.v5) if v is not None]
        return ", ".join(values)

"""矛盾纠纷排查 screening reports and their disputes, 人民调解 mediation records, and the
排查调处例会 / 研判会 meetings with their decisions.

Every row carries the tenant and a copy of its unit's path, so "everything under X" is one
prefix range. Create operations carry the client's idempotency key (unique per tenant, user and
key), so a phone retrying an offline submission never creates a second row.
"""
import datetime as dt
import enum

from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=24)


class ReportStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"


class DisputeStatus(enum.StrEnum):
    OPEN = "OPEN"  # found, not resolved yet
    MEDIATED = "MEDIATED"  # resolved by 人民调解 (a successful mediation record)
    CASE = "CASE"  # turned into a petition case (linked)


class MediationOutcome(enum.StrEnum):
    SUCCESS = "SUCCESS"  # 调解成功
    PARTIAL = "PARTIAL"  # 部分达成
    FAILED = "FAILED"  # 调解不成


class MeetingKind(enum.StrEnum):
    ROUTINE = "ROUTINE"  # 排查调处例会
    ANALYSIS = "ANALYSIS"  # 研判会


class ScreeningReport(Base):
    __tablename__ = "screening_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    cadence: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    zero_report: Mapped[bool] = mapped_column(Boolean, default=False)  # 零报告
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus), default=ReportStatus.DRAFT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_mutation_id: Mapped[str | None] = mapped_column(String(64))
    # The idempotency key of the last edit applied: the same edit sent again (its answer was lost)
    # is answered with the report as it is, not refused as a version conflict.
    edit_mutation_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("unit_id", "period_start", name="uq_screening_reports_unit_period"),
        UniqueConstraint(
            "tenant_id", "created_by_user_id", "client_mutation_id", name="uq_screening_reports_client_key"
        ),
        Index(
            "ix_screening_reports_tenant_path_period", "tenant_id", "unit_path", "period_start",
            postgresql_ops={"unit_path": "text_pattern_ops"},
        ),
    )


class Dispute(Base):
    """One dispute found by screening, with the elements of a ledger entry (seed 002)."""

    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("screening_reports.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    cause: Mapped[str] = mapped_column(Text)  # 起因
    occurred_on: Mapped[dt.date | None] = mapped_column(Date)  # 时间
    place: Mapped[str | None] = mapped_column(String(200))  # 地点
    involved_unit: Mapped[str | None] = mapped_column(String(200))  # 涉及单位
    people_involved: Mapped[int] = mapped_column(Integer, default=1)  # 涉及人数
    development: Mapped[str | None] = mapped_column(Text)  # 事态发展
    mediation_so_far: Mapped[str | None] = mapped_column(Text)  # 调处情况
    status: Mapped[DisputeStatus] = mapped_column(_enum(DisputeStatus), default=DisputeStatus.OPEN)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    client_mutation_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("tenant_id", "created_by_user_id", "client_mutation_id", name="uq_disputes_client_key"),
        Index(
            "ix_disputes_tenant_path_created", "tenant_id", "unit_path", "created_at",
            postgresql_ops={"unit_path": "text_pattern_ops"},
        ),
    )


class Mediation(Base):
    """人民调解 record of a dispute."""

    __tablename__ = "mediations"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator: Mapped[str] = mapped_column(String(100))
    parties: Mapped[str] = mapped_column(Text)
    outcome: Mapped[MediationOutcome] = mapped_column(_enum(MediationOutcome))
    agreement: Mapped[str | None] = mapped_column(Text)  # 调解协议 text or its number
    agreement_document: Mapped[str | None] = mapped_column(String(500))  # reference to the scan
    mediated_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    client_mutation_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("tenant_id", "recorded_by_user_id", "client_mutation_id", name="uq_mediations_client_key"),
    )


class Meeting(Base):
    __tablename__ = "screening_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind))
    held_on: Mapped[dt.date] = mapped_column(Date)
    # Officials present, picked from the accounts of the unit's subtree (user ids) ...
    attendee_user_ids: Mapped[list | None] = mapped_column(JSON, default=list)
    # ... and others present, as minuted (names and posts: 派出所副所长, 各村支部书记).
    attendees: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    # Cases and disputes discussed (ids, checked against the tenant when recorded).
    case_ids: Mapped[list] = mapped_column(JSON, default=list)
    dispute_ids: Mapped[list] = mapped_column(JSON, default=list)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    client_mutation_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint(
            "tenant_id", "recorded_by_user_id", "client_mutation_id", name="uq_screening_meetings_client_key"
        ),
        Index(
            "ix_screening_meetings_tenant_path_held", "tenant_id", "unit_path", "held_on",
            postgresql_ops={"unit_path": "text_pattern_ops"},
        ),
    )


class MeetingDecision(Base):
    """A decision of a meeting: what, who owns it, by when. Shows in the owner's task list."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("screening_meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    done_note: Mapped[str | None] = mapped_column(Text)

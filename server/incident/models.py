"""越级访/集体访 escalation incidents: facts about units that feed the "三无" evaluation.

An incident is recorded once by the county, against the unit it is attributed to (属地: where the
petitioners come from) and, when its people came from several units, with each further unit's
share of the headcount (`IncidentShare`). The unit may contest the attribution; the county decides. Nothing here is about
a person: there is deliberately no petitioner field.
"""
import datetime as dt
import enum

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class IncidentKind(enum.StrEnum):
    BEIJING_ESCALATED = "BEIJING_ESCALATED"  # 进京越级访 (含涉法涉诉)
    BEIJING_NON_RECEPTION = "BEIJING_NON_RECEPTION"  # 进京到非接待场所 (非正常访)
    PROVINCE_NON_RECEPTION = "PROVINCE_NON_RECEPTION"  # 赴省到非接待场所 (非正常访, seed 002)
    CITY_NON_RECEPTION = "CITY_NON_RECEPTION"  # 到市非接待场所 (非正常访, seed 002)
    PROVINCE_ESCALATED = "PROVINCE_ESCALATED"  # 赴省越级访
    CITY_ESCALATED = "CITY_ESCALATED"  # 赴市越级访
    COLLECTIVE_TO_COUNTY = "COLLECTIVE_TO_COUNTY"  # 到县集体访
    COLLECTIVE_TO_CITY = "COLLECTIVE_TO_CITY"  # 到市集体访
    COLLECTIVE_ABOVE_COUNTY = "COLLECTIVE_ABOVE_COUNTY"  # 到县以上集体访
    EXTREME_INCIDENT = "EXTREME_INCIDENT"  # 极端恶性事件
    MEDIA_HYPE = "MEDIA_HYPE"  # 舆论负面炒作


class AttributionStatus(enum.StrEnum):
    ATTRIBUTED = "ATTRIBUTED"  # recorded against the unit
    CONTESTED = "CONTESTED"  # the unit disputes it; the county has not decided yet
    CONFIRMED = "CONFIRMED"  # the county rejected the contest: the attribution stands
    WITHDRAWN = "WITHDRAWN"  # the county accepted the contest: no longer counts


# Statuses under which an incident counts against its unit (a pending contest still counts
# until the county decides).
COUNTING_STATUSES = (AttributionStatus.ATTRIBUTED, AttributionStatus.CONTESTED, AttributionStatus.CONFIRMED)


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    kind: Mapped[IncidentKind] = mapped_column(Enum(IncidentKind, native_enum=False, length=32))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    # Where the petitioners went (COUNTY, CITY, PROVINCE; BEIJING is the kind itself).
    destination_level: Mapped[str | None] = mapped_column(String(16))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    note: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[AttributionStatus] = mapped_column(
        Enum(AttributionStatus, native_enum=False, length=16), default=AttributionStatus.ATTRIBUTED
    )
    contest_reason: Mapped[str | None] = mapped_column(Text)
    contested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    contested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The recording client's idempotency key (revision 0004): one incident per key and user.
    client_mutation_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("tenant_id", "recorded_by_user_id", "client_mutation_id", name="uq_incidents_client_key"),
        Index(
            "ix_incidents_tenant_path_occurred",
            "tenant_id",
            "unit_path",
            "occurred_on",
            postgresql_ops={"unit_path": "text_pattern_ops"},
        ),
    )


class IncidentShare(Base):
    """More units an incident is attributed to, each with its part of the headcount (revision
    0014_review_incident_shares): one collective petition of people from several townships is
    recorded once. The unit the incident was recorded against keeps the rest of the headcount
    (`Incident.headcount` is the whole incident's)."""

    __tablename__ = "incident_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_path: Mapped[str] = mapped_column(String(255))
    headcount: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("incident_id", "unit_id", name="uq_incident_shares_incident_unit"),
        Index("ix_incident_shares_tenant_path", "tenant_id", "unit_path",
              postgresql_ops={"unit_path": "text_pattern_ops"}),
    )

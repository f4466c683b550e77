"""联建联创联评: the county's rule template and weights (versioned), the annual campaign, the
indicator table, self-assessment, ratings by public raters and assessors, stored review runs
and the declaration workflow (申报推荐).

Points and scores are stored as integer hundredths (`*_centi`: 87.5 points → 8750), exact on
every database; the pure engine (`server.evaluation.sanwu`, `server.evaluation.scoring`) works
on Decimal (`centi_to_decimal`, `decimal_to_centi`).
"""
import datetime as dt
import enum
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import (
    JSON,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


def centi_to_decimal(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def decimal_to_centi(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=24)


class EvaluationConfig(Base):
    """One version of a county's evaluation settings: the 三无 rule template (JSON of
    `SanwuRule.to_dict()`) and the scoring policy (`ScoringPolicy.to_dict()`). A change is a new
    row; the highest version is in force; review runs keep a copy of what they used."""

    __tablename__ = "evaluation_configs"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    version: Mapped[int] = mapped_column(Integer)
    template: Mapped[dict] = mapped_column(JSON)
    policy: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "version"),)


class Campaign(Base):
    """The county's 三级联创 campaign of one year, with its stages (seed 004: 动员部署, 全面推进,
    申报推荐) as a JSON list of {code, name_zh, name_en, starts_on, ends_on}."""

    __tablename__ = "eval_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    stages: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "year"),)


class Indicator(Base):
    """One line of the county's indicator table (考核指标): what a unit self-assesses against."""

    __tablename__ = "eval_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("eval_campaigns.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    part: Mapped[str] = mapped_column(String(16))  # 建 BUILD / 创 CREATE / 评 EVALUATE / 联 LINK
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str | None] = mapped_column(String(16))  # TOWNSHIP / VILLAGE; NULL: both
    max_points_centi: Mapped[int] = mapped_column(Integer)  # points × 100
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("campaign_id", "code"),)


class SelfAssessment(Base):
    """自查自评: a unit's points on one indicator, with its evidence."""

    __tablename__ = "eval_self_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("eval_campaigns.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("eval_indicators.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    points_centi: Mapped[int] = mapped_column(Integer)  # points × 100
    evidence: Mapped[str | None] = mapped_column(Text)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", "indicator_id"),)


class Rectification(Base):
    """整改事项 found in self-assessment: what, who owns it, by when."""

    __tablename__ = "eval_rectifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("eval_campaigns.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("eval_indicators.id"))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class RatingKind(enum.StrEnum):
    PUBLIC_RATER = "PUBLIC_RATER"  # 群众点评 by invited raters (两代表一委员, 居民代表)
    ASSESSOR = "ASSESSOR"  # 组织考评 by the county's assessors


class UnitRating(Base):
    """A score (0–100) one rater gives one unit in a campaign; one per rater, kind and unit."""

    __tablename__ = "eval_unit_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("eval_campaigns.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    kind: Mapped[RatingKind] = mapped_column(_enum(RatingKind))
    rater_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score_centi: Mapped[int] = mapped_column(Integer)  # 0–100 × 100
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", "kind", "rater_user_id"),)


class SubmissionKind(enum.StrEnum):
    CHECKLIST = "CHECKLIST"  # 建: platform, mechanisms, team
    GOOD_PRACTICE = "GOOD_PRACTICE"  # 创: 典型经验, 品牌


class Submission(Base):
    """A 建 checklist item a unit reports done, or a 创 good-practice submission, with evidence
    (a list of {name, note} describing the files or records kept)."""

    __tablename__ = "eval_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("eval_campaigns.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    kind: Mapped[SubmissionKind] = mapped_column(_enum(SubmissionKind))
    item_code: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReviewRun(Base):
    """An annual review as computed and stored by the county: the template and policy it used
    (copied, so later edits do not change history) and every row with its breakdown."""

    __tablename__ = "eval_review_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    config_version: Mapped[int] = mapped_column(Integer)
    template: Mapped[dict] = mapped_column(JSON)
    policy: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict] = mapped_column(JSON)
    computed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    computed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_eval_review_runs_tenant_year", "tenant_id", "year"),)


class DeclarationStatus(enum.StrEnum):
    APPLIED = "APPLIED"  # the township applied after its self-assessment
    COUNTY_DECLARED = "COUNTY_DECLARED"  # the county bureau reviewed it and declared it to the city
    CITY_APPROVED = "CITY_APPROVED"  # the city passed its initial review
    PROVINCE_RECOMMENDED = "PROVINCE_RECOMMENDED"  # the province recommended it
    DESIGNATED = "DESIGNATED"  # named a 三无 unit
    RETURNED = "RETURNED"  # sent back at some step (the comment says why)


class Declaration(Base):
    """申报推荐: a unit's application for the 三无 title of a year, with the aggregate figures
    (score, grade, rank, 三无, rates) copied at application — never case or petitioner data."""

    __tablename__ = "eval_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(255))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[DeclarationStatus] = mapped_column(_enum(DeclarationStatus))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    applied_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("unit_id", "year"),)


class DeclarationStep(Base):
    """One decision on a declaration: who, at which step, what, and their comment."""

    __tablename__ = "eval_declaration_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    declaration_id: Mapped[int] = mapped_column(ForeignKey("eval_declarations.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str | None] = mapped_column(Text)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

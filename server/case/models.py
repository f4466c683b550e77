"""信访事项 petition case, its petitioners and its timeline."""
import datetime as dt
import enum

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.dates import utcnow
from server.db import Base, UtcDateTime


class Channel(enum.StrEnum):
    LETTER = "LETTER"  # 来信
    VISIT = "VISIT"  # 来访
    ONLINE = "ONLINE"  # 网上
    PHONE = "PHONE"  # 电话
    FAX = "FAX"  # 传真
    EMAIL = "EMAIL"  # 电子邮件
    LEADER_RECEPTION = "LEADER_RECEPTION"  # 领导接访
    PROXY = "PROXY"  # 代理/陪访


class CaseStatus(enum.StrEnum):
    REGISTERED = "REGISTERED"  # 登记
    ACCEPTED = "ACCEPTED"  # 受理
    REJECTED = "REJECTED"  # 不予受理
    FORWARDED = "FORWARDED"  # 转送
    ASSIGNED = "ASSIGNED"  # 交办
    REPLIED = "REPLIED"  # 答复
    CLOSED = "CLOSED"  # 办结
    UNDER_REVIEW = "UNDER_REVIEW"  # 复查
    UNDER_REREVIEW = "UNDER_REREVIEW"  # 复核
    CONCLUDED = "CONCLUDED"  # 终结


OPEN_STATUSES = (
    CaseStatus.REGISTERED,
    CaseStatus.ACCEPTED,
    CaseStatus.FORWARDED,
    CaseStatus.ASSIGNED,
    CaseStatus.REPLIED,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.UNDER_REREVIEW,
)


class MatterKind(enum.StrEnum):
    """信访工作条例 Arts. 29–31."""

    SUGGESTION = "SUGGESTION"  # 建议意见类
    ACCUSATION = "ACCUSATION"  # 检举控告类
    COMPLAINT = "COMPLAINT"  # 申诉求决类


class Outcome(enum.StrEnum):
    """信访处理意见书 outcome (Art. 32)."""

    SUPPORTED = "SUPPORTED"  # 支持
    EXPLAINED = "EXPLAINED"  # 解释说明
    NOT_SUPPORTED = "NOT_SUPPORTED"  # 不予支持


class ReviewResult(enum.StrEnum):
    """What a 复查 / 复核 opinion does to the answer it reviews (信访工作条例 Arts. 35/36): the
    reviewing body says it; it is never inferred from the outcome."""

    UPHELD = "UPHELD"  # 维持: the earlier opinion stands, outcome unchanged
    CHANGED = "CHANGED"  # 变更: the earlier opinion is changed; the review gives the outcome now in force
    REVOKED = "REVOKED"  # 撤销: the earlier opinion is revoked; the review gives a new outcome


class ExtensionStatus(enum.StrEnum):
    REQUESTED = "REQUESTED"
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"


class Satisfaction(enum.StrEnum):
    SATISFIED = "SATISFIED"  # 满意
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"  # 基本满意
    DISSATISFIED = "DISSATISFIED"  # 不满意


class CaseEventKind(enum.StrEnum):
    """What one line of a case's timeline records, in the past tense: the one naming the server
    writes (`CaseEvent.kind`) and the app labels (pwa/src/features/cases/locales, `lifecycle.event`)."""

    REGISTERED = "REGISTERED"  # 登记
    ACCEPTED = "ACCEPTED"  # 受理
    REJECTED = "REJECTED"  # 不予受理
    DECLINED_AGAIN = "DECLINED_AGAIN"  # 不再受理 (三级终结: the same facts as a concluded matter)
    FORWARDED = "FORWARDED"  # 转送
    ASSIGNED = "ASSIGNED"  # 交办
    NOTE_ADDED = "NOTE_ADDED"  # 办理: a progress note
    EXTENSION_REQUESTED = "EXTENSION_REQUESTED"  # 延期申请
    EXTENSION_APPROVED = "EXTENSION_APPROVED"
    EXTENSION_REFUSED = "EXTENSION_REFUSED"
    REPLIED = "REPLIED"  # 答复
    CLOSED = "CLOSED"  # 办结
    REVIEW_REQUESTED = "REVIEW_REQUESTED"  # 复查申请 (by the petitioner)
    REVIEWED = "REVIEWED"  # 复查意见
    REREVIEW_REQUESTED = "REREVIEW_REQUESTED"  # 复核申请
    REREVIEWED = "REREVIEWED"  # 复核意见 → 终结
    RATED = "RATED"  # 满意度评价
    SUPERVISED = "SUPERVISED"  # 督办
    REMINDED = "REMINDED"  # 催办
    FOLLOWED_UP = "FOLLOWED_UP"  # 回访 after a dissatisfied rating
    ATTACHMENTS_ADDED = "ATTACHMENTS_ADDED"  # materials added after registration


# The columns a standard rate counts a case at (besides registered_at, indexed for the list).
RATE_INSTANTS = (
    "accept_due_at", "accepted_at", "rejected_at", "forwarded_at", "assigned_at", "handle_due_at", "answered_at",
    "closed_at",
)
# The 复查复核维持率 reads the review decisions of a period (`rate_counts.unit_report`): few cases,
# found through an index range each instead of a scan of the county's cases.
REVIEW_DECISION_INSTANTS = ("review_decided_at", "concluded_at")


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=24)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # 属地
    # Copy of the unit's path so a subtree list is one index range on this table.
    unit_path: Mapped[str] = mapped_column(String(255))
    # The unit handling the matter now (the township for a village's case); it and the
    # registering unit see the petitioners unmasked.
    handler_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    handler_unit_path: Mapped[str] = mapped_column(String(255), default="")
    registered_by_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    registered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    query_code: Mapped[str] = mapped_column(String(16), unique=True)  # 查询码
    client_mutation_id: Mapped[str | None] = mapped_column(String(64))
    # SHA-256 of the registration's payload: the same key with another payload is a conflict.
    client_payload_hash: Mapped[str | None] = mapped_column(String(64))

    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64))
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.REGISTERED)

    # One timestamp per status.
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    rejected_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    forwarded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    assigned_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    replied_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # the latest written answer
    # The first written answer (答复 of the handling round): 按期答复率 and 化解率 count it; a later
    # 复查/复核 opinion moves `replied_at`, never this.
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    review_requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    rereview_requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    concluded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    accept_due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    handle_due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # The deadline running now (acceptance, handling, review ...), NULL when none: lists filter
    # and sort on it without recomputing the state machine in SQL.
    due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    plan: Mapped[str | None] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[Satisfaction | None] = mapped_column(_enum(Satisfaction))
    rated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # The seed-002 ledger elements.
    kind: Mapped[MatterKind] = mapped_column(_enum(MatterKind), default=MatterKind.COMPLAINT)
    cause: Mapped[str | None] = mapped_column(Text)  # 起因
    place: Mapped[str | None] = mapped_column(String(200))  # 地点
    occurred_on: Mapped[dt.date | None] = mapped_column(Date)  # 时间
    development: Mapped[str | None] = mapped_column(Text)  # 事态发展
    mediation: Mapped[str | None] = mapped_column(Text)  # 调处情况
    # An accusation against a unit's own officials: handled one level up, hidden from this
    # unit and its subtree (Art. 30: materials never go to the accused).
    accused_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    accused_unit_path: Mapped[str | None] = mapped_column(String(255))

    # 初信初访 / 重信重访 / 不再受理
    first_petition: Mapped[bool] = mapped_column(Boolean, default=True)
    repeat_of_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    not_accepted_again: Mapped[bool] = mapped_column(Boolean, default=False)

    reject_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    reply_round: Mapped[int] = mapped_column(Integer, default=0)  # 1 reply, 2 review, 3 re-review
    rating_due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    review_request_due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    review_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    review_due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # The result of a 复查 / 复核 decision, kept when it is made (复查复核维持率). `*_result` is what
    # the reviewing body decided (维持 / 变更 / 撤销); `*_upheld` is True when it upheld (维持) the
    # answer under review, set from the result. Decisions made before results were explicit have no
    # result and keep the `*_upheld` inferred then (the decision's outcome equal to the one reviewed).
    # NULL before a decision. A 复核 decision is made at `concluded_at`.
    review_decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    review_result: Mapped[ReviewResult | None] = mapped_column(_enum(ReviewResult))
    review_upheld: Mapped[bool | None] = mapped_column(Boolean)
    rereview_result: Mapped[ReviewResult | None] = mapped_column(_enum(ReviewResult))
    rereview_upheld: Mapped[bool | None] = mapped_column(Boolean)
    # The body that reviews (复查) / re-reviews (复核): the unit above the one that answered. When it
    # is outside the county (the city), `review_unit_id` is the county bureau, which takes the
    # petitioner's request and records the opinion it received; `*_decided_by` is who signed it there.
    review_body_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    rereview_body_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    review_decided_by: Mapped[str | None] = mapped_column(String(200))
    rereview_decided_by: Mapped[str | None] = mapped_column(String(200))
    flagged_for_county_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # 回访

    extension_status: Mapped[ExtensionStatus | None] = mapped_column(_enum(ExtensionStatus))
    extension_days: Mapped[int | None] = mapped_column(Integer)
    extension_reason: Mapped[str | None] = mapped_column(Text)

    petitioners: Mapped[list["Petitioner"]] = relationship(
        back_populates="case", lazy="raise", order_by="Petitioner.position"
    )

    __table_args__ = (
        UniqueConstraint("tenant_id", "registered_by_user_id", "client_mutation_id"),
        # The case list: tenant first (sharding), then the subtree prefix, newest first.
        Index(
            "ix_cases_tenant_path_registered",
            "tenant_id",
            "unit_path",
            "registered_at",
            postgresql_ops={"unit_path": "text_pattern_ops"},
        ),
        Index("ix_cases_tenant_registered", "tenant_id", "registered_at"),
        Index("ix_cases_tenant_due", "tenant_id", "due_at"),
        # The standard rates: each instant a case can count at is one index range of the tenant's
        # rows (server.evaluation.rate_counts.unit_report.count_unit_rates), so a period reads its own cases only.
        *(Index(f"ix_cases_tenant_{column}", "tenant_id", column) for column in RATE_INSTANTS),
        *(Index(f"ix_cases_tenant_{column}", "tenant_id", column) for column in REVIEW_DECISION_INSTANTS),
    )


class Petitioner(Base):
    __tablename__ = "petitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), index=True)

    case: Mapped[Case] = relationship(back_populates="petitioners", lazy="raise")


class CaseEvent(Base):
    """One line of a case's timeline: who did what, when, with what note."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_case_events_case_at", "case_id", "at"),)


class CaseHandler(Base):
    """专班: a member of the handling team."""

    __tablename__ = "case_handlers"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    __table_args__ = (UniqueConstraint("case_id", "user_id"),)


class CaseRating(Base):
    """满意度评价: one per reply round (reply, review decision, re-review decision)."""

    __tablename__ = "case_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reply_round: Mapped[int] = mapped_column(Integer)
    level: Mapped[Satisfaction] = mapped_column(_enum(Satisfaction))
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    via: Mapped[str] = mapped_column(String(16))  # CODE (query code + phone) or LINK (QR)

    __table_args__ = (UniqueConstraint("case_id", "reply_round"),)


class Supervision(Base):
    """督办 supervision or 催办 reminder from an upper unit to the handling unit."""

    __tablename__ = "case_supervisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # SUPERVISE | REMIND
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class PublicDocument(Base):
    """A document published to the petitioner: acceptance notice, extension notice, reply."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # ACCEPTANCE, NON_ACCEPTANCE, EXTENSION, REPLY, REVIEW, REREVIEW
    body: Mapped[str] = mapped_column(Text)
    # A REVIEW / REREVIEW opinion: 维持 / 变更 / 撤销 of the answer it reviewed (NULL otherwise, and for
    # opinions published before results were explicit).
    review_result: Mapped[ReviewResult | None] = mapped_column(_enum(ReviewResult))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The body that issued a 复查 / 复核 opinion (the county's own, or the city's as the county recorded it).
    issued_by: Mapped[str | None] = mapped_column(String(200))

    # The reply rounds of a period (满意率 / 参评率): one index range of the tenant's answers.
    __table_args__ = (Index("ix_case_documents_tenant_kind_published", "tenant_id", "kind", "published_at"),)


class RatingLink(Base):
    """A signed single-use link (QR code on the reply) to the rating page: its nonce."""

    __tablename__ = "rating_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(32), unique=True)
    reply_round: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

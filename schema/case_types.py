"""GraphQL types of a case for officials: the case, its timeline, rounds, supervisions and its list page."""
import datetime as dt

import strawberry
from sqlalchemy import Select
from strawberry.types import Info

from schema.types import (
    AttachmentInfo,
    CaseActionEnum,
    CaseStatusEnum,
    ChannelEnum,
    DeadlineStateEnum,
    ExtensionStatusEnum,
    MatterKindEnum,
    OutcomeEnum,
    PageInfo,
    PublicDocument,
    ReviewResultEnum,
    SatisfactionEnum,
    Unit,
    User,
    deadline_provisional,
)
from server import ids
from server.case import files as case_files
from server.case import public_rating
from server.case import queries as case_queries
from server.case import records as case_records
from server.case import rounds as case_rounds
from server.case import rules as case_rules
from server.case import timeline as case_timeline
from server.case import visibility as case_visibility
from server.case.flows import permitted
from server.case.hidden import mask_query_code
from server.case.models import Case as CaseModel
from server.case.models import CaseEvent as CaseEventModel
from server.case.models import Supervision as SupervisionModel
from server.dates import DeadlineState, deadline_state, utcnow

NOT_LISTED = object()


async def _unit(info: Info, unit_id: int) -> "Unit":
    return Unit.of(await info.context.loaders.unit.load(unit_id))


async def _user(info: Info, user_id: int) -> "User | None":
    user = await info.context.loaders.user.load(user_id)
    return User.of(user) if user else None


@strawberry.type
class Petitioner:
    name: str
    phone: str


@strawberry.type
class CaseEvent:
    kind: str
    at: dt.datetime
    note: str | None = strawberry.field(
        description="As written; on a RATED line the petitioner's own comment (the level is `satisfaction`)."
    )
    satisfaction: SatisfactionEnum | None = strawberry.field(
        description="RATED lines: the level the petitioner chose. Null on every other line."
    )
    model: strawberry.Private[CaseEventModel]

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.model.actor_id is None:
            return None
        user = await info.context.loaders.user.load(self.model.actor_id)
        return User.of(user) if user else None


@strawberry.type
class Case:
    id: strawberry.ID
    channel: ChannelEnum
    title: str
    content: str
    category: str | None
    status: CaseStatusEnum
    headcount: int
    registered_at: dt.datetime
    accept_due_at: dt.datetime
    handle_due_at: dt.datetime | None
    due_at: dt.datetime | None = strawberry.field(
        description="The deadline running now (acceptance, handling ...); null when none."
    )
    rating: SatisfactionEnum | None
    kind: MatterKindEnum
    cause: str | None
    place: str | None
    occurred_on: dt.date | None
    development: str | None
    mediation: str | None
    first_petition: bool = strawberry.field(description="初信初访: no earlier case of this petitioner on this matter")
    not_accepted_again: bool = strawberry.field(description="不再受理: same facts as a concluded (三级终结) case")
    reject_reason: str | None
    plan: str | None
    reply: str | None
    outcome: OutcomeEnum | None
    reply_round: int
    accepted_at: dt.datetime | None
    replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    concluded_at: dt.datetime | None
    rating_due_at: dt.datetime | None
    review_request_due_at: dt.datetime | None
    review_due_at: dt.datetime | None
    review_result: ReviewResultEnum | None = strawberry.field(
        description="The 复查 opinion's result (维持 / 变更 / 撤销); null before it, and for opinions given before "
        "results were stated."
    )
    rereview_result: ReviewResultEnum | None = strawberry.field(
        description="The 复核 opinion's result on the 复查 opinion (维持 / 变更 / 撤销); null before it."
    )
    review_decided_by: str | None = strawberry.field(
        description="Who decided and signed a 复查 opinion given outside the county (the city), as the county recorded it."
    )
    rereview_decided_by: str | None = strawberry.field(
        description="Who decided and signed a 复核 opinion given outside the county, as the county recorded it."
    )
    flagged_for_county_at: dt.datetime | None
    extension_status: ExtensionStatusEnum | None
    extension_days: int | None
    extension_reason: str | None
    version: int
    # Computed when the object is built (plain fields: no resolver call per row).
    overdue: bool
    deadline_state: DeadlineStateEnum
    model: strawberry.Private[CaseModel]
    # Lists always mask petitioners; only the detail view of a handling unit unmasks.
    detail: strawberry.Private[bool] = False
    # The case list's fast lane (schema/case_list.py) hands unit and leader over already built.
    listed_unit: strawberry.Private[object] = NOT_LISTED
    listed_leader: strawberry.Private[object] = NOT_LISTED

    @classmethod
    def of(cls, case: CaseModel, *, detail: bool = False) -> "Case":
        state = deadline_state(case.due_at, utcnow())
        return cls(
            id=strawberry.ID(ids.encode("Case", case.id)),
            channel=case.channel,
            title=case.title,
            content=case.content,
            category=case.category,
            status=case.status,
            headcount=case.headcount,
            registered_at=case.registered_at,
            accept_due_at=case.accept_due_at,
            handle_due_at=case.handle_due_at,
            due_at=case.due_at,
            rating=case.rating,
            kind=case.kind,
            cause=case.cause,
            place=case.place,
            occurred_on=case.occurred_on,
            development=case.development,
            mediation=case.mediation,
            first_petition=case.first_petition,
            not_accepted_again=case.not_accepted_again,
            reject_reason=case.reject_reason,
            plan=case.plan,
            reply=case.reply,
            outcome=case.outcome,
            reply_round=case.reply_round,
            accepted_at=case.accepted_at,
            replied_at=case.replied_at,
            closed_at=case.closed_at,
            concluded_at=case.concluded_at,
            rating_due_at=case.rating_due_at,
            review_request_due_at=case.review_request_due_at,
            review_due_at=case.review_due_at,
            review_result=case.review_result,
            rereview_result=case.rereview_result,
            review_decided_by=case.review_decided_by,
            rereview_decided_by=case.rereview_decided_by,
            flagged_for_county_at=case.flagged_for_county_at,
            extension_status=case.extension_status,
            extension_days=case.extension_days,
            extension_reason=case.extension_reason,
            version=case.version,
            overdue=state == DeadlineState.OVERDUE,
            deadline_state=state,
            model=case,
            detail=detail,
        )

    @strawberry.field(description="查询码, the petitioner's credential: shown on the registration receipt "
                      "(registerCase) and to the units handling the case in its detail (the reply letter); "
                      "masked (************) in lists, exports and to every other viewer.")
    def query_code(self, info: Info) -> str:
        if self.view(info).query_code:
            return self.model.query_code
        return mask_query_code(self.model.query_code)

    def view(self, info: Info) -> case_visibility.CaseView:
        """What this viewer is shown of the case: decided in server/, only read here."""
        return case_visibility.view_of(info.context.principal, self.model, detail=self.detail)

    # unit and leader are plain resolvers: a listed row's are ready, otherwise they return the
    # loader's awaitable (no task per field when nothing is to be awaited).
    @strawberry.field
    def unit(self, info: Info) -> Unit:
        if self.listed_unit is not NOT_LISTED:
            return self.listed_unit
        return _unit(info, self.model.unit_id)

    @strawberry.field(description="The unit handling the matter now.")
    async def handler_unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.handler_unit_id))

    @strawberry.field
    def leader(self, info: Info) -> User | None:
        if self.listed_leader is not NOT_LISTED:
            return self.listed_leader
        if self.model.leader_id is None:
            return None
        return _user(info, self.model.leader_id)

    @strawberry.field(description="Masked (张**, 138****1234) unless the viewer handles the case.")
    async def petitioners(self, info: Info) -> list[Petitioner]:
        rows = await case_records.read_petitioners(
            db_session=info.context.db,
            principal=info.context.principal,
            case=self.model,
            unmasked=self.detail,
        )
        return [Petitioner(name=p.name, phone=p.phone) for p in rows]

    @strawberry.field
    async def timeline(self, info: Info) -> list[CaseEvent]:
        rows = await case_timeline.read(db_session=info.context.db, principal=info.context.principal, case_id=self.model.id)
        return [
            CaseEvent(kind=r.event.kind, at=r.event.at, note=r.note, satisfaction=r.satisfaction, model=r.event)
            for r in rows
        ]

    @strawberry.field(description="重信重访: the earlier case on the same matter, if the viewer may see it.")
    async def repeat_of(self, info: Info) -> "Case | None":
        if self.model.repeat_of_case_id is None:
            return None
        earlier = case_visibility.readable(
            info.context.principal, await info.context.loaders.case.load(self.model.repeat_of_case_id)
        )
        return Case.of(earlier) if earlier else None

    @strawberry.field(description="The 专班 handling team.")
    async def handlers(self, info: Info) -> list[User]:
        rows = await case_records.handlers(
            db_session=info.context.db, principal=info.context.principal, case_id=self.model.id
        )
        return [User.of(u) for u in rows]

    @strawberry.field(description="Notices published to the petitioner (acceptance, extension, reply ...).")
    async def documents(self, info: Info) -> list["PublicDocument"]:
        rows = await case_records.documents(
            db_session=info.context.db, principal=info.context.principal, case_id=self.model.id
        )
        return [PublicDocument.of(d) for d in rows]

    @strawberry.field(description="Each reply round (答复, 复查意见, 复核意见) with the petitioner's own rating of it, "
                      "oldest first: a round's rating stays after the next round opens (`rating` is the latest "
                      "round's, cleared by a new answer).")
    async def ratings(self, info: Info) -> list["RoundRating"]:
        rows = await case_rounds.reply_rounds(
            db_session=info.context.db, principal=info.context.principal, case_id=self.model.id
        )
        words = self.view(info).rating_comments
        return [RoundRating(round=r.round, answer=r.answer, answered_at=r.answered_at, rating=r.rating,
                            rated_at=r.rated_at, comment=r.comment if words else None) for r in rows]

    @strawberry.field(description="督办 and 催办 from upper units.")
    async def supervisions(self, info: Info) -> list["SupervisionNote"]:
        rows = await case_records.supervisions(
            db_session=info.context.db, principal=info.context.principal, case_id=self.model.id
        )
        return [
            SupervisionNote(kind=r.kind, note=r.note, due_at=r.due_at, created_at=r.created_at, model=r)
            for r in rows
        ]

    @strawberry.field
    async def attachments(self, info: Info) -> list["AttachmentInfo"]:
        rows = await case_files.attachments(
            db_session=info.context.db, principal=info.context.principal, case=self.model, detail=self.detail
        )
        return [AttachmentInfo.of(a) for a in rows]

    @strawberry.field(description="May the viewer add files to the case (addCaseAttachments): the units handling it.")
    def can_add_attachments(self, info: Info) -> bool:
        return self.view(info).attachments

    @strawberry.field(description="The body that reviews (复查) or re-reviews (复核) in the current or latest round; "
                      "null before any review was asked.")
    async def review_body(self, info: Info) -> "ReviewBody | None":
        rereview = case_rules.in_rereview(self.model)
        body_id = self.model.rereview_body_unit_id if rereview else self.model.review_body_unit_id
        body_id = body_id or self.model.review_unit_id
        if body_id is None:
            return None
        unit = await info.context.loaders.unit.load(body_id)
        return ReviewBody(
            name=unit.name if unit else "", rereview=rereview, outside=case_rules.reviewed_outside(self.model, rereview)
        )

    @strawberry.field(description="The running deadline (dueAt) is counted in working days through a year whose "
                      "holidays no source covers yet: provisional until an administrator enters that year.")
    async def deadline_provisional(self, info: Info) -> bool:
        return await deadline_provisional(info, self.model)

    @strawberry.field(description="Lifecycle steps the viewer may take now.")
    async def available_actions(self, info: Info) -> list[CaseActionEnum]:
        review_unit = None
        if self.model.review_unit_id:
            review_unit = await info.context.loaders.unit.load(self.model.review_unit_id)
        return permitted(info.context.principal, self.model, review_unit)

    @strawberry.field(description="The signed single-use rating link printed as a QR code on the reply letter (handlers only).")
    async def rating_token(self, info: Info) -> str | None:
        if not self.view(info).rating_link:
            return None
        return await public_rating.rating_link(
            db_session=info.context.db, settings=info.context.settings, principal=info.context.principal, case=self.model
        )


@strawberry.type(description="Who reviews: the unit above the one that answered. `outside` when it is outside the "
                 "county (the city): the county bureau records its opinion with decideReview(decidedBy, attachmentIds).")
class ReviewBody:
    name: str
    rereview: bool = strawberry.field(description="复核 (true) or 复查 (false)")
    outside: bool


# GraphQL names for the domain's enums; the `…Enum` names are aliases of the classes (see schema/types.py).
strawberry.enum(
    case_rounds.AnswerKind, name="AnswerKind", description="The answer that opens a rating round: 答复 / 复查意见 / 复核意见")
AnswerKindEnum = case_rounds.AnswerKind


@strawberry.type(description="One reply round of a case and the petitioner's rating of it (满意度评价).")
class RoundRating:
    round: int = strawberry.field(description="1 答复, 2 复查意见, 3 复核意见")
    answer: AnswerKindEnum
    answered_at: dt.datetime
    rating: SatisfactionEnum | None = strawberry.field(description="Null: not rated (yet).")
    rated_at: dt.datetime | None
    comment: str | None = strawberry.field(description="The petitioner's comment: to the units handling the case only.")


@strawberry.type
class SupervisionNote:
    kind: str
    note: str | None
    due_at: dt.datetime | None
    created_at: dt.datetime
    model: strawberry.Private[SupervisionModel]

    @strawberry.field
    async def from_unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.from_unit_id))


@strawberry.type
class CaseEdge:
    node: Case
    cursor: str


@strawberry.type
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo
    count_query: strawberry.Private[Select]

    @strawberry.field
    async def total_count(self, info: Info) -> int:
        # Counted only when asked for: the list itself never pays for it.
        return await case_queries.count(db_session=info.context.db, query=self.count_query)

"""The citizen's operations: no sign-in, reached by query code + phone digits or a signed link."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.types import (
    CaseStatusEnum,
    ChannelEnum,
    MatterKindEnum,
    OutcomeEnum,
    PublicDocument,
    SatisfactionEnum,
    deadline_provisional,
)
from server import ids
from server.case import public as public_service
from server.case import public_rating, public_review, public_submission, public_units
from server.case import records as case_records
from server.case.models import Case as CaseModel
from server.case.models import MatterKind
from server.case.registration import PetitionerIn, RegisterCase
from server.dates import utcnow
from server.pagination import page_size
from server.security.client import client_address
from server.unit.models import Unit as UnitModel


def _caller(info: Info) -> public_service.Caller:
    settings = info.context.settings
    return public_service.Caller(ip=client_address(info.context.request, settings.trusted_proxies), settings=settings)


@strawberry.type(description="What a petitioner sees of their case: no officials' notes, no other people.")
class PublicCase:
    query_code: str
    title: str
    status: CaseStatusEnum
    unit_name: str
    reply: str | None
    rating: SatisfactionEnum | None
    can_rate: bool
    can_request_review: bool
    registered_at: dt.datetime
    accept_due_at: dt.datetime
    handle_due_at: dt.datetime | None
    outcome: OutcomeEnum | None
    rating_due_at: dt.datetime | None
    review_request_due_at: dt.datetime | None = strawberry.field(
        description="Last day to ask the level above for a review (复查/复核), 30 days after the written answer."
    )
    concluded_at: dt.datetime | None = strawberry.field(
        description="三级终结: when the 复核 opinion concluded the matter (no further review; the same facts are "
        "not accepted again)."
    )
    review_due_at: dt.datetime | None = strawberry.field(
        description="While under 复查 / 复核: the day the opinion is due (30 days from the request)."
    )
    model: strawberry.Private[CaseModel]

    @classmethod
    async def of(cls, info: Info, case: CaseModel) -> "PublicCase":
        unit = await info.context.loaders.unit.load(case.unit_id)
        now = utcnow()
        return cls(
            query_code=case.query_code, title=case.title, status=case.status, unit_name=unit.name,
            reply=case.reply, rating=case.rating, can_rate=public_rating.can_rate(case, now),
            can_request_review=await public_review.can_request_review(info.context.db, case, now),
            registered_at=case.registered_at, accept_due_at=case.accept_due_at, handle_due_at=case.handle_due_at,
            outcome=case.outcome, rating_due_at=case.rating_due_at,
            review_request_due_at=case.review_request_due_at, concluded_at=case.concluded_at,
            review_due_at=case.review_due_at, model=case,
        )

    @strawberry.field(description="The running deadline is counted through a year whose holidays are not known yet "
                      "(provisional until they are entered).")
    async def deadline_provisional(self, info: Info) -> bool:
        return await deadline_provisional(info, self.model)

    @strawberry.field(description="The body that reviews now or next: for 复查 / 复核 (the level above the answer in force).")
    async def review_body(self, info: Info) -> str | None:
        return await public_review.review_body_name(info.context.db, self.model, utcnow())

    @strawberry.field(description="Published notices: acceptance, extension, reply, review opinions.")
    async def documents(self, info: Info) -> list[PublicDocument]:
        rows = await case_records.published_documents(db_session=info.context.db, case=self.model)
        return [PublicDocument.of(d) for d in rows]


@strawberry.type
class PublicCasePayload:
    case: PublicCase | None
    user_errors: list[UserError]


@strawberry.input
class SubmitPetitionInput:
    unit_id: strawberry.ID
    title: str
    content: str
    category: str | None = None
    kind: MatterKindEnum | None = None
    name: str
    phone: str
    place: str | None = None
    headcount: int | None = 1
    accused_unit_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="检举控告: the unit whose officials the accusation concerns; left out (\"not sure\"), the unit "
        "chosen. It is handled one level above that unit and hidden from it and everything under it.",
    )
    attachment_tokens: list[str] | None = strawberry.field(
        default=None,
        description="Photos and scans: the tokens `POST /public/attachments` answered (a handful at most).",
    )


@strawberry.type
class SubmitPetitionPayload:
    query_code: str | None = strawberry.field(description="查询码: keep it to track the petition")
    case: PublicCase | None
    user_errors: list[UserError]


@strawberry.type
class PublicUnit:
    id: strawberry.ID
    name: str
    level: str

    @classmethod
    def of(cls, unit: UnitModel) -> "PublicUnit":
        return cls(id=strawberry.ID(ids.encode("Unit", unit.id)), name=unit.name, level=str(unit.level))


async def _public_payload(info: Info, run) -> PublicCasePayload:
    async def build(case, errors):
        return PublicCasePayload(case=await PublicCase.of(info, case) if case else None, user_errors=errors)

    payload = await as_payload(info.context.locale, run, lambda case, errors: (case, errors))
    return await build(*payload)


@strawberry.type
class PublicQuery:
    @strawberry.field(description="Track a case by its query code and the last 4 digits of the petitioner's phone.")
    async def track_case(self, info: Info, query_code: str, phone_last4: str) -> PublicCase | None:
        case = await public_service.track(
            db_session=info.context.db, caller=_caller(info), query_code=query_code, phone_last4=phone_last4
        )
        return await PublicCase.of(info, case) if case else None

    @strawberry.field(description="The case behind a rating link from the QR code on a reply letter.")
    async def rating_link_case(self, info: Info, token: str) -> PublicCase | None:
        case = await public_service.case_by_link(db_session=info.context.db, caller=_caller(info), token=token)
        return await PublicCase.of(info, case) if case else None

    @strawberry.field(
        description="Units a citizen can address a petition to (counties, or the children of parentId): at most "
        f"the first {public_units.OLD_UNITS_CUT} by path — publicUnitsConnection pages through all of them.",
        deprecation_reason=f"Stops at {public_units.OLD_UNITS_CUT} units; use publicUnitsConnection.",
    )
    async def public_units(self, info: Info, parent_id: strawberry.ID | None = None) -> list[PublicUnit]:
        rows = await public_units.addressable_units(
            db_session=info.context.db,
            parent_id=ids.decode("Unit", parent_id, field=["parentId"]) if parent_id else None,
        )
        return [PublicUnit.of(u) for u in rows]

    @strawberry.field(
        description="Units a citizen can address a petition to, a page at a time: the counties, or the children "
        "of parentId (townships, villages), by path; totalCount when asked."
    )
    async def public_units_connection(
        self, info: Info, parent_id: strawberry.ID | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[PublicUnit]:
        page, query = await public_units.addressable_units_page(
            db_session=info.context.db,
            parent_id=ids.decode("Unit", parent_id, field=["parentId"]) if parent_id else None,
            first=page_size(first, info.context.settings), after=after,
        )
        return connection(page, query, PublicUnit.of)


@strawberry.type
class PublicMutation:
    @strawberry.mutation(description="Ask the level above for a review (复查) or re-review (复核).")
    async def request_review(self, info: Info, query_code: str, phone_last4: str, reason: str) -> PublicCasePayload:
        async def run() -> CaseModel:
            return await public_review.request_review(
                db_session=info.context.db, caller=_caller(info), query_code=query_code,
                phone_last4=phone_last4, reason=reason,
            )

        return await _public_payload(info, run)

    @strawberry.mutation(description="Rate the reply: once per reply, within the tenant's window.")
    async def rate_case(
        self, info: Info, query_code: str, phone_last4: str, level: SatisfactionEnum, comment: str | None = None
    ) -> PublicCasePayload:
        async def run() -> CaseModel:
            return await public_rating.rate(
                db_session=info.context.db, caller=_caller(info), query_code=query_code,
                phone_last4=phone_last4, level=level, comment=comment,
            )

        return await _public_payload(info, run)

    @strawberry.mutation(description="Rate through the single-use link of the QR code on the reply.")
    async def rate_case_by_link(
        self, info: Info, token: str, level: SatisfactionEnum, comment: str | None = None
    ) -> PublicCasePayload:
        async def run() -> CaseModel:
            return await public_rating.rate_by_link(
                db_session=info.context.db, caller=_caller(info), token=token, level=level, comment=comment,
            )

        return await _public_payload(info, run)

    @strawberry.mutation(description="网上信访: submit a petition online; the answer carries the query code.")
    async def submit_petition(self, info: Info, input: SubmitPetitionInput) -> SubmitPetitionPayload:
        async def run() -> CaseModel:
            return await public_submission.submit_online(
                db_session=info.context.db,
                caller=_caller(info),
                data=RegisterCase(
                    unit_id=ids.decode("Unit", input.unit_id, field=["input", "unitId"]),
                    channel=ChannelEnum.ONLINE,
                    title=input.title,
                    content=input.content,
                    category=input.category,
                    kind=input.kind or MatterKind.COMPLAINT,
                    place=input.place,
                    headcount=input.headcount if input.headcount is not None else 1,
                    petitioners=[PetitionerIn(input.name, input.phone)],
                    accused_unit_id=ids.decode("Unit", input.accused_unit_id, field=["input", "accusedUnitId"])
                    if input.accused_unit_id else None,
                ),
                attachment_tokens=input.attachment_tokens,
            )

        case, errors = await as_payload(info.context.locale, run, lambda c, e: (c, e))
        return SubmitPetitionPayload(
            query_code=case.query_code if case else None,
            case=await PublicCase.of(info, case) if case else None,
            user_errors=errors,
        )

"""Petition cases for officials: registration and the lifecycle mutations."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.case_types import Case
from schema.cases import decode_case_id
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.types import ChannelEnum, MatterKindEnum, OutcomeEnum, ReviewResultEnum
from server import ids
from server.case import files as case_files
from server.case import flows
from server.case import registration as case_registration
from server.case import visibility as case_visibility
from server.case.models import Case as CaseModel
from server.case.models import MatterKind
from server.case.rules import Action
from server.case.step import Step


@strawberry.input
class PetitionerInput:
    name: str
    phone: str


@strawberry.input
class RegisterCaseInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit the matter belongs to (属地)")
    channel: ChannelEnum
    title: str
    content: str
    category: str | None = None
    headcount: int | None = 1
    petitioners: list[PetitionerInput]
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Idempotency key: the same key twice registers one case"
    )
    kind: MatterKindEnum | None = None
    cause: str | None = strawberry.field(default=None, description="起因")
    place: str | None = strawberry.field(default=None, description="地点")
    occurred_on: dt.date | None = strawberry.field(default=None, description="时间")
    development: str | None = strawberry.field(default=None, description="事态发展")
    mediation: str | None = strawberry.field(default=None, description="调处情况")
    accused_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="检举控告: the unit whose officials are accused (handled one level up)"
    )
    attachment_ids: list[strawberry.ID] | None = None


@strawberry.type
class CasePayload:
    case: Case | None
    user_errors: list[UserError]
    receipt: "RegistrationReceipt | None" = strawberry.field(
        default=None,
        description="registerCase: the receipt for whoever registered it — the query code to give the petitioner "
        "and the time — also when the case itself is hidden from them (an accusation against their own unit).",
    )


@strawberry.type(description="登记回执: what the registering official gives the petitioner.")
class RegistrationReceipt:
    query_code: str
    registered_at: dt.datetime


def _payload(ctx, case: CaseModel | None, errors: list[UserError]) -> CasePayload:
    visible = case_visibility.readable(ctx.principal, case) if case is not None else None
    return CasePayload(case=Case.of(visible, detail=True) if visible else None, user_errors=errors)


async def _step(info: Info, id: strawberry.ID, step: Step) -> CasePayload:
    ctx = info.context

    async def run() -> CaseModel:
        return await flows.act(db_session=ctx.db, principal=ctx.principal, case_id=decode_case_id(id), step=step)

    return await as_payload(ctx.locale, run, lambda case, errors: _payload(ctx, case, errors))


@strawberry.type
class CaseMutation:
    @strawberry.mutation(extensions=signed_in(), description="登记")
    async def register_case(self, info: Info, input: RegisterCaseInput) -> CasePayload:
        ctx = info.context

        async def run() -> CaseModel:
            return await case_registration.register(
                db_session=ctx.db,
                principal=ctx.principal,
                data=case_registration.RegisterCase(
                    unit_id=ids.decode("Unit", input.unit_id, field=["input", "unitId"]),
                    channel=input.channel,
                    title=input.title,
                    content=input.content,
                    category=input.category,
                    headcount=input.headcount if input.headcount is not None else 1,
                    petitioners=[case_registration.PetitionerIn(p.name, p.phone) for p in input.petitioners],
                    client_mutation_id=input.client_mutation_id,
                    kind=input.kind or MatterKind.COMPLAINT,
                    cause=input.cause,
                    place=input.place,
                    occurred_on=input.occurred_on,
                    development=input.development,
                    mediation=input.mediation,
                    accused_unit_id=ids.decode("Unit", input.accused_unit_id, field=["input", "accusedUnitId"])
                    if input.accused_unit_id else None,
                    attachment_ids=[
                        ids.decode("Attachment", a, field=["input", "attachmentIds"]) for a in input.attachment_ids or []
                    ],
                ),
            )

        def build(case: CaseModel | None, errors: list[UserError]) -> CasePayload:
            payload = _payload(ctx, case, errors)
            receipt = case_visibility.receipt_of(ctx.principal, case) if case is not None else None
            if receipt is not None:
                payload.receipt = RegistrationReceipt(query_code=receipt.query_code, registered_at=receipt.registered_at)
            return payload

        return await as_payload(ctx.locale, run, build)

    @strawberry.mutation(extensions=signed_in(),
                         description="Add photos or scans (uploaded through POST /attachments) to a registered case; "
                         "for the units handling it. Recorded on the timeline.")
    async def add_case_attachments(
        self, info: Info, case_id: strawberry.ID, attachment_ids: list[strawberry.ID]
    ) -> CasePayload:
        ctx = info.context

        async def run() -> CaseModel:
            return await case_files.add_attachments(
                db_session=ctx.db, principal=ctx.principal, case_id=ids.decode("Case", case_id, field=["caseId"]),
                attachment_ids=[ids.decode("Attachment", a, field=["attachmentIds"]) for a in attachment_ids],
            )

        return await as_payload(ctx.locale, run, lambda case, errors: _payload(ctx, case, errors))

    @strawberry.mutation(extensions=signed_in(), description="受理")
    async def accept_case(self, info: Info, id: strawberry.ID, note: str | None = None) -> CasePayload:
        return await _step(info, id, Step(Action.ACCEPT, note=note))

    @strawberry.mutation(extensions=signed_in(), description="不予受理 (the reason is published to the petitioner)")
    async def reject_case(self, info: Info, id: strawberry.ID, reason: str) -> CasePayload:
        return await _step(info, id, Step(Action.REJECT, reason=reason))

    @strawberry.mutation(extensions=signed_in(), description="转送 to the unit responsible; the history stays with the case")
    async def forward_case(self, info: Info, id: strawberry.ID, unit_id: strawberry.ID, note: str | None = None) -> CasePayload:
        target = ids.decode("Unit", unit_id, field=["unitId"])
        return await _step(info, id, Step(Action.FORWARD, note=note, target_unit_id=target))

    @strawberry.mutation(extensions=signed_in(), description="交办: 包案领导, 专班 and 化解方案")
    async def assign_case(
        self, info: Info, id: strawberry.ID, leader_id: strawberry.ID,
        handler_ids: list[strawberry.ID] | None = None, plan: str | None = None,
    ) -> CasePayload:
        step = Step(
            Action.ASSIGN,
            leader_id=ids.decode("User", leader_id, field=["leaderId"]),
            handler_ids=[ids.decode("User", h, field=["handlerIds"]) for h in handler_ids or []],
            plan=plan,
        )
        return await _step(info, id, step)

    @strawberry.mutation(extensions=signed_in(), description="办理: a progress note (meeting, visit, call)")
    async def add_case_note(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(info, id, Step(Action.PROGRESS, note=note))

    @strawberry.mutation(extensions=signed_in(), description="延期: ask the level above for one extension")
    async def request_extension(self, info: Info, id: strawberry.ID, days: int, reason: str) -> CasePayload:
        return await _step(info, id, Step(Action.REQUEST_EXTENSION, days=days, reason=reason))

    @strawberry.mutation(extensions=signed_in(), description="Approve or refuse an extension (the level above the handler)")
    async def decide_extension(self, info: Info, id: strawberry.ID, approve: bool, note: str | None = None) -> CasePayload:
        action = Action.APPROVE_EXTENSION if approve else Action.REFUSE_EXTENSION
        return await _step(info, id, Step(action, note=note))

    @strawberry.mutation(extensions=signed_in(), description="答复: the written reply (信访处理意见书) with its outcome")
    async def reply_case(self, info: Info, id: strawberry.ID, reply: str, outcome: OutcomeEnum | None = None) -> CasePayload:
        return await _step(info, id, Step(Action.REPLY, reply=reply, outcome=outcome))

    @strawberry.mutation(extensions=signed_in(), description="办结")
    async def close_case(self, info: Info, id: strawberry.ID, note: str | None = None) -> CasePayload:
        return await _step(info, id, Step(Action.CLOSE, note=note))

    @strawberry.mutation(extensions=signed_in(),
                         description="复查/复核 opinion by the level above (a re-review concludes the matter). "
                         "`result` is required: UPHELD (维持) keeps the outcome of the answer reviewed (omit "
                         "`outcome` or repeat it); CHANGED (变更) and REVOKED (撤销) need the new `outcome`. "
                         "Refusals are userErrors on `result` or `outcome`. When the body is outside the county "
                         "(`Case.reviewBody.outside`: the city), the county bureau records the opinion it received: "
                         "`decidedBy` (the body and signer) and `attachmentIds` (the scanned opinion) are required.")
    async def decide_review(
        self, info: Info, id: strawberry.ID, opinion: str, result: ReviewResultEnum | None = None,
        outcome: OutcomeEnum | None = None, decided_by: str | None = None,
        attachment_ids: list[strawberry.ID] | None = None,
    ) -> CasePayload:
        step = Step(
            Action.DECIDE_REVIEW, reply=opinion, outcome=outcome, review_result=result, decided_by=decided_by,
            attachment_ids=[ids.decode("Attachment", a, field=["attachmentIds"]) for a in attachment_ids or []],
        )
        return await _step(info, id, step)

    @strawberry.mutation(extensions=signed_in(),
                         description="不再受理 (信访工作条例 Art. 36): decline a petition marked `notAcceptedAgain` "
                         "(the same facts as a concluded matter) with the statute's wording; `note` is added to it.")
    async def decline_again(self, info: Info, id: strawberry.ID, note: str | None = None) -> CasePayload:
        return await _step(info, id, Step(Action.DECLINE_AGAIN, note=note))

    @strawberry.mutation(extensions=signed_in(), description="督办 from an upper unit")
    async def supervise_case(
        self, info: Info, id: strawberry.ID, note: str | None = None, due_at: dt.datetime | None = None
    ) -> CasePayload:
        return await _step(info, id, Step(Action.SUPERVISE, note=note, due_at=due_at))

    @strawberry.mutation(extensions=signed_in(), description="催办 from an upper unit")
    async def remind_case(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(info, id, Step(Action.REMIND, note=note))

    @strawberry.mutation(extensions=signed_in(), description="回访 done after a dissatisfied rating (clears the flag)")
    async def follow_up_case(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(info, id, Step(Action.FOLLOW_UP, note=note))

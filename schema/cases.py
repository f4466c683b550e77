"""Petition cases for officials: queries, the lifecycle mutations, the inbox."""
import asyncio
import datetime as dt
from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from schema import case_list
from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.types import (
    Case,
    CaseConnection,
    CaseEdge,
    CaseStatusEnum,
    ChannelEnum,
    MatterKindEnum,
    OutcomeEnum,
    PageInfo,
    ReviewResultEnum,
    Unit,
    User,
)
from schema.viewer import ViewerCan
from server import ids
from server.auth import capabilities
from server.case import assignment as case_assignment
from server.case import files as case_files
from server.case import flows, listing
from server.case import queries as case_queries
from server.case import registration as case_registration
from server.case import visibility as case_visibility
from server.case.inbox import InboxTask, task_query
from server.case.models import Case as CaseModel
from server.case.models import MatterKind
from server.case.rules import Action
from server.events import broker
from server.pagination import page_size
from server.tenant import service as tenant_service

InboxTaskEnum = strawberry.enum(InboxTask, name="InboxTask")


@strawberry.type(description="A possible 包案 leader: the person, the handling role and the unit it is held at.")
class LeaderOption:
    user: User
    role: str
    unit: Unit


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


@strawberry.input
class CaseFilter:
    unit_id: strawberry.ID | None = None
    status: list[CaseStatusEnum] | None = None
    overdue: bool | None = None
    search: str | None = None
    due_soon: bool | None = None
    flagged: bool | None = strawberry.field(default=None, description="dissatisfied rating awaiting 回访")
    repeat: bool | None = strawberry.field(default=None, description="重信重访 (true) or 初信初访 (false)")
    kind: MatterKindEnum | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None


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


@strawberry.type
class InboxCounts:
    to_accept: int
    to_assign: int
    due_soon: int
    overdue: int
    supervised: int
    to_review: int
    extension_requests: int
    flagged: int


def to_service_filter(flt: CaseFilter | None) -> case_queries.CaseFilter:
    flt = flt or CaseFilter()
    return case_queries.CaseFilter(
        unit_id=ids.decode("Unit", flt.unit_id, field=["filter", "unitId"]) if flt.unit_id else None,
        statuses=list(flt.status) if flt.status else None,
        overdue=flt.overdue,
        due_soon=flt.due_soon,
        flagged=flt.flagged,
        repeat=flt.repeat,
        kind=flt.kind,
        search=flt.search,
        registered_from=flt.registered_from,
        registered_to=flt.registered_to,
    )


def _connection(page, count_query) -> CaseConnection:
    return CaseConnection(
        edges=[CaseEdge(node=Case.of(c), cursor=cur) for c, cur in zip(page.items, page.cursors, strict=True)],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.cursors[-1] if page.cursors else None),
        count_query=count_query,
    )


async def inbox_counts(ctx) -> InboxCounts:
    settings = await tenant_service.get_settings(db_session=ctx.db, tenant_id=ctx.principal.tenant_id)
    counts = {}
    for task in InboxTask:
        query = task_query(ctx.principal, task, due_soon_days=settings.due_soon_days)
        counts[task.lower()] = await case_queries.count(db_session=ctx.db, query=query)
    return InboxCounts(**counts)


@strawberry.type
class CaseQuery:
    @strawberry.field(description="What the viewer may do (all false when not signed in).")
    def viewer_can(self, info: Info) -> ViewerCan:
        return ViewerCan(can=capabilities.of(info.context.principal))

    @strawberry.field(extensions=signed_in(),
                      description="Units the viewer may forward (转送) this case to now: the county and its "
                      "townships, never the unit handling it, never the accused unit or its subtree. Empty when "
                      "the viewer may not forward it.")
    async def forward_targets(self, info: Info, case_id: strawberry.ID) -> list[Unit]:
        ctx = info.context
        rows = await flows.forward_targets(
            db_session=ctx.db, principal=ctx.principal, case_id=ids.decode("Case", case_id, field=["caseId"])
        )
        return [Unit.of(u) for u in rows]

    @strawberry.field(extensions=signed_in(), name="case")
    async def case_(self, info: Info, id: strawberry.ID) -> Case | None:
        ctx = info.context
        case = case_visibility.readable(
            ctx.principal, await ctx.loaders.case.load(ids.decode("Case", id, field=["id"]))
        )
        return Case.of(case, detail=True) if case else None

    @strawberry.field(extensions=signed_in())
    async def cases(
        self,
        info: Info,
        filter: CaseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> CaseConnection:
        ctx = info.context
        columns = case_list.plan(info)
        if columns is None:
            page, count_query = await case_queries.list_cases(
                db_session=ctx.db,
                principal=ctx.principal,
                flt=to_service_filter(filter),
                first=page_size(first, ctx.settings),
                after=after,
            )
            return _connection(page, count_query)
        # The fast lane: the same query, only the selected columns (schema/case_list.py).
        size = page_size(first, ctx.settings)
        query = await case_queries.filtered_query(db_session=ctx.db, principal=ctx.principal, flt=to_service_filter(filter))
        rows = await listing.page_rows(db_session=ctx.db, query=query, columns=columns, first=size, after=after)
        return case_list.connection(rows, query, columns)

    @strawberry.field(extensions=signed_in(),
                      description="People who may lead or join the handling of a case (for the 交办 pickers): "
                      f"at most the first {case_assignment.OLD_ASSIGNEES_CUT} — caseAssigneesConnection pages "
                      "through all of them.",
                      deprecation_reason=f"Stops at {case_assignment.OLD_ASSIGNEES_CUT} people; use "
                      "caseAssigneesConnection.")
    async def case_assignees(self, info: Info, id: strawberry.ID) -> list[User]:
        ctx = info.context
        case = await ctx.loaders.case.load(_case_id(id))
        if case is None:
            return []
        return [User.of(u) for u in await case_assignment.assignees(db_session=ctx.db, principal=ctx.principal, case=case)]

    @strawberry.field(extensions=signed_in(),
                      description="People who may lead or join the handling of a case (the 交办 pickers), a page "
                      "at a time: the handling unit, its subtree and the units above it, by unit then account — "
                      "never anyone of an accused unit; empty for a viewer who may not assign the case.")
    async def case_assignees_connection(
        self, info: Info, id: strawberry.ID, first: int | None = None, after: str | None = None
    ) -> Connection[User]:
        ctx = info.context
        page, query = await case_assignment.assignees_page(
            db_session=ctx.db, principal=ctx.principal, case=await ctx.loaders.case.load(_case_id(id)),
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, User.of)

    @strawberry.field(extensions=signed_in(),
                      description="包案领导 picker: people with a handling role at the handling unit or above it, "
                      "with that role and the unit where they hold it (assignCase refuses anyone else).")
    async def case_leader_options(self, info: Info, id: strawberry.ID) -> list[LeaderOption]:
        ctx = info.context
        case = await ctx.loaders.case.load(_case_id(id))
        if case is None:
            return []
        options = await case_assignment.leader_options(db_session=ctx.db, principal=ctx.principal, case=case)
        return [LeaderOption(user=User.of(o.user), role=o.role, unit=Unit.of(o.unit)) for o in options]

    @strawberry.field(extensions=signed_in(), description="我的待办: how many cases wait on the viewer, per task.")
    async def inbox(self, info: Info) -> InboxCounts:
        return await inbox_counts(info.context)

    @strawberry.field(extensions=signed_in(), description="The cases of one inbox task, newest first.")
    async def inbox_cases(
        self, info: Info, task: InboxTaskEnum, first: int | None = None, after: str | None = None
    ) -> CaseConnection:
        ctx = info.context
        settings = await tenant_service.get_settings(db_session=ctx.db, tenant_id=ctx.principal.tenant_id)
        query = task_query(ctx.principal, task, due_soon_days=settings.due_soon_days)
        page = await case_queries.page_of(db_session=ctx.db, query=query, first=page_size(first, ctx.settings), after=after)
        return _connection(page, query)


def _case_id(id: strawberry.ID) -> int:
    return ids.decode("Case", id, field=["id"])


def _payload(ctx, case: CaseModel | None, errors: list[UserError]) -> CasePayload:
    visible = case_visibility.readable(ctx.principal, case) if case is not None else None
    return CasePayload(case=Case.of(visible, detail=True) if visible else None, user_errors=errors)


async def _step(info: Info, id: strawberry.ID, step: flows.Step) -> CasePayload:
    ctx = info.context

    async def run() -> CaseModel:
        return await flows.act(db_session=ctx.db, principal=ctx.principal, case_id=_case_id(id), step=step)

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
        return await _step(info, id, flows.Step(Action.ACCEPT, note=note))

    @strawberry.mutation(extensions=signed_in(), description="不予受理 (the reason is published to the petitioner)")
    async def reject_case(self, info: Info, id: strawberry.ID, reason: str) -> CasePayload:
        return await _step(info, id, flows.Step(Action.REJECT, reason=reason))

    @strawberry.mutation(extensions=signed_in(), description="转送 to the unit responsible; the history stays with the case")
    async def forward_case(self, info: Info, id: strawberry.ID, unit_id: strawberry.ID, note: str | None = None) -> CasePayload:
        target = ids.decode("Unit", unit_id, field=["unitId"])
        return await _step(info, id, flows.Step(Action.FORWARD, note=note, target_unit_id=target))

    @strawberry.mutation(extensions=signed_in(), description="交办: 包案领导, 专班 and 化解方案")
    async def assign_case(
        self, info: Info, id: strawberry.ID, leader_id: strawberry.ID,
        handler_ids: list[strawberry.ID] | None = None, plan: str | None = None,
    ) -> CasePayload:
        step = flows.Step(
            Action.ASSIGN,
            leader_id=ids.decode("User", leader_id, field=["leaderId"]),
            handler_ids=[ids.decode("User", h, field=["handlerIds"]) for h in handler_ids or []],
            plan=plan,
        )
        return await _step(info, id, step)

    @strawberry.mutation(extensions=signed_in(), description="办理: a progress note (meeting, visit, call)")
    async def add_case_note(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(info, id, flows.Step(Action.PROGRESS, note=note))

    @strawberry.mutation(extensions=signed_in(), description="延期: ask the level above for one extension")
    async def request_extension(self, info: Info, id: strawberry.ID, days: int, reason: str) -> CasePayload:
        return await _step(info, id, flows.Step(Action.REQUEST_EXTENSION, days=days, reason=reason))

    @strawberry.mutation(extensions=signed_in(), description="Approve or refuse an extension (the level above the handler)")
    async def decide_extension(self, info: Info, id: strawberry.ID, approve: bool, note: str | None = None) -> CasePayload:
        action = Action.APPROVE_EXTENSION if approve else Action.REFUSE_EXTENSION
        return await _step(info, id, flows.Step(action, note=note))

    @strawberry.mutation(extensions=signed_in(), description="答复: the written reply (信访处理意见书) with its outcome")
    async def reply_case(self, info: Info, id: strawberry.ID, reply: str, outcome: OutcomeEnum | None = None) -> CasePayload:
        return await _step(info, id, flows.Step(Action.REPLY, reply=reply, outcome=outcome))

    @strawberry.mutation(extensions=signed_in(), description="办结")
    async def close_case(self, info: Info, id: strawberry.ID, note: str | None = None) -> CasePayload:
        return await _step(info, id, flows.Step(Action.CLOSE, note=note))

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
        step = flows.Step(
            Action.DECIDE_REVIEW, reply=opinion, outcome=outcome, review_result=result, decided_by=decided_by,
            attachment_ids=[ids.decode("Attachment", a, field=["attachmentIds"]) for a in attachment_ids or []],
        )
        return await _step(info, id, step)

    @strawberry.mutation(extensions=signed_in(),
                         description="不再受理 (信访工作条例 Art. 36): decline a petition marked `notAcceptedAgain` "
                         "(the same facts as a concluded matter) with the statute's wording; `note` is added to it.")
    async def decline_again(self, info: Info, id: strawberry.ID, note: str | None = None) -> CasePayload:
        return await _step(info, id, flows.Step(Action.DECLINE_AGAIN, note=note))

    @strawberry.mutation(extensions=signed_in(), description="督办 from an upper unit")
    async def supervise_case(
        self, info: Info, id: strawberry.ID, note: str | None = None, due_at: dt.datetime | None = None
    ) -> CasePayload:
        return await _step(info, id, flows.Step(Action.SUPERVISE, note=note, due_at=due_at))

    @strawberry.mutation(extensions=signed_in(), description="催办 from an upper unit")
    async def remind_case(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(info, id, flows.Step(Action.REMIND, note=note))

    @strawberry.mutation(extensions=signed_in(), description="回访 done after a dissatisfied rating (clears the flag)")
    async def follow_up_case(self, info: Info, id: strawberry.ID, note: str) -> CasePayload:
        return await _step(info, id, flows.Step(Action.FOLLOW_UP, note=note))


@strawberry.type
class CaseSubscription:
    @strawberry.subscription(extensions=signed_in(),
                             description="The viewer's inbox counts, sent again whenever a visible case changes.")
    async def inbox_changed(self, info: Info) -> AsyncGenerator[InboxCounts, None]:
        ctx = info.context
        queue = broker.subscribe()

        async def counts() -> InboxCounts:
            # A session per update, closed before yielding: an idle socket holds no connection.
            async with ctx.open_session() as session:
                return await inbox_counts(ctx.with_db(session))

        try:
            yield await counts()
            while True:
                event = await queue.get()
                if not case_visibility.sees_change(ctx.principal, event):
                    continue
                await asyncio.sleep(0.2)  # let a burst of changes settle into one update
                while not queue.empty():
                    queue.get_nowait()
                yield await counts()
        finally:
            broker.unsubscribe(queue)

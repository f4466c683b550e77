"""Petition cases for officials: queries, the inbox and its live counts (the mutations are in case_mutations)."""
import asyncio
import datetime as dt
from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from schema import case_list
from schema.case_types import Case, CaseConnection, CaseEdge
from schema.connection import Connection, connection
from schema.permissions import signed_in
from schema.types import CaseStatusEnum, MatterKindEnum, PageInfo, Unit, User
from schema.viewer import ViewerCan
from server import ids
from server.auth import capabilities
from server.case import assignment as case_assignment
from server.case import flows, listing
from server.case import queries as case_queries
from server.case import visibility as case_visibility
from server.case.inbox import InboxTask, task_query
from server.events import broker
from server.pagination import page_size
from server.tenant import service as tenant_service

# GraphQL names for the domain's enums; the `…Enum` names are aliases of the classes (see schema/types.py).
strawberry.enum(InboxTask, name="InboxTask")
InboxTaskEnum = InboxTask


@strawberry.type(description="A possible 包案 leader: the person, the handling role and the unit it is held at.")
class LeaderOption:
    user: User
    role: str
    unit: Unit


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
        case = await ctx.loaders.case.load(decode_case_id(id))
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
            db_session=ctx.db, principal=ctx.principal, case=await ctx.loaders.case.load(decode_case_id(id)),
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, User.of)

    @strawberry.field(extensions=signed_in(),
                      description="包案领导 picker: people with a handling role at the handling unit or above it, "
                      "with that role and the unit where they hold it (assignCase refuses anyone else).")
    async def case_leader_options(self, info: Info, id: strawberry.ID) -> list[LeaderOption]:
        ctx = info.context
        case = await ctx.loaders.case.load(decode_case_id(id))
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


def decode_case_id(id: strawberry.ID) -> int:
    return ids.decode("Case", id, field=["id"])


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

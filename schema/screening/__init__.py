"""Dispute screening (矛盾纠纷排查) in GraphQL: reports, disputes and mediation, meetings — one module
each, mapped onto `server.screening.reports`, `.disputes` and `.meetings`."""
import strawberry
from strawberry.types import Info

from schema.permissions import signed_in
from schema.screening.disputes import DisputeMutation, DisputeQuery
from schema.screening.meetings import MeetingDecision, MeetingMutation, MeetingQuery, UnitMeetings
from schema.screening.reports import ReportMutation, ReportQuery, UnitReporting
from server.screening import tasks as task_service


@strawberry.type(description="What the viewer has to do: reports and routine meetings due or missing, decisions they own.")
class ScreeningTasks:
    reports: list[UnitReporting]
    meetings: list[UnitMeetings] = strawberry.field(
        description="The viewer's unit's 排查调处例会 when due or missing (for those who minute meetings)."
    )
    decisions: list[MeetingDecision]


@strawberry.type
class ScreeningQuery(ReportQuery, DisputeQuery, MeetingQuery):
    @strawberry.field(extensions=signed_in(),
                      description="The viewer's screening to-dos: own unit's report and routine meeting if due or "
                      "missing, open decisions.")
    async def screening_tasks(self, info: Info) -> ScreeningTasks:
        ctx = info.context
        todo = await task_service.tasks(db_session=ctx.db, principal=ctx.principal)
        return ScreeningTasks(
            reports=[UnitReporting.of(r) for r in todo.reports], meetings=[UnitMeetings.of(m) for m in todo.meetings],
            decisions=[MeetingDecision.of(d) for d in todo.decisions],
        )


@strawberry.type
class ScreeningMutation(ReportMutation, DisputeMutation, MeetingMutation):
    pass

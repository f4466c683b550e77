"""Dispute screening (矛盾纠纷排查) in GraphQL: reports, disputes and mediation, meetings — one module
each, mapped onto `server.screening.reports`, `.disputes` and `.meetings`."""
import strawberry
from strawberry.types import Info

from schema.screening.disputes import DisputeMutation, DisputeQuery
from schema.screening.meetings import MeetingDecision, MeetingMutation, MeetingQuery
from schema.screening.reports import ReportMutation, ReportQuery, UnitReporting
from server.screening import meetings as meeting_service
from server.screening import reports as report_service
from server.screening import rules


@strawberry.type(description="What the viewer has to do: reports due or missing, decisions they own.")
class ScreeningTasks:
    reports: list[UnitReporting]
    decisions: list[MeetingDecision]


@strawberry.type
class ScreeningQuery(ReportQuery, DisputeQuery, MeetingQuery):
    @strawberry.field(description="The viewer's screening to-dos: own unit's report if due or missing, open decisions.")
    async def screening_tasks(self, info: Info) -> ScreeningTasks:
        ctx = info.context
        reports: list[report_service.UnitReporting] = []
        if ctx.principal.unit_id is not None and ctx.principal.can(
            "screening", "report", (await ctx.loaders.unit.load(ctx.principal.unit_id)).path
        ):
            reports = [
                r
                for r in await report_service.reporting(
                    db_session=ctx.db, principal=ctx.principal, unit_id=None, children=False
                )
                if r.missing or r.current.state != rules.ReportState.SUBMITTED
            ]
        decisions = await meeting_service.my_decisions(db_session=ctx.db, principal=ctx.principal)
        return ScreeningTasks(
            reports=[UnitReporting.of(r) for r in reports], decisions=[MeetingDecision.of(d) for d in decisions]
        )


@strawberry.type
class ScreeningMutation(ReportMutation, DisputeMutation, MeetingMutation):
    pass

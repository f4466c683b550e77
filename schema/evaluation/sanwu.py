"""三无 status of a unit and the targets of a county."""
import datetime as dt

import strawberry
from sqlalchemy import false, select
from strawberry.types import Info

from schema.case_types import Case
from schema.connection import Connection, connection
from schema.evaluation.common import load_unit
from schema.incidents import Incident
from schema.types import Unit
from server import ids
from server.case.models import Case as CaseModel
from server.evaluation.sanwu import service as sanwu_service
from server.evaluation.sanwu.service import SanwuStatusData
from server.pagination import Page, page_size
from server.unit.models import Unit as UnitModel


@strawberry.type(description="An overdue open case a backlog criterion counts (信访积案) that the viewer may open.")
class BacklogCase:
    id: strawberry.ID = strawberry.field(description="The case's id.")
    due_at: dt.datetime = strawberry.field(description="The running deadline it passed.")
    model: strawberry.Private[CaseModel]

    @classmethod
    def of(cls, case: CaseModel) -> "BacklogCase":
        assert case.due_at is not None  # overdue: its deadline has passed
        return cls(id=strawberry.ID(ids.encode("Case", case.id)), due_at=case.due_at, model=case)

    @strawberry.field
    def case(self) -> Case:
        return Case.of(self.model)


@strawberry.type(description="One criterion of the unit's tier and how it came out.")
class SanwuCriterion:
    code: str
    label: str
    passed: bool
    incident_ids: list[strawberry.ID] = strawberry.field(description="The incidents that broke it.")
    overdue_backlog: int | None = strawberry.field(
        description="Backlog criteria: overdue cases counted — all of them, named or not (backlogCases names "
        "those the viewer may open).")
    max_overdue_backlog: int | None
    unit: strawberry.Private[UnitModel]

    @strawberry.field(
        description="Backlog criteria: the overdue cases counted that the viewer may open, oldest deadline first — "
        f"at most the first {sanwu_service.OLD_BACKLOG_CUT}; backlogCases pages through all of them and "
        "overdueBacklog counts them all.",
        deprecation_reason=f"Stops at {sanwu_service.OLD_BACKLOG_CUT} cases; use backlogCases.",
    )
    async def case_ids(self, info: Info) -> list[strawberry.ID]:
        if self.overdue_backlog is None:
            return []
        rows = await sanwu_service.backlog_case_ids(
            db_session=info.context.db, principal=info.context.principal, unit=self.unit)
        return [strawberry.ID(ids.encode("Case", i)) for i in rows]

    @strawberry.field(
        description="Backlog criteria: the overdue cases counted that the viewer may open, oldest deadline first, a "
        "page at a time (totalCount: how many of them the viewer may open; overdueBacklog counts them all). Empty "
        "for other criteria.")
    async def backlog_cases(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[BacklogCase]:
        ctx = info.context
        size = page_size(first, ctx.settings)
        if self.overdue_backlog is None:
            return connection(Page(items=[], cursors=[], has_next_page=False), select(CaseModel).where(false()),
                              BacklogCase.of)
        page, query = await sanwu_service.backlog_cases_page(
            db_session=ctx.db, principal=ctx.principal, unit=self.unit, first=size, after=after)
        return connection(page, query, BacklogCase.of)


@strawberry.type(description="A unit an incident is attributed to, with its part of the headcount.")
class IncidentAttribution:
    unit_id: strawberry.ID
    unit_name: str
    headcount: int


@strawberry.type(description="An incident the unit was judged on (属地: its whole subtree's), and to whom it is attributed.")
class JudgedIncident:
    incident_id: strawberry.ID
    kind: str
    occurred_on: dt.date
    headcount: int = strawberry.field(description="The people of the unit's subtree (its shares).")
    total_headcount: int = strawberry.field(description="The whole incident's people.")
    attributed_to: list[IncidentAttribution] = strawberry.field(
        description="The unit(s) of the subtree the incident is attributed to.")
    own: bool = strawberry.field(description="Attributed to the unit itself (not only to a unit under it).")
    counts_for_consequences: bool = strawberry.field(
        description="Counted for the unit's deductions and accountability (the template's consequences setting).")


@strawberry.type
class SanwuStatus:
    year: int
    qualifies: bool
    failed_rules: list[str] = strawberry.field(description="Codes of the criteria that failed.")
    criteria: list[SanwuCriterion]
    accountability: str = strawberry.field(description="Seed 003: NONE, ADMONITION (诫勉谈话) or VETO.")
    accountability_count: int
    template_code: str
    config_version: int = strawberry.field(description="0: the built-in default template.")
    incident_ids: list[strawberry.ID]
    consequences: str = strawberry.field(
        description="Whose incidents deductions and accountability count: ATTRIBUTED_UNIT or WHOLE_SUBTREE.")
    judged: list[JudgedIncident] = strawberry.field(
        description="Every incident judged (the unit's whole subtree), each naming the unit it is attributed to.")
    data: strawberry.Private[SanwuStatusData]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(self.data.unit)

    @strawberry.field(description="The incidents judged: verified, counting, of the unit's whole subtree in the year.")
    def incidents(self) -> list[Incident]:
        return [Incident.of(i) for i in self.data.incidents]

    @classmethod
    def of(cls, data: SanwuStatusData, en: bool) -> "SanwuStatus":
        r = data.result
        return cls(
            year=data.year, qualifies=r.qualifies, failed_rules=list(r.failed_codes),
            criteria=[
                SanwuCriterion(
                    code=c.code, label=c.label_en if en else c.label_zh, passed=c.passed,
                    incident_ids=[strawberry.ID(ids.encode("Incident", int(i))) for i in c.incident_ids],
                    overdue_backlog=c.overdue_backlog, max_overdue_backlog=c.max_overdue_backlog, unit=data.unit,
                )
                for c in r.criteria
            ],
            accountability=data.accountability_level, accountability_count=data.accountability_count,
            template_code=data.template_code, config_version=data.config_version,
            incident_ids=[strawberry.ID(ids.encode("Incident", i.id)) for i in data.incidents],
            consequences=data.consequences,
            judged=[
                JudgedIncident(
                    incident_id=strawberry.ID(ids.encode("Incident", int(e.id))), kind=e.kind.value,
                    occurred_on=e.occurred_on, headcount=e.headcount, total_headcount=e.total_headcount,
                    attributed_to=[IncidentAttribution(unit_id=strawberry.ID(ids.encode("Unit", uid)), unit_name=name,
                                                       headcount=n) for uid, name, n in e.units],
                    own=e.own, counts_for_consequences=e.counts_for_consequences)
                for e in data.explained
            ],
            data=data,
        )


@strawberry.type
class SanwuTarget:
    tier: str
    label: str
    target_percent: float | None = strawberry.field(
        description="UNITS_SANWU_PERCENT: the least share of 三无 units; ESCALATION_REDUCTION: the most of last year's total.")
    qualifying: int = strawberry.field(description="三无 units; for a reduction: this year's total.")
    total: int = strawberry.field(description="Units counted; for a reduction: last year's total.")
    actual_percent: float | None
    met: bool | None
    kind: str = strawberry.field(description=(
        "UNITS_SANWU_PERCENT (seed 004: 40 % of townships) or ESCALATION_REDUCTION (seed 000: totals down to 50 % "
        "of last year)."))
    previous_count: int | None = strawberry.field(description="ESCALATION_REDUCTION: last year's total (人次 unless set).")
    current_count: int | None = strawberry.field(description="ESCALATION_REDUCTION: this year's total so far.")
    scope_unit_id: strawberry.Private[int]

    @strawberry.field(description="The county, or the township whose villages are counted.")
    async def scope_unit(self, info: Info) -> Unit:
        return await load_unit(info, self.scope_unit_id)

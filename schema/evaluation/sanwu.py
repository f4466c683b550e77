"""三无 status of a unit and the targets of a county."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.evaluation.common import load_unit
from schema.incidents import Incident
from schema.types import Unit
from server import ids
from server.evaluation.sanwu.service import SanwuStatusData


@strawberry.type(description="One criterion of the unit's tier and how it came out.")
class SanwuCriterion:
    code: str
    label: str
    passed: bool
    incident_ids: list[strawberry.ID] = strawberry.field(description="The incidents that broke it.")
    overdue_backlog: int | None = strawberry.field(description="Backlog criteria: overdue cases counted.")
    max_overdue_backlog: int | None
    case_ids: list[strawberry.ID] = strawberry.field(
        description="Backlog criteria: the overdue cases counted that the viewer may open (oldest deadline first).")


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
                    overdue_backlog=c.overdue_backlog, max_overdue_backlog=c.max_overdue_backlog,
                    case_ids=[strawberry.ID(ids.encode("Case", i)) for i in data.backlog_case_ids]
                    if c.overdue_backlog is not None else [],
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

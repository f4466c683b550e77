"""Screening reports and the reporting record (due / missing periods): mapped onto
`server.screening.reports`."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.screening.common import (
    CadenceEnum,
    PeriodState,
    ReportStateEnum,
    ReportStatusEnum,
    ScreeningPeriod,
    decode_id,
    period_of,
)
from schema.screening.disputes import Dispute, DisputeInput, dispute_in
from schema.types import Unit
from server import ids
from server.pagination import page_size
from server.screening import reports as svc
from server.screening import rules
from server.screening.models import ScreeningReport as ReportModel


@strawberry.type
class ScreeningReport:
    id: strawberry.ID
    cadence: CadenceEnum
    period: ScreeningPeriod
    zero_report: bool
    note: str | None
    status: ReportStatusEnum
    version: int = strawberry.field(description="Send it back as expectedVersion when editing a draft.")
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    model: strawberry.Private[ReportModel]

    @classmethod
    def of(cls, r: ReportModel) -> "ScreeningReport":
        return cls(
            id=strawberry.ID(ids.encode("ScreeningReport", r.id)), cadence=rules.Cadence(r.cadence),
            period=ScreeningPeriod(start=r.period_start, end=r.period_end), zero_report=r.zero_report,
            note=r.note, status=r.status, version=r.version, created_at=r.created_at,
            submitted_at=r.submitted_at, model=r,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field
    async def disputes(self, info: Info) -> list[Dispute]:
        rows = await svc.report_disputes(
            db_session=info.context.db, principal=info.context.principal, report_id=self.model.id)
        return [Dispute.of(d) for d in rows]


@strawberry.type(description="A unit's reporting record: the current period and the missing ones.")
class UnitReporting:
    unit: Unit
    cadence: CadenceEnum
    current_period: ScreeningPeriod
    current_state: ReportStateEnum
    current_report: ScreeningReport | None
    current_due_on: dt.date | None = strawberry.field(
        description="The last day the current period's report is on time (a weekly one: the tenant's due weekday)."
    )
    missing: list[ScreeningPeriod]
    periods: list[PeriodState]

    @classmethod
    def of(cls, r: svc.UnitReporting) -> "UnitReporting":
        return cls(
            unit=Unit.of(r.unit), cadence=r.cadence, current_period=period_of(r.current.period),
            current_state=r.current.state,
            current_report=ScreeningReport.of(r.current_report) if r.current_report else None,
            current_due_on=r.current.due_on,
            missing=[period_of(p) for p in r.missing],
            periods=[PeriodState(period=period_of(s.period), state=s.state, due_on=s.due_on) for s in r.states],
        )


@strawberry.input
class SaveScreeningReportInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="Edit this draft instead of creating")
    expected_version: int | None = strawberry.field(
        default=None, description="The version the edit is based on; a newer one on the server is a CONFLICT"
    )
    unit_id: strawberry.ID | None = None
    day: dt.date | None = strawberry.field(default=None, description="Any day of the period; today when omitted")
    zero_report: bool = False
    note: str | None = None
    disputes: list[DisputeInput] = strawberry.field(default_factory=list)
    disputes_complete: bool = strawberry.field(
        default=False,
        description="Editing: disputes is the report's complete list (those left out are removed); "
        "otherwise an edit only adds the disputes given",
    )
    submit: bool = False
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Idempotency key: the same key twice files one report"
    )


@strawberry.type
class ScreeningReportPayload:
    report: ScreeningReport | None
    user_errors: list[UserError]


def _report_payload(r: ReportModel | None, errors: list[UserError]) -> ScreeningReportPayload:
    return ScreeningReportPayload(report=ScreeningReport.of(r) if r else None, user_errors=errors)


# What the old screeningReports list returns at most (it says so in its description).
LEGACY_REPORTS = 100


@strawberry.type
class ReportQuery:
    @strawberry.field(extensions=signed_in())
    async def screening_report(self, info: Info, id: strawberry.ID) -> ScreeningReport | None:
        ctx = info.context
        report = svc.readable_report(ctx.principal, await ctx.db.get(ReportModel, decode_id("ScreeningReport", id, "id")))
        return ScreeningReport.of(report) if report else None

    @strawberry.field(extensions=signed_in(),
        description="Reports of the unit's subtree (or the viewer's), newest period first: at most the newest "
        f"{LEGACY_REPORTS} — screeningReportsConnection pages through all of them.",
        deprecation_reason=f"Stops at {LEGACY_REPORTS} rows; use screeningReportsConnection.",
    )
    async def screening_reports(
        self, info: Info, unit_id: strawberry.ID | None = None, since: dt.date | None = None
    ) -> list[ScreeningReport]:
        ctx = info.context
        page, _ = await svc.list_reports(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, since=since,
            first=LEGACY_REPORTS, after=None,
        )
        return [ScreeningReport.of(r) for r in page.items]

    @strawberry.field(extensions=signed_in(),
                      description="Reports of the unit's subtree (or the viewer's) whose period ends on or after "
                      "since, newest period first, a page at a time.")
    async def screening_reports_connection(
        self, info: Info, unit_id: strawberry.ID | None = None, since: dt.date | None = None,
        first: int | None = None, after: str | None = None,
    ) -> Connection[ScreeningReport]:
        ctx = info.context
        page, query = await svc.list_reports(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, since=since,
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, ScreeningReport.of)

    @strawberry.field(extensions=signed_in(),
        description="Reporting state of a unit (the viewer's when omitted), or of its direct children "
        "when children is true: the grid a township watches for its villages."
    )
    async def screening_status(
        self, info: Info, unit_id: strawberry.ID | None = None, children: bool = False, on: dt.date | None = None
    ) -> list[UnitReporting]:
        ctx = info.context
        rows = await svc.reporting(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, children=children, on=on,
        )
        return [UnitReporting.of(r) for r in rows]


@strawberry.type
class ReportMutation:
    @strawberry.mutation(extensions=signed_in(),
                         description="Create, edit (a draft) or submit the screening report of a unit's period.")
    async def save_screening_report(self, info: Info, input: SaveScreeningReportInput) -> ScreeningReportPayload:
        ctx = info.context

        async def run() -> ReportModel:
            return await svc.save_report(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.SaveReport(
                    report_id=decode_id("ScreeningReport", input.id, "input", "id") if input.id else None,
                    expected_version=input.expected_version,
                    unit_id=decode_id("Unit", input.unit_id, "input", "unitId") if input.unit_id else None,
                    day=input.day, zero_report=input.zero_report, note=input.note,
                    disputes=[dispute_in(d, i) for i, d in enumerate(input.disputes)],
                    disputes_complete=input.disputes_complete, submit=input.submit,
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _report_payload)

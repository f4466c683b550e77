"""Dispute screening (矛盾纠纷排查), mediation, meetings: mapped onto `server.screening.service`."""
import datetime as dt

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from server import ids
from server.case import service as case_service
from server.screening import rules
from server.screening import service as svc
from server.screening.models import Dispute as DisputeModel
from server.screening.models import DisputeStatus, MediationOutcome, MeetingKind, ReportStatus
from server.screening.models import Meeting as MeetingModel
from server.screening.models import MeetingDecision as DecisionModel
from server.screening.models import ScreeningReport as ReportModel
from schema.cases import PetitionerInput
from schema.errors import UserError, as_payload
from schema.types import AttachmentInfo, Case, ChannelEnum, Unit, User

CadenceEnum = strawberry.enum(rules.Cadence, name="ScreeningCadence")
ReportStateEnum = strawberry.enum(rules.ReportState, name="ReportState")
ReportStatusEnum = strawberry.enum(ReportStatus, name="ScreeningReportStatus")
DisputeStatusEnum = strawberry.enum(DisputeStatus, name="DisputeStatus")
MediationOutcomeEnum = strawberry.enum(MediationOutcome, name="MediationOutcome")
MeetingKindEnum = strawberry.enum(MeetingKind, name="MeetingKind")


def _id(kind: str, value: strawberry.ID, *path: str) -> int:
    return ids.decode(kind, value, field=list(path))


@strawberry.type
class ScreeningPeriod:
    start: dt.date
    end: dt.date


def _period(p: rules.Period) -> ScreeningPeriod:
    return ScreeningPeriod(start=p.start, end=p.end)


@strawberry.type
class PeriodState:
    period: ScreeningPeriod
    state: ReportStateEnum


@strawberry.type
class Mediation:
    mediator: str
    parties: str
    outcome: MediationOutcomeEnum
    agreement: str | None
    agreement_document: str | None
    mediated_on: dt.date


@strawberry.type(description="A dispute found by screening, with the elements of a ledger entry.")
class Dispute:
    id: strawberry.ID
    title: str
    cause: str
    occurred_on: dt.date | None
    place: str | None
    involved_unit: str | None
    people_involved: int
    development: str | None
    mediation_so_far: str | None
    status: DisputeStatusEnum
    created_at: dt.datetime
    model: strawberry.Private[DisputeModel]

    @classmethod
    def of(cls, d: DisputeModel) -> "Dispute":
        return cls(
            id=strawberry.ID(ids.encode("Dispute", d.id)), title=d.title, cause=d.cause, occurred_on=d.occurred_on,
            place=d.place, involved_unit=d.involved_unit, people_involved=d.people_involved,
            development=d.development, mediation_so_far=d.mediation_so_far, status=d.status,
            created_at=d.created_at, model=d,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field(description="The petition case the dispute was turned into, if any.")
    async def case(self, info: Info) -> Case | None:
        if self.model.case_id is None:
            return None
        case = case_service.readable(info.context.principal, await info.context.loaders.case.load(self.model.case_id))
        return Case.of(case) if case else None

    @strawberry.field(description="Photos and scans; each opens at its url for whoever may read the dispute.")
    async def attachments(self, info: Info) -> list[AttachmentInfo]:
        rows = await svc.dispute_attachments(db_session=info.context.db, dispute_id=self.model.id)
        return [AttachmentInfo.of(a) for a in rows]

    @strawberry.field(description="The screening report the dispute was found in.")
    def report_id(self) -> strawberry.ID | None:
        if self.model.report_id is None:
            return None
        return strawberry.ID(ids.encode("ScreeningReport", self.model.report_id))

    @strawberry.field
    async def mediations(self, info: Info) -> list[Mediation]:
        rows = await svc.mediations(db_session=info.context.db, dispute_id=self.model.id)
        return [
            Mediation(mediator=m.mediator, parties=m.parties, outcome=m.outcome, agreement=m.agreement,
                      agreement_document=m.agreement_document, mediated_on=m.mediated_on)
            for m in rows
        ]


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
        return [Dispute.of(d) for d in await svc.report_disputes(db_session=info.context.db, report_id=self.model.id)]


@strawberry.type(description="A unit's reporting record: the current period and the missing ones.")
class UnitReporting:
    unit: Unit
    cadence: CadenceEnum
    current_period: ScreeningPeriod
    current_state: ReportStateEnum
    current_report: ScreeningReport | None
    missing: list[ScreeningPeriod]
    periods: list[PeriodState]

    @classmethod
    def of(cls, r: svc.UnitReporting) -> "UnitReporting":
        return cls(
            unit=Unit.of(r.unit), cadence=r.cadence, current_period=_period(r.current.period),
            current_state=r.current.state,
            current_report=ScreeningReport.of(r.current_report) if r.current_report else None,
            missing=[_period(p) for p in r.missing],
            periods=[PeriodState(period=_period(s.period), state=s.state) for s in r.states],
        )


@strawberry.type
class MeetingDecision:
    id: strawberry.ID
    content: str
    due_on: dt.date | None
    done: bool
    done_at: dt.datetime | None
    done_note: str | None
    model: strawberry.Private[DecisionModel]

    @classmethod
    def of(cls, d: DecisionModel) -> "MeetingDecision":
        return cls(
            id=strawberry.ID(ids.encode("MeetingDecision", d.id)), content=d.content, due_on=d.due_on,
            done=d.done_at is not None, done_at=d.done_at, done_note=d.done_note, model=d,
        )

    @strawberry.field
    def overdue(self) -> bool:
        return rules.decision_overdue(self.model.due_on, self.model.done_at is not None, svc.today())

    @strawberry.field
    async def owner(self, info: Info) -> User:
        return User.of(await info.context.loaders.user.load(self.model.owner_user_id))

    @strawberry.field
    async def meeting(self, info: Info) -> "Meeting":
        return Meeting.of(await info.context.db.get(MeetingModel, self.model.meeting_id))


@strawberry.type
class Meeting:
    id: strawberry.ID
    kind: MeetingKindEnum
    held_on: dt.date
    attendees: list[str] = strawberry.field(description="Others present, as minuted (names and posts).")
    summary: str | None
    model: strawberry.Private[MeetingModel]

    @classmethod
    def of(cls, m: MeetingModel) -> "Meeting":
        return cls(
            id=strawberry.ID(ids.encode("Meeting", m.id)), kind=m.kind, held_on=m.held_on,
            attendees=list(m.attendees or []), summary=m.summary, model=m,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field(description="Officials present (accounts of the unit's subtree).")
    async def attendee_users(self, info: Info) -> list[User]:
        rows = await info.context.loaders.user.load_many(list(self.model.attendee_user_ids or []))
        return [User.of(u) for u in rows if u is not None]

    @strawberry.field
    async def recorded_by(self, info: Info) -> User | None:
        if self.model.recorded_by_user_id is None:
            return None
        return User.of(await info.context.loaders.user.load(self.model.recorded_by_user_id))

    @strawberry.field(description="Cases discussed (those the viewer may read).")
    async def cases(self, info: Info) -> list[Case]:
        rows = [await info.context.loaders.case.load(i) for i in self.model.case_ids or []]
        return [Case.of(c) for c in rows if case_service.readable(info.context.principal, c)]

    @strawberry.field(description="Disputes discussed (those the viewer may read).")
    async def disputes(self, info: Info) -> list[Dispute]:
        if not self.model.dispute_ids:
            return []
        rows = await info.context.db.scalars(
            select(DisputeModel).where(DisputeModel.id.in_(self.model.dispute_ids)).order_by(DisputeModel.id)
        )
        return [Dispute.of(d) for d in rows if svc.readable_dispute(info.context.principal, d)]

    @strawberry.field
    async def decisions(self, info: Info) -> list[MeetingDecision]:
        rows = await svc.meeting_decisions(db_session=info.context.db, meeting_id=self.model.id)
        return [MeetingDecision.of(d) for d in rows]


@strawberry.type(description="What the viewer has to do: reports due or missing, decisions they own.")
class ScreeningTasks:
    reports: list[UnitReporting]
    decisions: list[MeetingDecision]


# --- inputs and payloads ----------------------------------------------------------------------


@strawberry.input
class DisputeInput:
    title: str
    cause: str = strawberry.field(description="起因")
    occurred_on: dt.date | None = None
    place: str | None = None
    involved_unit: str | None = strawberry.field(default=None, description="涉及单位")
    people_involved: int = 1
    development: str | None = strawberry.field(default=None, description="事态发展")
    mediation_so_far: str | None = strawberry.field(default=None, description="调处情况")
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Photos and scans uploaded through POST /attachments: the dispute's complete set"
    )
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Editing a draft: this dispute of the report (new when omitted)"
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


@strawberry.input
class MediateDisputeInput:
    dispute_id: strawberry.ID
    mediator: str
    parties: str
    outcome: MediationOutcomeEnum
    mediated_on: dt.date | None = None
    agreement: str | None = None
    agreement_document: str | None = None
    client_mutation_id: str | None = None


@strawberry.input
class TurnDisputeIntoCaseInput:
    dispute_id: strawberry.ID
    channel: ChannelEnum
    petitioners: list[PetitionerInput]
    title: str | None = None
    content: str | None = None
    category: str | None = None
    client_mutation_id: str | None = None


@strawberry.input
class MeetingDecisionInput:
    content: str
    owner_id: strawberry.ID
    due_on: dt.date | None = None


@strawberry.input
class RecordMeetingInput:
    unit_id: strawberry.ID
    kind: MeetingKindEnum
    held_on: dt.date
    attendee_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Officials present (meetingAttendeeOptions)"
    )
    attendees: list[str] = strawberry.field(default_factory=list, description="Others present, as minuted")
    summary: str | None = None
    case_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    dispute_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    decisions: list[MeetingDecisionInput] = strawberry.field(default_factory=list)
    client_mutation_id: str | None = None


@strawberry.type
class ScreeningReportPayload:
    report: ScreeningReport | None
    user_errors: list[UserError]


@strawberry.type
class DisputePayload:
    dispute: Dispute | None
    user_errors: list[UserError]


@strawberry.type
class MeetingPayload:
    meeting: Meeting | None
    user_errors: list[UserError]


@strawberry.type
class MeetingDecisionPayload:
    decision: MeetingDecision | None
    user_errors: list[UserError]


def _dispute_in(d: DisputeInput, index: int) -> svc.DisputeIn:
    path = ("input", "disputes", str(index))
    return svc.DisputeIn(
        title=d.title, cause=d.cause, occurred_on=d.occurred_on, place=d.place, involved_unit=d.involved_unit,
        people_involved=d.people_involved, development=d.development, mediation_so_far=d.mediation_so_far,
        attachment_ids=[_id("Attachment", a, *path, "attachmentIds") for a in d.attachment_ids or []],
        id=_id("Dispute", d.id, *path, "id") if d.id else None,
    )


@strawberry.type
class ScreeningQuery:
    @strawberry.field
    async def screening_report(self, info: Info, id: strawberry.ID) -> ScreeningReport | None:
        ctx = info.context
        report = svc.readable_report(ctx.principal, await ctx.db.get(ReportModel, _id("ScreeningReport", id, "id")))
        return ScreeningReport.of(report) if report else None

    @strawberry.field(description="Reports of the unit's subtree (or the viewer's), newest period first.")
    async def screening_reports(
        self, info: Info, unit_id: strawberry.ID | None = None, since: dt.date | None = None
    ) -> list[ScreeningReport]:
        ctx = info.context
        rows = await svc.list_reports(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=_id("Unit", unit_id, "unitId") if unit_id else None, since=since,
        )
        return [ScreeningReport.of(r) for r in rows]

    @strawberry.field(
        description="Reporting state of a unit (the viewer's when omitted), or of its direct children "
        "when children is true: the grid a township watches for its villages."
    )
    async def screening_status(
        self, info: Info, unit_id: strawberry.ID | None = None, children: bool = False, on: dt.date | None = None
    ) -> list[UnitReporting]:
        ctx = info.context
        rows = await svc.reporting(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=_id("Unit", unit_id, "unitId") if unit_id else None, children=children, on=on,
        )
        return [UnitReporting.of(r) for r in rows]

    @strawberry.field
    async def dispute(self, info: Info, id: strawberry.ID) -> Dispute | None:
        ctx = info.context
        d = svc.readable_dispute(ctx.principal, await ctx.db.get(DisputeModel, _id("Dispute", id, "id")))
        return Dispute.of(d) if d else None

    @strawberry.field(description="Disputes of the unit's subtree (all the viewer may read when omitted), newest first.")
    async def disputes(
        self, info: Info, unit_id: strawberry.ID | None = None, status: list[DisputeStatusEnum] | None = None,
        search: str | None = None, first: int = 100,
    ) -> list[Dispute]:
        ctx = info.context
        rows = await svc.list_disputes(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=_id("Unit", unit_id, "unitId") if unit_id else None, statuses=status, search=search, limit=first,
        )
        return [Dispute.of(d) for d in rows]

    @strawberry.field(
        description="Officials who may attend a meeting of the unit (the viewer's when omitted) and own its "
        "decisions: active accounts of the unit and the units under it; search by name, account or unit."
    )
    async def meeting_attendee_options(
        self, info: Info, unit_id: strawberry.ID | None = None, search: str | None = None, first: int = 50
    ) -> list[User]:
        ctx = info.context
        rows = await svc.meeting_people(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=_id("Unit", unit_id, "unitId") if unit_id else None, search=search, limit=first,
        )
        return [User.of(u) for u in rows]

    @strawberry.field
    async def meeting(self, info: Info, id: strawberry.ID) -> Meeting | None:
        ctx = info.context
        m = svc.readable_meeting(ctx.principal, await ctx.db.get(MeetingModel, _id("Meeting", id, "id")))
        return Meeting.of(m) if m else None

    @strawberry.field
    async def meetings(self, info: Info, unit_id: strawberry.ID | None = None, year: int | None = None) -> list[Meeting]:
        ctx = info.context
        rows = await svc.list_meetings(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=_id("Unit", unit_id, "unitId") if unit_id else None, year=year,
        )
        return [Meeting.of(m) for m in rows]

    @strawberry.field(description="Meeting decisions the viewer owns (open ones unless open is false).")
    async def my_meeting_decisions(self, info: Info, open: bool = True) -> list[MeetingDecision]:
        ctx = info.context
        rows = await svc.my_decisions(db_session=ctx.db, principal=ctx.principal, open_only=open)
        return [MeetingDecision.of(d) for d in rows]

    @strawberry.field(description="The viewer's screening to-dos: own unit's report if due or missing, open decisions.")
    async def screening_tasks(self, info: Info) -> ScreeningTasks:
        ctx = info.context
        reports: list[svc.UnitReporting] = []
        if ctx.principal.unit_id is not None and ctx.principal.can(
            "screening", "report", (await ctx.loaders.unit.load(ctx.principal.unit_id)).path
        ):
            reports = [
                r for r in await svc.reporting(db_session=ctx.db, principal=ctx.principal, unit_id=None, children=False)
                if r.missing or r.current.state != rules.ReportState.SUBMITTED
            ]
        decisions = await svc.my_decisions(db_session=ctx.db, principal=ctx.principal)
        return ScreeningTasks(
            reports=[UnitReporting.of(r) for r in reports], decisions=[MeetingDecision.of(d) for d in decisions]
        )


def _report_payload(r: ReportModel | None, errors: list[UserError]) -> ScreeningReportPayload:
    return ScreeningReportPayload(report=ScreeningReport.of(r) if r else None, user_errors=errors)


def _dispute_payload(d: DisputeModel | None, errors: list[UserError]) -> DisputePayload:
    return DisputePayload(dispute=Dispute.of(d) if d else None, user_errors=errors)


@strawberry.type
class ScreeningMutation:
    @strawberry.mutation(description="Create, edit (a draft) or submit the screening report of a unit's period.")
    async def save_screening_report(self, info: Info, input: SaveScreeningReportInput) -> ScreeningReportPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> ReportModel:
            return await svc.save_report(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.SaveReport(
                    report_id=_id("ScreeningReport", input.id, "input", "id") if input.id else None,
                    expected_version=input.expected_version,
                    unit_id=_id("Unit", input.unit_id, "input", "unitId") if input.unit_id else None,
                    day=input.day, zero_report=input.zero_report, note=input.note,
                    disputes=[_dispute_in(d, i) for i, d in enumerate(input.disputes)],
                    disputes_complete=input.disputes_complete, submit=input.submit,
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _report_payload)

    @strawberry.mutation(description="人民调解: record a mediation of a dispute.")
    async def mediate_dispute(self, info: Info, input: MediateDisputeInput) -> DisputePayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> DisputeModel:
            return await svc.mediate(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.MediateDispute(
                    dispute_id=_id("Dispute", input.dispute_id, "input", "disputeId"), mediator=input.mediator,
                    parties=input.parties, outcome=input.outcome, mediated_on=input.mediated_on,
                    agreement=input.agreement, agreement_document=input.agreement_document,
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _dispute_payload)

    @strawberry.mutation(description="Register a petition case for the dispute, keeping the link.")
    async def turn_dispute_into_case(self, info: Info, input: TurnDisputeIntoCaseInput) -> DisputePayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> DisputeModel:
            return await svc.turn_into_case(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.EscalateDispute(
                    dispute_id=_id("Dispute", input.dispute_id, "input", "disputeId"), channel=input.channel,
                    petitioners=[case_service.PetitionerIn(p.name, p.phone) for p in input.petitioners],
                    title=input.title, content=input.content, category=input.category,
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _dispute_payload)

    @strawberry.mutation(description="Minute a 排查调处例会 or 研判会 with its decisions.")
    async def record_meeting(self, info: Info, input: RecordMeetingInput) -> MeetingPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> MeetingModel:
            return await svc.record_meeting(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.RecordMeeting(
                    unit_id=_id("Unit", input.unit_id, "input", "unitId"), kind=input.kind, held_on=input.held_on,
                    attendees=list(input.attendees), summary=input.summary,
                    attendee_ids=[_id("User", u, "input", "attendeeIds") for u in input.attendee_ids],
                    case_ids=[_id("Case", c, "input", "caseIds") for c in input.case_ids],
                    dispute_ids=[_id("Dispute", d, "input", "disputeIds") for d in input.dispute_ids],
                    decisions=[
                        svc.DecisionIn(content=d.content, owner_id=_id("User", d.owner_id, "input", "decisions", str(i), "ownerId"), due_on=d.due_on)
                        for i, d in enumerate(input.decisions)
                    ],
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(
            ctx.locale, run, lambda m, e: MeetingPayload(meeting=Meeting.of(m) if m else None, user_errors=e)
        )

    @strawberry.mutation(description="Mark a meeting decision done (its owner only; audited).")
    async def complete_meeting_decision(
        self, info: Info, id: strawberry.ID, note: str | None = None
    ) -> MeetingDecisionPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> DecisionModel:
            return await svc.complete_decision(
                db_session=ctx.db, principal=ctx.principal, decision_id=_id("MeetingDecision", id, "id"), note=note
            )

        return await as_payload(
            ctx.locale, run,
            lambda d, e: MeetingDecisionPayload(decision=MeetingDecision.of(d) if d else None, user_errors=e),
        )

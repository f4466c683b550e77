"""排查调处例会 / 研判会 meetings and their decisions: mapped onto `server.screening.meetings`."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.case_types import Case
from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.screening.common import (
    CadenceEnum,
    MeetingKindEnum,
    MeetingStateEnum,
    ScreeningPeriod,
    decode_id,
    period_of,
)
from schema.screening.disputes import Dispute
from schema.types import Unit, User
from server import ids
from server.case.visibility import readable
from server.dates import china_today
from server.pagination import page_size
from server.screening import meeting_reads, rules
from server.screening import meetings as svc
from server.screening.models import Meeting as MeetingModel
from server.screening.models import MeetingDecision as DecisionModel


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
        return rules.decision_overdue(self.model.due_on, self.model.done_at is not None, china_today())

    @strawberry.field
    async def owner(self, info: Info) -> User:
        return User.of(await info.context.loaders.user.load(self.model.owner_user_id))

    @strawberry.field
    async def meeting(self, info: Info) -> "Meeting":
        ctx = info.context
        return Meeting.of(await meeting_reads.decision_meeting(db_session=ctx.db, principal=ctx.principal,
                                                               decision=self.model))


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
        return [Case.of(c) for c in rows if readable(info.context.principal, c)]

    @strawberry.field(description="Disputes discussed (those the viewer may read).")
    async def disputes(self, info: Info) -> list[Dispute]:
        ctx = info.context
        rows = await meeting_reads.meeting_disputes(db_session=ctx.db, principal=ctx.principal, meeting=self.model)
        return [Dispute.of(d) for d in rows]

    @strawberry.field
    async def decisions(self, info: Info) -> list[MeetingDecision]:
        rows = await svc.meeting_decisions(db_session=info.context.db, principal=info.context.principal, meeting_id=self.model.id)
        return [MeetingDecision.of(d) for d in rows]


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
class MeetingPayload:
    meeting: Meeting | None
    user_errors: list[UserError]


@strawberry.type
class MeetingDecisionPayload:
    decision: MeetingDecision | None
    user_errors: list[UserError]


@strawberry.type
class MeetingPeriodState:
    period: ScreeningPeriod
    state: MeetingStateEnum


@strawberry.type(description="A unit's meeting record on its meeting cadence (排查调处例会): the current period "
                 "and the periods gone by without a routine meeting.")
class UnitMeetings:
    unit: Unit
    cadence: CadenceEnum
    current_period: ScreeningPeriod
    current_state: MeetingStateEnum
    missing: list[ScreeningPeriod]
    periods: list[MeetingPeriodState]
    last_held_on: dt.date | None = strawberry.field(description="The last routine meeting within the periods shown.")

    @classmethod
    def of(cls, r: svc.UnitMeetings) -> "UnitMeetings":
        return cls(
            unit=Unit.of(r.unit), cadence=r.cadence, current_period=period_of(r.current.period),
            current_state=r.current.state, missing=[period_of(p) for p in r.missing],
            periods=[MeetingPeriodState(period=period_of(s.period), state=s.state) for s in r.states],
            last_held_on=r.last_held_on,
        )


@strawberry.type
class MeetingQuery:
    @strawberry.field(extensions=signed_in(),
        description="Officials who may attend a meeting of the unit (the viewer's when omitted) and own its "
        "decisions: active accounts of the unit and the units under it; search by name, account or unit. At most "
        f"`first` (up to {svc.OLD_PEOPLE_MAX}; more is refused) — meetingAttendeeOptionsConnection pages through all.",
        deprecation_reason="Stops at `first` people without saying whether there are more; use "
        "meetingAttendeeOptionsConnection.",
    )
    async def meeting_attendee_options(
        self, info: Info, unit_id: strawberry.ID | None = None, search: str | None = None, first: int = 50
    ) -> list[User]:
        ctx = info.context
        rows = await svc.meeting_people(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, search=search, limit=first,
        )
        return [User.of(u) for u in rows]

    @strawberry.field(extensions=signed_in(),
        description="Officials who may attend a meeting of the unit (the viewer's when omitted) and own its "
        "decisions, a page at a time: active accounts of the unit and the units under it, by unit (the unit's own "
        "first) then account; search by name, account or unit. Empty for a unit outside the viewer's meeting scope."
    )
    async def meeting_attendee_options_connection(
        self, info: Info, unit_id: strawberry.ID | None = None, search: str | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[User]:
        ctx = info.context
        page, query = await svc.meeting_people_page(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, search=search,
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, User.of)

    @strawberry.field(extensions=signed_in())
    async def meeting(self, info: Info, id: strawberry.ID) -> Meeting | None:
        ctx = info.context
        m = svc.readable_meeting(ctx.principal, await ctx.db.get(MeetingModel, decode_id("Meeting", id, "id")))
        return Meeting.of(m) if m else None

    @strawberry.field(extensions=signed_in(),
                      description="Meetings of the unit's subtree (all the viewer may read when omitted), the latest first.")
    async def meetings(
        self, info: Info, unit_id: strawberry.ID | None = None, year: int | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[Meeting]:
        ctx = info.context
        page, query = await svc.list_meetings(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, year=year,
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, Meeting.of)

    @strawberry.field(extensions=signed_in(),
        description="Meeting record of a unit (the viewer's when omitted), or of its direct children when children "
        "is true: which periods of the meeting cadence had their 排查调处例会, which went by without one."
    )
    async def meeting_status(
        self, info: Info, unit_id: strawberry.ID | None = None, children: bool = False, on: dt.date | None = None
    ) -> list[UnitMeetings]:
        ctx = info.context
        rows = await svc.meeting_record(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, children=children, on=on,
        )
        return [UnitMeetings.of(r) for r in rows]

    @strawberry.field(extensions=signed_in(), description="Meeting decisions the viewer owns (open ones unless open is false).")
    async def my_meeting_decisions(self, info: Info, open: bool = True) -> list[MeetingDecision]:
        ctx = info.context
        rows = await svc.my_decisions(db_session=ctx.db, principal=ctx.principal, open_only=open)
        return [MeetingDecision.of(d) for d in rows]


@strawberry.type
class MeetingMutation:
    @strawberry.mutation(extensions=signed_in(), description="Minute a 排查调处例会 or 研判会 with its decisions.")
    async def record_meeting(self, info: Info, input: RecordMeetingInput) -> MeetingPayload:
        ctx = info.context

        async def run() -> MeetingModel:
            return await svc.record_meeting(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.RecordMeeting(
                    unit_id=decode_id("Unit", input.unit_id, "input", "unitId"), kind=input.kind, held_on=input.held_on,
                    attendees=list(input.attendees), summary=input.summary,
                    attendee_ids=[decode_id("User", u, "input", "attendeeIds") for u in input.attendee_ids],
                    case_ids=[decode_id("Case", c, "input", "caseIds") for c in input.case_ids],
                    dispute_ids=[decode_id("Dispute", d, "input", "disputeIds") for d in input.dispute_ids],
                    decisions=[
                        svc.DecisionIn(
                            content=d.content,
                            owner_id=decode_id("User", d.owner_id, "input", "decisions", str(i), "ownerId"),
                            due_on=d.due_on,
                        )
                        for i, d in enumerate(input.decisions)
                    ],
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(
            ctx.locale, run, lambda m, e: MeetingPayload(meeting=Meeting.of(m) if m else None, user_errors=e)
        )

    @strawberry.mutation(extensions=signed_in(), description="Mark a meeting decision done (its owner only; audited).")
    async def complete_meeting_decision(
        self, info: Info, id: strawberry.ID, note: str | None = None
    ) -> MeetingDecisionPayload:
        ctx = info.context

        async def run() -> DecisionModel:
            return await svc.complete_decision(
                db_session=ctx.db, principal=ctx.principal, decision_id=decode_id("MeetingDecision", id, "id"), note=note
            )

        return await as_payload(
            ctx.locale, run,
            lambda d, e: MeetingDecisionPayload(decision=MeetingDecision.of(d) if d else None, user_errors=e),
        )

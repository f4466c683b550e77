"""Escalation incidents (越级访/集体访): recorded by the county, contested by the unit, decided by
the county. Mapped onto `server.incident.service`."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.case_types import Case
from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.types import Unit, User
from server import ids
from server.case.visibility import readable
from server.incident import service as svc
from server.incident.models import AttributionStatus, IncidentKind
from server.incident.models import Incident as IncidentModel
from server.pagination import page_size

# GraphQL names for the domain's enums; the `…Enum` names are aliases of the classes (see schema/types.py).
strawberry.enum(IncidentKind, name="IncidentKind")
strawberry.enum(
    AttributionStatus, name="AttributionStatus",
    description="ATTRIBUTED → CONTESTED → CONFIRMED (contest rejected) or WITHDRAWN (contest accepted).",
)
IncidentKindEnum = IncidentKind
AttributionStatusEnum = AttributionStatus


@strawberry.type(description="A fact about a unit; there is deliberately nothing about a person.")
class Incident:
    id: strawberry.ID
    kind: IncidentKindEnum
    occurred_on: dt.date
    headcount: int
    destination_level: str | None
    verified: bool
    status: AttributionStatusEnum
    note: str | None
    contest_reason: str | None
    contested_at: dt.datetime | None
    decision_note: str | None
    decided_at: dt.datetime | None
    recorded_at: dt.datetime
    model: strawberry.Private[IncidentModel]

    @classmethod
    def of(cls, i: IncidentModel) -> "Incident":
        return cls(
            id=strawberry.ID(ids.encode("Incident", i.id)), kind=i.kind, occurred_on=i.occurred_on,
            headcount=i.headcount, destination_level=i.destination_level, verified=i.verified, status=i.status,
            note=i.note, contest_reason=i.contest_reason, contested_at=i.contested_at,
            decision_note=i.decision_note, decided_at=i.decided_at, recorded_at=i.recorded_at, model=i,
        )

    @strawberry.field(description="The unit the incident was recorded against (属地).")
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field(description=(
        "Every unit the incident is attributed to with its people: the unit recorded against first "
        "(the rest of the headcount), then the further units of a joint collective petition."))
    async def shares(self, info: Info) -> list["IncidentShare"]:
        rows = (await svc.shares_of(info.context.db, [self.model.id]))[self.model.id]
        own = max(1, self.model.headcount - sum(r.headcount for r in rows))
        return [IncidentShare(unit_id=self.model.unit_id, headcount=own),
                *(IncidentShare(unit_id=r.unit_id, headcount=r.headcount) for r in rows)]

    @strawberry.field(description="The case behind the incident, if the viewer may read it.")
    async def case(self, info: Info) -> Case | None:
        if self.model.case_id is None:
            return None
        case = readable(info.context.principal, await info.context.loaders.case.load(self.model.case_id))
        return Case.of(case) if case else None

    @strawberry.field(description="Whether the viewer may contest the attribution now.")
    def can_contest(self, info: Info) -> bool:
        return svc.may_contest(principal=info.context.principal, incident=self.model)

    @strawberry.field(description="Whether the viewer may decide a pending contest.")
    def can_decide(self, info: Info) -> bool:
        return svc.may_decide(principal=info.context.principal, incident=self.model)

    @strawberry.field
    async def recorded_by(self, info: Info) -> User | None:
        if self.model.recorded_by_user_id is None:
            return None
        user = await info.context.loaders.user.load(self.model.recorded_by_user_id)
        return User.of(user) if user else None


@strawberry.type(description="A unit an incident is attributed to, with its part of the headcount.")
class IncidentShare:
    headcount: int
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.unit_id))


@strawberry.input(description="A further unit a collective petition's people came from, with how many.")
class IncidentShareInput:
    unit_id: strawberry.ID
    headcount: int


@strawberry.input
class RecordIncidentInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit the incident is attributed to")
    kind: IncidentKindEnum
    occurred_on: dt.date
    headcount: int | None = 1
    case_id: strawberry.ID | None = None
    note: str | None = None
    destination_level: str | None = strawberry.field(
        default=None, description="COUNTY, CITY, PROVINCE or BEIJING; implied by the kind when omitted"
    )
    verified: bool = False
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Idempotency key: the same key twice records one incident"
    )
    shares: list[IncidentShareInput] | None = strawberry.field(
        default=None, description=(
            "One incident, several units: the further units its people came from and how many; the unit "
            "recorded against keeps the rest of `headcount` (the whole incident's)."))


@strawberry.type
class IncidentPayload:
    incident: Incident | None
    user_errors: list[UserError]


def _payload(i: IncidentModel | None, errors: list[UserError]) -> IncidentPayload:
    return IncidentPayload(incident=Incident.of(i) if i else None, user_errors=errors)


@strawberry.type
class IncidentQuery:
    @strawberry.field(extensions=signed_in(), deprecation_reason=(
        "The whole list at once, never cut: use incidentsConnection, the same list a page at a time."))
    async def incidents(self, info: Info, unit_id: strawberry.ID | None = None, year: int | None = None) -> list[Incident]:
        ctx = info.context
        rows = await svc.list_incidents(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=ids.decode("Unit", unit_id, field=["unitId"]) if unit_id else None, year=year,
        )
        return [Incident.of(i) for i in rows]

    @strawberry.field(extensions=signed_in(), description="The same list as incidents, a page at a time (newest first).")
    async def incidents_connection(
        self, info: Info, unit_id: strawberry.ID | None = None, year: int | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[Incident]:
        ctx = info.context
        page, query = await svc.incidents_page(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=ids.decode("Unit", unit_id, field=["unitId"]) if unit_id else None, year=year,
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, Incident.of)

    @strawberry.field(extensions=signed_in())
    async def incident(self, info: Info, id: strawberry.ID) -> Incident | None:
        ctx = info.context
        incident = svc.readable(ctx.principal, await ctx.db.get(IncidentModel, ids.decode("Incident", id, field=["id"])))
        return Incident.of(incident) if incident else None


@strawberry.type
class IncidentMutation:
    @strawberry.mutation(extensions=signed_in())
    async def record_incident(self, info: Info, input: RecordIncidentInput) -> IncidentPayload:
        ctx = info.context

        async def run() -> IncidentModel:
            return await svc.record(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.RecordIncident(
                    unit_id=ids.decode("Unit", input.unit_id, field=["input", "unitId"]),
                    kind=input.kind, occurred_on=input.occurred_on,
                    headcount=input.headcount if input.headcount is not None else 1,
                    case_id=ids.decode("Case", input.case_id, field=["input", "caseId"]) if input.case_id else None,
                    note=input.note, destination_level=input.destination_level, verified=input.verified,
                    client_mutation_id=input.client_mutation_id,
                    shares=tuple(svc.ShareIn(unit_id=ids.decode("Unit", sh.unit_id, field=["input", "shares", str(n), "unitId"]),
                                             headcount=sh.headcount) for n, sh in enumerate(input.shares or [])),
                ),
            )

        return await as_payload(ctx.locale, run, _payload)

    @strawberry.mutation(extensions=signed_in(), description="The attributed unit disputes the attribution, with its reasons.")
    async def contest_incident(self, info: Info, id: strawberry.ID, reason: str) -> IncidentPayload:
        ctx = info.context

        async def run() -> IncidentModel:
            return await svc.contest(
                db_session=ctx.db, principal=ctx.principal, incident_id=ids.decode("Incident", id, field=["id"]),
                reason=reason,
            )

        return await as_payload(ctx.locale, run, _payload)

    @strawberry.mutation(extensions=signed_in(), description="The county decides a contest: accept withdraws the attribution.")
    async def decide_incident_contest(self, info: Info, id: strawberry.ID, accept: bool, note: str) -> IncidentPayload:
        ctx = info.context

        async def run() -> IncidentModel:
            return await svc.decide(
                db_session=ctx.db, principal=ctx.principal, incident_id=ids.decode("Incident", id, field=["id"]),
                accept=accept, note=note,
            )

        return await as_payload(ctx.locale, run, _payload)

    @strawberry.mutation(extensions=signed_in())
    async def set_incident_verified(self, info: Info, id: strawberry.ID, verified: bool) -> IncidentPayload:
        ctx = info.context

        async def run() -> IncidentModel:
            return await svc.set_verified(
                db_session=ctx.db, principal=ctx.principal, incident_id=ids.decode("Incident", id, field=["id"]),
                verified=verified,
            )

        return await as_payload(ctx.locale, run, _payload)

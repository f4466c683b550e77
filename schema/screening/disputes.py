"""Disputes found by screening, mediation, turning a dispute into a case: mapped onto
`server.screening.disputes`."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.case_mutations import PetitionerInput
from schema.case_types import Case
from schema.connection import Connection, connection
from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from schema.screening.common import DisputeStatusEnum, MediationOutcomeEnum, decode_id
from schema.types import AttachmentInfo, ChannelEnum, Unit
from server import ids
from server.case.registration import PetitionerIn
from server.case.visibility import readable
from server.pagination import page_size
from server.screening import disputes as svc
from server.screening.models import Dispute as DisputeModel


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
        case = readable(info.context.principal, await info.context.loaders.case.load(self.model.case_id))
        return Case.of(case) if case else None

    @strawberry.field(description="Photos and scans; each opens at its url for whoever may read the dispute.")
    async def attachments(self, info: Info) -> list[AttachmentInfo]:
        rows = await svc.dispute_attachments(
            db_session=info.context.db, principal=info.context.principal, dispute_id=self.model.id)
        return [AttachmentInfo.of(a) for a in rows]

    @strawberry.field(description="The screening report the dispute was found in.")
    def report_id(self) -> strawberry.ID | None:
        if self.model.report_id is None:
            return None
        return strawberry.ID(ids.encode("ScreeningReport", self.model.report_id))

    @strawberry.field
    async def mediations(self, info: Info) -> list[Mediation]:
        rows = await svc.mediations(db_session=info.context.db, principal=info.context.principal, dispute_id=self.model.id)
        return [
            Mediation(mediator=m.mediator, parties=m.parties, outcome=m.outcome, agreement=m.agreement,
                      agreement_document=m.agreement_document, mediated_on=m.mediated_on)
            for m in rows
        ]


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


@strawberry.type
class DisputePayload:
    dispute: Dispute | None
    user_errors: list[UserError]


def dispute_in(d: DisputeInput, index: int) -> svc.DisputeIn:
    path = ("input", "disputes", str(index))
    return svc.DisputeIn(
        title=d.title, cause=d.cause, occurred_on=d.occurred_on, place=d.place, involved_unit=d.involved_unit,
        people_involved=d.people_involved, development=d.development, mediation_so_far=d.mediation_so_far,
        attachment_ids=[decode_id("Attachment", a, *path, "attachmentIds") for a in d.attachment_ids or []],
        id=decode_id("Dispute", d.id, *path, "id") if d.id else None,
    )


def _dispute_payload(d: DisputeModel | None, errors: list[UserError]) -> DisputePayload:
    return DisputePayload(dispute=Dispute.of(d) if d else None, user_errors=errors)


@strawberry.type
class DisputeQuery:
    @strawberry.field(extensions=signed_in())
    async def dispute(self, info: Info, id: strawberry.ID) -> Dispute | None:
        ctx = info.context
        d = svc.readable_dispute(ctx.principal, await ctx.db.get(DisputeModel, decode_id("Dispute", id, "id")))
        return Dispute.of(d) if d else None

    @strawberry.field(extensions=signed_in(),
                      description="Disputes of the unit's subtree (all the viewer may read when omitted), newest first.")
    async def disputes(
        self, info: Info, unit_id: strawberry.ID | None = None, status: list[DisputeStatusEnum] | None = None,
        search: str | None = None, first: int | None = None, after: str | None = None,
    ) -> Connection[Dispute]:
        ctx = info.context
        page, query = await svc.list_disputes(
            db_session=ctx.db, principal=ctx.principal,
            unit_id=decode_id("Unit", unit_id, "unitId") if unit_id else None, statuses=status, search=search,
            first=page_size(first, ctx.settings), after=after,
        )
        return connection(page, query, Dispute.of)


@strawberry.type
class DisputeMutation:
    @strawberry.mutation(extensions=signed_in(), description="人民调解: record a mediation of a dispute.")
    async def mediate_dispute(self, info: Info, input: MediateDisputeInput) -> DisputePayload:
        ctx = info.context

        async def run() -> DisputeModel:
            return await svc.mediate(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.MediateDispute(
                    dispute_id=decode_id("Dispute", input.dispute_id, "input", "disputeId"), mediator=input.mediator,
                    parties=input.parties, outcome=input.outcome, mediated_on=input.mediated_on,
                    agreement=input.agreement, agreement_document=input.agreement_document,
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _dispute_payload)

    @strawberry.mutation(extensions=signed_in(), description="Register a petition case for the dispute, keeping the link.")
    async def turn_dispute_into_case(self, info: Info, input: TurnDisputeIntoCaseInput) -> DisputePayload:
        ctx = info.context

        async def run() -> DisputeModel:
            return await svc.turn_into_case(
                db_session=ctx.db, principal=ctx.principal,
                data=svc.EscalateDispute(
                    dispute_id=decode_id("Dispute", input.dispute_id, "input", "disputeId"), channel=input.channel,
                    petitioners=[PetitionerIn(p.name, p.phone) for p in input.petitioners],
                    title=input.title, content=input.content, category=input.category,
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _dispute_payload)

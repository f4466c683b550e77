"""Disputes found by screening (矛盾纠纷, with the elements of a ledger entry, seed 002), their
photos, the list, 人民调解 mediation, and turning a dispute into a petition case."""
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.principal import Principal
from server.case import registration as case_registration
from server.case import rules as case_rules
from server.case.models import Channel
from server.dates import china_today
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.idempotency import by_client_key, client_key
from server.pagination import Page, keyset_page
from server.screening.models import Dispute, DisputeStatus, Mediation, MediationOutcome
from server.unit.models import Unit, in_subtree


@dataclass
class DisputeIn:
    title: str
    cause: str
    occurred_on: dt.date | None = None
    place: str | None = None
    involved_unit: str | None = None
    people_involved: int = 1
    development: str | None = None
    mediation_so_far: str | None = None
    # Photos and scans (uploaded first through POST /attachments): the dispute's complete set.
    attachment_ids: list[int] = field(default_factory=list)
    id: int | None = None  # editing a draft: this dispute of the report


# The elements a dispute's edit may change, compared to tell a change from a resend.
ELEMENTS = ("title", "cause", "occurred_on", "place", "involved_unit", "people_involved", "development",
             "mediation_so_far")


def parse_dispute(check: Validator, data: DisputeIn, path: list[str]) -> Dispute | None:
    title = check.text(data.title, [*path, "title"], max_length=200)
    cause = check.text(data.cause, [*path, "cause"], max_length=5000)
    place = check.text(data.place, [*path, "place"], required=False, max_length=200)
    involved = check.text(data.involved_unit, [*path, "involvedUnit"], required=False, max_length=200)
    development = check.text(data.development, [*path, "development"], required=False, max_length=5000)
    so_far = check.text(data.mediation_so_far, [*path, "mediationSoFar"], required=False, max_length=5000)
    if not 1 <= data.people_involved <= 100_000:
        check.add("OUT_OF_RANGE", [*path, "peopleInvolved"], min=1, max=100_000)
    if data.occurred_on is not None and data.occurred_on > china_today():
        check.add("INVALID", [*path, "occurredOn"], "error.DATE_IN_FUTURE")
    if len(set(data.attachment_ids)) > attachment_access.MAX_PER_RECORD:
        check.add("TOO_MANY", [*path, "attachmentIds"], max=attachment_access.MAX_PER_RECORD)
    if not (title and cause):
        return None
    return Dispute(
        title=title, cause=cause, occurred_on=data.occurred_on, place=place, involved_unit=involved,
        people_involved=data.people_involved, development=development, mediation_so_far=so_far,
        status=DisputeStatus.OPEN,
    )


async def attachments_for(
    db_session: AsyncSession, check: Validator, tenant_id: int, user_id: int, items: list[tuple[DisputeIn, Dispute | None]],
) -> list[list[Attachment]]:
    """The files each dispute input links (in input order). A file may be linked when it is the
    user's own unlinked upload or already belongs to that very dispute; one file, one dispute."""
    seen: set[int] = set()
    result: list[list[Attachment]] = []
    for index, (data, existing) in enumerate(items):
        path = ["input", "disputes", str(index), "attachmentIds"]
        wanted = list(dict.fromkeys(data.attachment_ids))
        if seen & set(wanted):
            check.add("INVALID", path, "error.NOT_FOUND")
            result.append([])
            continue
        seen |= set(wanted)
        rows = await attachment_access.unlinked(
            db_session=db_session, tenant_id=tenant_id, user_id=user_id, attachment_ids=wanted,
            owner_column="dispute_id" if existing is not None else None,
            owner_id=existing.id if existing is not None else None,
        )
        if rows is None:
            check.add(NOT_FOUND, path, "error.NOT_FOUND")
            rows = []
        result.append(rows)
    return result


async def link_files(db_session: AsyncSession, dispute: Dispute, files: list[Attachment]) -> None:
    """Make `files` the dispute's complete set: link the new ones, unlink those left out."""
    keep = {a.id for a in files}
    for current in await db_session.scalars(select(Attachment).where(Attachment.dispute_id == dispute.id)):
        if current.id not in keep:
            current.dispute_id = None  # back to its uploader only
    for attachment in files:
        attachment.dispute_id = dispute.id


def _readable_disputes(principal: Principal) -> Select[int]:
    """SQL: the ids of the disputes the viewer may read (their tenant, a subtree where they read
    screening) — a dispute's photos and mediations are read with the dispute, never without it."""
    principal.require_user()
    return select(Dispute.id).where(
        Dispute.tenant_id == principal.tenant_id, principal.subtree_filter(Dispute.unit_path, "screening", "read"),
    )


async def dispute_attachments(*, db_session: AsyncSession, principal: Principal, dispute_id: int) -> list[Attachment]:
    """The dispute's photos, none when the viewer may not read the dispute."""
    return list(await db_session.scalars(
        select(Attachment).where(
            Attachment.dispute_id == dispute_id, Attachment.dispute_id.in_(_readable_disputes(principal)),
        ).order_by(Attachment.id)
    ))


async def _dispute_for(db_session: AsyncSession, principal: Principal, dispute_id: int, act: str) -> Dispute:
    dispute = await db_session.get(Dispute, dispute_id)
    if dispute is None or dispute.tenant_id != principal.tenant_id or not principal.can(
        "screening", "read", dispute.unit_path
    ):
        raise DomainError(NOT_FOUND, field=["input", "disputeId"])
    if not principal.can("screening", act, dispute.unit_path):
        raise DomainError(FORBIDDEN, field=["input", "disputeId"])
    return dispute


async def list_disputes(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, statuses: list[DisputeStatus] | None,
    search: str | None, first: int, after: str | None,
) -> tuple[Page[Dispute], Select[Dispute]]:
    """One page of the disputes of the unit's subtree (every readable one when no unit), newest
    first; also the query for counting."""
    principal.require_user()
    query = select(Dispute).where(
        Dispute.tenant_id == principal.tenant_id, principal.subtree_filter(Dispute.unit_path, "screening", "read"),
    )
    if unit_id is not None:
        unit = await db_session.get(Unit, unit_id)
        if unit is None or unit.tenant_id != principal.tenant_id:
            raise DomainError(NOT_FOUND, field=["unitId"])
        query = query.where(in_subtree(Dispute.unit_path, unit.path))
    if statuses:
        query = query.where(Dispute.status.in_(statuses))
    term = (search or "").strip()[:50]
    if term:
        pattern = f"%{case_rules.escape_like(term)}%"
        query = query.where(or_(Dispute.title.like(pattern, escape="\\"), Dispute.cause.like(pattern, escape="\\")))
    page = await keyset_page(
        db_session=db_session, query=query, sort=Dispute.created_at, pk=Dispute.id, first=first, after=after,
    )
    return page, query


def readable_dispute(principal: Principal, dispute: Dispute | None) -> Dispute | None:
    principal.require_user()
    if dispute is None or dispute.tenant_id != principal.tenant_id:
        return None
    return dispute if principal.can("screening", "read", dispute.unit_path) else None


@dataclass
class MediateDispute:
    dispute_id: int
    mediator: str
    parties: str
    outcome: MediationOutcome
    mediated_on: dt.date | None = None
    agreement: str | None = None
    agreement_document: str | None = None
    client_mutation_id: str | None = None


async def mediate(*, db_session: AsyncSession, principal: Principal, data: MediateDispute) -> Dispute:
    """人民调解: record a mediation of a dispute; a successful one resolves it."""
    user_id = principal.require_user()
    check = Validator()
    mediator = check.text(data.mediator, ["input", "mediator"], max_length=100)
    parties = check.text(data.parties, ["input", "parties"], max_length=2000)
    agreement = check.text(data.agreement, ["input", "agreement"], required=False, max_length=10_000)
    document = check.text(data.agreement_document, ["input", "agreementDocument"], required=False, max_length=500)
    key = client_key(check, data.client_mutation_id)
    mediated_on = data.mediated_on or china_today()
    if mediated_on > china_today():
        check.add("INVALID", ["input", "mediatedOn"], "error.DATE_IN_FUTURE")
    if data.outcome == MediationOutcome.SUCCESS and not (agreement or document):
        check.add("REQUIRED", ["input", "agreement"], "error.AGREEMENT_REQUIRED")
    check.raise_if_any()
    dispute = await _dispute_for(db_session, principal, data.dispute_id, "mediate")
    if await by_client_key(
        db_session, Mediation, Mediation.recorded_by_user_id, tenant_id=principal.tenant_id, user_id=user_id, key=key,
    ):
        return dispute
    if dispute.status == DisputeStatus.CASE:
        raise DomainError("INVALID", "error.DISPUTE_IS_CASE", field=["input", "disputeId"])
    db_session.add(Mediation(
        tenant_id=dispute.tenant_id, dispute_id=dispute.id, mediator=mediator, parties=parties,
        outcome=data.outcome, agreement=agreement, agreement_document=document, mediated_on=mediated_on,
        recorded_by_user_id=user_id, client_mutation_id=key,
    ))
    if data.outcome == MediationOutcome.SUCCESS:
        dispute.status = DisputeStatus.MEDIATED
    audit.record(
        db_session=db_session, tenant_id=dispute.tenant_id, actor_id=user_id, action="screening.dispute.mediate",
        object_type="dispute", object_id=dispute.id, outcome=str(data.outcome),
    )
    await db_session.commit()
    return dispute


async def mediations(*, db_session: AsyncSession, principal: Principal, dispute_id: int) -> list[Mediation]:
    """The dispute's mediations, none when the viewer may not read the dispute."""
    return list(await db_session.scalars(
        select(Mediation).where(
            Mediation.dispute_id == dispute_id, Mediation.dispute_id.in_(_readable_disputes(principal)),
        ).order_by(Mediation.mediated_on, Mediation.id)
    ))


@dataclass
class EscalateDispute:
    dispute_id: int
    channel: Channel
    petitioners: list[case_registration.PetitionerIn]
    title: str | None = None
    content: str | None = None
    category: str | None = None
    client_mutation_id: str | None = None


async def turn_into_case(*, db_session: AsyncSession, principal: Principal, data: EscalateDispute) -> Dispute:
    """Register a petition case for the dispute (登记) and keep the link dispute → case."""
    user_id = principal.require_user()
    dispute = await _dispute_for(db_session, principal, data.dispute_id, "escalate")
    if dispute.case_id is not None:
        return dispute  # already a case: a retry changes nothing
    content = data.content or "\n".join(
        part for part in (
            dispute.cause, dispute.development and f"事态发展：{dispute.development}",
            dispute.mediation_so_far and f"调处情况：{dispute.mediation_so_far}",
        ) if part
    )
    case = await case_registration.register(
        db_session=db_session, principal=principal,
        data=case_registration.RegisterCase(
            unit_id=dispute.unit_id, channel=data.channel, title=data.title or dispute.title,
            content=content, petitioners=data.petitioners, category=data.category,
            headcount=max(1, min(dispute.people_involved, 10_000)),
            client_mutation_id=data.client_mutation_id,
        ),
    )
    dispute = await db_session.get_one(Dispute, data.dispute_id)
    dispute.case_id = case.id
    dispute.status = DisputeStatus.CASE
    audit.record(
        db_session=db_session, tenant_id=dispute.tenant_id, actor_id=user_id, action="screening.dispute.to_case",
        object_type="dispute", object_id=dispute.id, case_id=case.id,
    )
    await db_session.commit()
    return dispute


async def _may_read_attachment(db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A dispute's photo: readable by whoever may read the dispute."""
    return readable_dispute(principal, await db_session.get(Dispute, attachment.dispute_id)) is not None


attachment_access.register_reader("dispute_id", may_read=_may_read_attachment)

"""登记: registering a case — validation, the earlier matters it repeats, client-key replay."""
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.audit import service as audit
from server.auth.principal import Principal
from server.case import hidden, rules
from server.case.files import MAX_ATTACHMENTS, link_files
from server.case.models import Case, CaseEvent, CaseEventKind, CaseStatus, Channel, MatterKind, Petitioner
from server.dates import china_today, utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.events import broker
from server.idempotency import by_client_key, client_key
from server.tenant import service as tenant_service
from server.unit.models import Unit, UnitLevel

CASE_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)


@dataclass
class PetitionerIn:
    name: str
    phone: str


@dataclass
class RegisterCase:
    unit_id: int
    channel: Channel
    title: str
    content: str
    petitioners: list[PetitionerIn]
    category: str | None = None
    headcount: int = 1
    client_mutation_id: str | None = None
    kind: MatterKind = MatterKind.COMPLAINT
    cause: str | None = None
    place: str | None = None
    occurred_on: dt.date | None = None
    development: str | None = None
    mediation: str | None = None
    accused_unit_id: int | None = None
    attachment_ids: list[int] = field(default_factory=list)
    # The input field the files came in (a citizen's `attachmentTokens`), for the refusal's path.
    attachments_field: str = "attachmentIds"


def _field(*path: str | int) -> list[str]:
    return ["input", *map(str, path)]


def _validate(check: Validator, data: RegisterCase) -> tuple[dict[str, str | None], list[Petitioner], str | None]:
    text = {
        "title": check.text(data.title, _field("title"), max_length=200),
        "content": check.text(data.content, _field("content"), max_length=10_000),
        "category": check.text(data.category, _field("category"), required=False, max_length=64),
        "cause": check.text(data.cause, _field("cause"), required=False, max_length=2000),
        "place": check.text(data.place, _field("place"), required=False, max_length=200),
        "development": check.text(data.development, _field("development"), required=False, max_length=2000),
        "mediation": check.text(data.mediation, _field("mediation"), required=False, max_length=2000),
    }
    if not 1 <= data.headcount <= rules.MAX_HEADCOUNT:
        check.add("OUT_OF_RANGE", _field("headcount"), min=1, max=rules.MAX_HEADCOUNT)
    if data.occurred_on and data.occurred_on > china_today() + dt.timedelta(days=1):
        check.add("INVALID", _field("occurredOn"), "error.FUTURE_DATE")
    key = client_key(check, data.client_mutation_id)
    if len(data.attachment_ids) > MAX_ATTACHMENTS:
        check.add("TOO_MANY", _field("attachmentIds"), max=MAX_ATTACHMENTS)
    if not data.petitioners:
        check.add("REQUIRED", _field("petitioners"), "error.PETITIONERS_REQUIRED")
    elif len(data.petitioners) > rules.MAX_PETITIONERS:
        check.add("TOO_MANY", _field("petitioners"), max=rules.MAX_PETITIONERS)
    petitioners: list[Petitioner] = []
    for index, person in enumerate(data.petitioners[: rules.MAX_PETITIONERS]):
        name = check.text(person.name, _field("petitioners", index, "name"), max_length=50)
        phone = None
        if not (person.phone or "").strip():
            check.add("REQUIRED", _field("petitioners", index, "phone"))
        else:
            phone = rules.normalise_phone(person.phone[:40])
            if phone is None:
                check.add("INVALID_PHONE", _field("petitioners", index, "phone"), "error.INVALID_PHONE")
        if name and phone:
            petitioners.append(Petitioner(name=name, phone=phone, position=index))
    return text, petitioners, key


# How many earlier cases' titles and contents are compared per statement: every earlier case of
# the petitioners is considered, a batch of these few columns at a time.
_EARLIER_BATCH = 500


async def _earlier_matters(db_session: AsyncSession, tenant_id: int, phones: list[str], title: str, content: str) -> list[Case]:
    """Earlier cases of these petitioners on a similar matter, most recent first.

    Every earlier case in the county counts, however many the petitioners have: the comparison
    reads only (id, registered_at, title, content), newest first in keyset batches, and loads the
    similar cases alone."""
    of_petitioners = Case.id.in_(select(Petitioner.case_id).where(Petitioner.phone.in_(phones)))
    query = (
        select(Case.id, Case.registered_at, Case.title, Case.content)
        .where(Case.tenant_id == tenant_id, of_petitioners)
        .order_by(Case.registered_at.desc(), Case.id.desc())
        .limit(_EARLIER_BATCH)
    )
    similar: list[int] = []
    after: tuple[dt.datetime, int] | None = None
    while True:
        batch = query
        if after is not None:
            batch = batch.where(or_(
                Case.registered_at < after[0], and_(Case.registered_at == after[0], Case.id < after[1])
            ))
        rows = (await db_session.execute(batch)).all()
        similar += [row.id for row in rows if rules.is_same_matter(title, content, row.title, row.content)]
        if len(rows) < _EARLIER_BATCH:
            break
        after = (rows[-1].registered_at, rows[-1].id)
    if not similar:
        return []
    found = {c.id: c for c in await db_session.scalars(select(Case).where(Case.id.in_(similar)))}
    return [found[case_id] for case_id in similar if case_id in found]


async def register(
    *, db_session: AsyncSession, principal: Principal | None, data: RegisterCase, channel_unit: Unit | None = None
) -> Case:
    """登记: record a new matter with its acceptance deadline.

    `principal` is None for a citizen's online submission (the public service checks it).
    """
    user_id = principal.require_user() if principal is not None else None
    check = Validator()
    text, petitioners, key = _validate(check, data)
    unit = await db_session.get(Unit, data.unit_id)
    tenant_id = principal.tenant_id if principal is not None else (unit.tenant_id if unit else None)
    if unit is None or unit.tenant_id is None or unit.tenant_id != tenant_id:
        check.add(NOT_FOUND, _field("unitId"), "error.NOT_FOUND")
    elif principal is not None and not principal.can("case", "register", unit.path):
        check.add(FORBIDDEN, _field("unitId"), "error.UNIT_FORBIDDEN")
    elif unit.level not in CASE_LEVELS or unit.retired_at is not None:
        check.add("INVALID", _field("unitId"), "error.UNIT_LEVEL")
    accused = None
    if data.kind == MatterKind.ACCUSATION and data.accused_unit_id is None:
        # Art. 30: the unit an accusation concerns decides who may never see it.
        check.add("REQUIRED", _field("accusedUnitId"), "error.ACCUSED_REQUIRED")
    elif data.kind != MatterKind.ACCUSATION and data.accused_unit_id is not None:
        check.add("INVALID", _field("accusedUnitId"), "error.ACCUSED_ONLY_ACCUSATION")
    elif data.accused_unit_id is not None:
        accused = await db_session.get(Unit, data.accused_unit_id)
        if accused is None or accused.tenant_id != tenant_id or accused.parent_id is None:
            check.add(NOT_FOUND, _field("accusedUnitId"), "error.NOT_FOUND")
        elif accused.level == UnitLevel.COUNTY:
            # The county's own officials: the level above is the city, outside this system.
            check.add("INVALID", _field("accusedUnitId"), "error.ACCUSED_COUNTY")
    attachments = await attachment_access.unlinked(
        db_session=db_session, tenant_id=tenant_id, user_id=user_id, attachment_ids=data.attachment_ids
    ) if tenant_id is not None else (None if data.attachment_ids else [])  # no county: no file of it
    if attachments is None:
        check.add(NOT_FOUND, _field(data.attachments_field), "error.NOT_FOUND")
    check.raise_if_any()
    # What the checks above guarantee: a unit of a county, the files found.
    assert unit is not None and unit.tenant_id is not None and attachments is not None

    fingerprint = rules.payload_fingerprint(data) if key is not None else None
    if key is not None:
        existing = await _by_client_key(db_session, tenant_id, user_id, key)
        if existing is not None:
            return _replayed(existing, fingerprint)

    now = utcnow()
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    if accused is not None:
        handler = await db_session.get(Unit, accused.parent_id)  # one level above the accused
    elif unit.level == UnitLevel.VILLAGE:
        handler = await db_session.get(Unit, unit.parent_id)  # the township accepts villages' cases
    else:
        handler = unit
    assert handler is not None  # an accused unit's parent and a village's township exist
    similar = [
        c
        for c in await _earlier_matters(
            db_session, unit.tenant_id, [p.phone for p in petitioners], text["title"] or "", text["content"] or ""
        )
        if hidden.may_link_repeat(c.accused_unit_path, accused.path if accused else None)
    ]
    # 三级终结: the same facts after a concluded re-review are not accepted again; the new
    # petition is linked to the concluded matter for the officer's 不再受理 decision.
    concluded = next((c for c in similar if c.status == CaseStatus.CONCLUDED), None)
    earlier = concluded or (similar[0] if similar else None)
    accept_due = rules.accept_due_at(now, settings)
    for p in petitioners:
        p.tenant_id = unit.tenant_id
    case = Case(
        tenant_id=unit.tenant_id,
        unit_id=unit.id,
        unit_path=unit.path,
        handler_unit_id=handler.id,
        handler_unit_path=handler.path,
        registered_by_unit_id=principal.unit_id if principal is not None else handler.id,
        registered_by_user_id=user_id,
        query_code=rules.new_query_code(),
        client_mutation_id=key,
        client_payload_hash=fingerprint,
        channel=data.channel,
        kind=data.kind,
        headcount=data.headcount,
        occurred_on=data.occurred_on,
        accused_unit_id=accused.id if accused else None,
        accused_unit_path=accused.path if accused else None,
        first_petition=earlier is None,
        repeat_of_case_id=earlier.id if earlier else None,
        # 三级终结: the same facts after a concluded re-review are not accepted again.
        not_accepted_again=concluded is not None,
        status=CaseStatus.REGISTERED,
        registered_at=now,
        accept_due_at=accept_due,
        due_at=accept_due,
        petitioners=petitioners,
        **text,
    )
    db_session.add(case)
    try:
        await db_session.flush()
    except IntegrityError:
        # A concurrent retry with the same idempotency key won the race.
        await db_session.rollback()
        existing = await _by_client_key(db_session, tenant_id, user_id, key) if key else None
        if existing is None:
            raise
        return _replayed(existing, fingerprint)
    if not await link_files(db_session, case.id, attachments):
        await db_session.rollback()  # a concurrent registration took one of the files
        raise DomainError(NOT_FOUND, field=_field(data.attachments_field))
    note = None
    if earlier is not None:
        note = f"重信重访 #{earlier.id}" + ("（不再受理）" if case.not_accepted_again else "")
    db_session.add(
        CaseEvent(
            tenant_id=case.tenant_id, case_id=case.id, kind=CaseEventKind.REGISTERED, at=now, actor_id=user_id,
            note=note,
        )
    )
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=user_id,
        action="case.register", object_type="case", object_id=case.id,
        channel=str(case.channel), unit_id=unit.id,
    )
    await db_session.commit()
    broker.publish(case)
    return case


def _replayed(existing: Case, fingerprint: str | None) -> Case:
    """The record a retried registration already made — unless the key came with another payload."""
    if existing.client_payload_hash is not None and existing.client_payload_hash != fingerprint:
        raise DomainError("CONFLICT", "error.IDEMPOTENCY_CONFLICT", field=_field("clientMutationId"))
    return existing


async def _by_client_key(db_session: AsyncSession, tenant_id: int | None, user_id: int | None, key: str) -> Case | None:
    # No user: online submissions are deduplicated by the public service.
    return await by_client_key(db_session, Case, Case.registered_by_user_id, tenant_id=tenant_id, user_id=user_id, key=key)

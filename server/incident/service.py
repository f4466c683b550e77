"""Use cases of escalation incidents. Each public function is one transaction, audited."""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import UNIT_REFUSALS, Principal
from server.case.models import Case
from server.dates import local_date, utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.idempotency import by_client_key, client_key
from server.incident import rules
from server.incident.models import AttributionStatus, Incident, IncidentKind, IncidentShare
from server.pagination import Page, keyset_page
from server.unit.models import Unit, UnitLevel, in_subtree

INCIDENT_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)


@dataclass(frozen=True)
class ShareIn:
    """A further unit the incident's people came from, with how many of them."""

    unit_id: int
    headcount: int


@dataclass
class RecordIncident:
    unit_id: int
    kind: IncidentKind
    occurred_on: dt.date
    headcount: int = 1
    case_id: int | None = None
    note: str | None = None
    destination_level: str | None = None
    verified: bool = False
    client_mutation_id: str | None = None
    shares: tuple[ShareIn, ...] = ()


def readable(principal: Principal, incident: Incident | None) -> Incident | None:
    principal.require_user()
    if incident is None or incident.tenant_id != principal.tenant_id:
        return None
    return incident if principal.can("incident", "read", incident.unit_path) else None


async def _by_key(db_session: AsyncSession, tenant_id: int | None, user_id: int, key: str | None) -> Incident | None:
    return await by_client_key(db_session, Incident, Incident.recorded_by_user_id, tenant_id=tenant_id, user_id=user_id,
                               key=key)


async def record(*, db_session: AsyncSession, principal: Principal, data: RecordIncident) -> Incident:
    """The county records an incident against the unit it is attributed to."""
    user_id = principal.require_user()
    check = Validator()
    note = check.text(data.note, ["input", "note"], required=False, max_length=5000)
    key = client_key(check, data.client_mutation_id)
    if not 1 <= data.headcount <= rules.MAX_HEADCOUNT:
        check.add("OUT_OF_RANGE", ["input", "headcount"], min=1, max=rules.MAX_HEADCOUNT)
    if data.occurred_on > local_date(utcnow()):
        check.add("INVALID", ["input", "occurredOn"], "error.DATE_IN_FUTURE")
    destination = rules.destination_for(data.kind, (data.destination_level or "").strip().upper() or None)
    if destination is not None and destination not in rules.DESTINATION_LEVELS:
        check.add("INVALID", ["input", "destinationLevel"])
    elif destination is not None and destination not in rules.allowed_destinations(data.kind):
        if rules.allowed_destinations(data.kind):
            check.add("INVALID", ["input", "destinationLevel"], "incident.DESTINATION_CONTRADICTS_KIND")
        else:
            check.add("INVALID", ["input", "destinationLevel"], "incident.NO_DESTINATION_FOR_KIND")
    unit = await db_session.get(Unit, data.unit_id)
    if (refusal := principal.unit_refusal(unit, "incident", "record", INCIDENT_LEVELS)) is not None:
        check.add(refusal, ["input", "unitId"], UNIT_REFUSALS[refusal])
    if data.case_id is not None:
        case = await db_session.get(Case, data.case_id)
        if case is None or case.tenant_id != principal.tenant_id:
            check.add(NOT_FOUND, ["input", "caseId"], "error.NOT_FOUND")
    share_units = await _check_shares(db_session, principal, check, data)
    check.raise_if_any()
    assert unit is not None
    existing = await _by_key(db_session, principal.tenant_id, user_id, key)
    if existing is not None:
        return existing
    incident = Incident(
        tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=data.kind,
        occurred_on=data.occurred_on, headcount=data.headcount, destination_level=destination,
        case_id=data.case_id, note=note, verified=data.verified, status=AttributionStatus.ATTRIBUTED,
        recorded_by_user_id=user_id, recorded_at=utcnow(), client_mutation_id=key,
    )
    db_session.add(incident)
    try:
        await db_session.flush()
    except IntegrityError:
        await db_session.rollback()
        again = await _by_key(db_session, principal.tenant_id, user_id, key)
        if again is None:
            raise
        return again
    for share, share_unit in zip(data.shares, share_units, strict=True):
        db_session.add(IncidentShare(tenant_id=incident.tenant_id, incident_id=incident.id, unit_id=share_unit.id,
                                     unit_path=share_unit.path, headcount=share.headcount))
    audit.record(
        db_session=db_session, tenant_id=incident.tenant_id, actor_id=user_id, action="incident.record",
        object_type="incident", object_id=incident.id, unit_id=unit.id, kind=str(data.kind),
        occurred_on=data.occurred_on.isoformat(), headcount=data.headcount, verified=data.verified,
        **({"shares": [[s.unit_id, s.headcount] for s in data.shares]} if data.shares else {}),
    )
    await db_session.commit()
    return incident


MAX_SHARES = 50


async def _check_shares(db_session: AsyncSession, principal: Principal, check: Validator,
                        data: RecordIncident) -> list[Unit]:
    """Further units of one incident: each of the tenant, one the recorder may record against,
    named once, and together fewer people than the whole headcount."""
    units: list[Unit] = []
    if len(data.shares) > MAX_SHARES:
        check.add("TOO_LONG", ["input", "shares"], max=MAX_SHARES)
        return units
    seen = {data.unit_id}
    for n, share in enumerate(data.shares):
        field = ["input", "shares", str(n)]
        unit = await db_session.get(Unit, share.unit_id)
        if (refusal := principal.unit_refusal(unit, "incident", "record", INCIDENT_LEVELS)) is not None:
            check.add(refusal, [*field, "unitId"], UNIT_REFUSALS[refusal])
        elif share.unit_id in seen:
            check.add("INVALID", [*field, "unitId"], "incident.SHARE_UNIT_TWICE")
        else:
            assert unit is not None  # refused above otherwise
            units.append(unit)
        seen.add(share.unit_id)
        if not 1 <= share.headcount <= rules.MAX_HEADCOUNT:
            check.add("OUT_OF_RANGE", [*field, "headcount"], min=1, max=rules.MAX_HEADCOUNT)
    total = sum(s.headcount for s in data.shares)
    if data.shares and total >= data.headcount:
        check.add("INVALID", ["input", "shares"], "incident.SHARES_EXCEED", shares=total, headcount=data.headcount)
    return units


async def shares_of(db_session: AsyncSession, incident_ids: list[int]) -> dict[int, list[IncidentShare]]:
    """The further units' shares of each incident, in the order recorded."""
    found: dict[int, list[IncidentShare]] = {i: [] for i in incident_ids}
    if incident_ids:
        for row in await db_session.scalars(select(IncidentShare).where(IncidentShare.incident_id.in_(incident_ids))
                                            .order_by(IncidentShare.id)):
            found[row.incident_id].append(row)
    return found


async def _get(db_session: AsyncSession, principal: Principal, incident_id: int) -> Incident:
    incident = readable(principal, await db_session.get(Incident, incident_id))
    if incident is None:
        raise DomainError(NOT_FOUND, field=["id"])
    return incident


async def set_verified(*, db_session: AsyncSession, principal: Principal, incident_id: int, verified: bool) -> Incident:
    user_id = principal.require_user()
    incident = await _get(db_session, principal, incident_id)
    if not principal.can("incident", "verify", incident.unit_path):
        raise DomainError(FORBIDDEN, field=["id"])
    if incident.verified != verified:
        incident.verified = verified
        audit.record(
            db_session=db_session, tenant_id=incident.tenant_id, actor_id=user_id, action="incident.verify",
            object_type="incident", object_id=incident.id, verified=verified,
        )
        await db_session.commit()
    return incident


def may_contest(*, principal: Principal, incident: Incident) -> bool:
    """Whether the viewer may contest the attribution now (what `contest` would allow)."""
    return rules.can_contest(incident.status) and principal.can("incident", "contest", incident.unit_path)


def may_decide(*, principal: Principal, incident: Incident) -> bool:
    """Whether the viewer may decide a pending contest now (what `decide` would allow)."""
    return rules.can_decide(incident.status) and principal.can("incident", "decide", incident.unit_path)


async def contest(*, db_session: AsyncSession, principal: Principal, incident_id: int, reason: str) -> Incident:
    """The unit the incident is attributed to (or its township) disputes the attribution."""
    user_id = principal.require_user()
    check = Validator()
    cleaned = check.text(reason, ["reason"], max_length=5000)
    check.raise_if_any()
    incident = await _get(db_session, principal, incident_id)
    if not principal.can("incident", "contest", incident.unit_path):
        raise DomainError(FORBIDDEN, field=["id"])
    if not rules.can_contest(incident.status):
        raise DomainError("INVALID", "error.INCIDENT_NOT_CONTESTABLE", field=["id"])
    incident.status = AttributionStatus.CONTESTED
    incident.contest_reason = cleaned
    incident.contested_at = utcnow()
    incident.contested_by_user_id = user_id
    audit.record(
        db_session=db_session, tenant_id=incident.tenant_id, actor_id=user_id, action="incident.contest",
        object_type="incident", object_id=incident.id, reason=cleaned,
    )
    await db_session.commit()
    return incident


async def decide(
    *, db_session: AsyncSession, principal: Principal, incident_id: int, accept: bool, note: str
) -> Incident:
    """The county decides a contest: accept (attribution withdrawn) or reject (confirmed)."""
    user_id = principal.require_user()
    check = Validator()
    cleaned = check.text(note, ["note"], max_length=5000)
    check.raise_if_any()
    incident = await _get(db_session, principal, incident_id)
    if not principal.can("incident", "decide", incident.unit_path):
        raise DomainError(FORBIDDEN, field=["id"])
    if not rules.can_decide(incident.status):
        raise DomainError("INVALID", "error.INCIDENT_NOT_CONTESTED", field=["id"])
    incident.status = rules.decided_status(accept)
    incident.decision_note = cleaned
    incident.decided_at = utcnow()
    incident.decided_by_user_id = user_id
    audit.record(
        db_session=db_session, tenant_id=incident.tenant_id, actor_id=user_id, action="incident.decide",
        object_type="incident", object_id=incident.id, accepted=accept, status=str(incident.status), note=cleaned,
    )
    await db_session.commit()
    return incident


def _list_query(principal: Principal, unit: Unit | None, year: int | None) -> Select[Incident]:
    query = select(Incident).where(
        Incident.tenant_id == principal.tenant_id,
        principal.subtree_filter(Incident.unit_path, "incident", "read"),
    )
    if unit is not None:
        query = query.where(in_subtree(Incident.unit_path, unit.path))
    if year is not None:
        query = query.where(Incident.occurred_on >= dt.date(year, 1, 1), Incident.occurred_on <= dt.date(year, 12, 31))
    return query


async def _list_unit(db_session: AsyncSession, principal: Principal, unit_id: int | None) -> Unit | None:
    principal.require_user()
    if unit_id is None:
        return None
    unit = await db_session.get(Unit, unit_id)
    if unit is None:
        raise DomainError(NOT_FOUND, field=["unitId"])
    return unit


async def list_incidents(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, year: int | None
) -> list[Incident]:
    """Every incident of the unit's subtree (all the viewer may read when no unit), newest first:
    the whole list, never cut (incidents are few; `incidents_page` pages through them)."""
    unit = await _list_unit(db_session, principal, unit_id)
    query = _list_query(principal, unit, year).order_by(Incident.occurred_on.desc(), Incident.id.desc())
    return list(await db_session.scalars(query))


async def incidents_page(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, year: int | None, first: int,
    after: str | None,
) -> tuple[Page[Incident], Select[Incident]]:
    """One page of the same list, newest first; also the query for counting."""
    unit = await _list_unit(db_session, principal, unit_id)
    query = _list_query(principal, unit, year)
    page = await keyset_page(
        db_session=db_session, query=query, sort=Incident.occurred_on, pk=Incident.id, first=first, after=after,
        kind=dt.date,
    )
    return page, query

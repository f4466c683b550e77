"""Gathers the incidents the 三无 evaluation judges, as `rollup.RecordedIncident`s with their
shares: verified by the county, not withdrawn after a contest (a pending contest still counts),
occurring in the year, with at least one share in the given subtree."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.evaluation.rollup import RecordedIncident, Share, UnitRef
from server.evaluation.sanwu.vocabulary import DestinationLevel, IncidentKind, possible_destinations
from server.incident.models import COUNTING_STATUSES, Incident, IncidentShare
from server.unit.models import Unit, in_subtree


def _destination(row: Incident) -> DestinationLevel | None:
    """The recorded destination when it is one the kind allows (the recording refuses the others;
    rows from before that check with a contradicting destination fall back to the kind's own)."""
    if row.destination_level is None:
        return None
    try:
        level = DestinationLevel(row.destination_level)
    except ValueError:
        return None
    kind = IncidentKind(row.kind)
    return level if level in possible_destinations(kind) else None


async def recorded_incidents(
    *, db_session: AsyncSession, tenant_id: int, year: int, under_path: str | None = None,
) -> list[RecordedIncident]:
    """The counting incidents of the year with a share under `under_path` (None: the whole
    tenant), oldest first; each with every one of its shares (also those outside the subtree,
    which `rollup.roll_up` ignores for the units it is not given)."""
    return (await recorded_incidents_of(db_session=db_session, tenant_ids=[tenant_id], year=year,
                                        under_path=under_path)).get(tenant_id, [])


async def recorded_incidents_of(
    *, db_session: AsyncSession, tenant_ids: Sequence[int], year: int, under_path: str | None = None,
) -> dict[int, list[RecordedIncident]]:
    """`recorded_incidents` of several tenants in three queries (the province ranking): tenant id →
    its incidents, oldest first."""
    conditions = [
        Incident.tenant_id.in_(tenant_ids), Incident.verified.is_(True), Incident.status.in_(COUNTING_STATUSES),
        Incident.occurred_on >= dt.date(year, 1, 1), Incident.occurred_on <= dt.date(year, 12, 31),
    ]
    if under_path is not None:
        in_subtree_shares = select(IncidentShare.incident_id).where(
            IncidentShare.tenant_id.in_(tenant_ids),
            in_subtree(IncidentShare.unit_path, under_path))
        conditions.append(or_(in_subtree(Incident.unit_path, under_path),
                              Incident.id.in_(in_subtree_shares)))
    rows = list(await db_session.scalars(select(Incident).where(*conditions)
                                         .order_by(Incident.occurred_on, Incident.id)))
    if not rows:
        return {}
    extra: dict[int, list[IncidentShare]] = {}
    for share in await db_session.scalars(select(IncidentShare).where(
            IncidentShare.tenant_id.in_(tenant_ids), IncidentShare.incident_id.in_([r.id for r in rows]))
            .order_by(IncidentShare.id)):
        extra.setdefault(share.incident_id, []).append(share)
    unit_ids = {r.unit_id for r in rows} | {s.unit_id for shares in extra.values() for s in shares}
    units = {u.id: UnitRef(u.id, u.path, u.name) for u in await db_session.scalars(
        select(Unit).where(Unit.id.in_(unit_ids)))}
    out: dict[int, list[RecordedIncident]] = {}
    for row in rows:
        others = extra.get(row.id, [])
        own = max(1, (row.headcount or 1) - sum(s.headcount for s in others))
        out.setdefault(row.tenant_id, []).append(RecordedIncident(
            id=str(row.id), kind=IncidentKind(row.kind), occurred_on=row.occurred_on, destination=_destination(row),
            shares=(Share(units[row.unit_id], own), *(Share(units[s.unit_id], s.headcount) for s in others)),
        ))
    return out

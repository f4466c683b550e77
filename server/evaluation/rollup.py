"""属地 roll-up: which incidents each unit of a county is judged on. Pure, no I/O.

A "三无" title certifies that nothing happened in the unit's whole jurisdiction. Seed 004 says a
county is 三无 when "没有发生进京越级上访（含涉法涉诉）和非接待场所有关人员" — anywhere in the
county — and a township when none happened in the township, its villages included. So every
tier criterion judges the incidents of the unit's whole subtree.

An incident is recorded once (one record per incident), attributed to one unit — or, for a
collective petition whose people came from several units, to several, each with its share of
the headcount (`Share`). A unit is judged on every incident with a share in its subtree, with
the headcount of those shares: 30 people from one township and 21 from another who went to the
city together are one petition of 51 people for their county ("超过 50 人"), one of 30 and one
of 21 for the townships.

Score deductions and accountability (诫勉谈话 / 一票否决) are a unit's own: by default they count
only the shares attributed to the unit itself (`ConsequenceScope.ATTRIBUTED_UNIT`); a template
may say WHOLE_SUBTREE.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from server.evaluation.sanwu.vocabulary import ConsequenceScope, DestinationLevel, IncidentKind, SanwuIncident


@dataclass(frozen=True)
class UnitRef:
    """A unit of the county's tree, by its materialised path (`/…/330122/001/014`)."""

    id: int
    path: str
    name: str


@dataclass(frozen=True)
class Share:
    """The part of an incident's people attributed to one unit."""

    unit: UnitRef
    headcount: int


@dataclass(frozen=True)
class RecordedIncident:
    """An incident as recorded: verified and counting (the caller filters), with its shares."""

    id: str
    kind: IncidentKind
    occurred_on: dt.date
    destination: DestinationLevel | None
    shares: tuple[Share, ...]  # at least one; the first is the unit it was recorded against

    def __post_init__(self) -> None:
        if not self.shares:
            raise ValueError(f"incident {self.id} is attributed to no unit")
        if len({s.unit.id for s in self.shares}) != len(self.shares):
            raise ValueError(f"incident {self.id} names a unit twice")

    @property
    def headcount(self) -> int:
        return sum(s.headcount for s in self.shares)


@dataclass(frozen=True)
class JudgedIncident:
    """An incident as one unit sees it: the shares within its subtree and their headcount."""

    incident: RecordedIncident
    shares: tuple[Share, ...]  # the shares attributed within the unit's subtree

    @property
    def headcount(self) -> int:
        return sum(s.headcount for s in self.shares)

    def as_sanwu(self) -> SanwuIncident:
        i = self.incident
        return SanwuIncident(id=i.id, kind=i.kind, headcount=self.headcount, occurred_on=i.occurred_on,
                             verified=True, destination=i.destination)


@dataclass(frozen=True)
class UnitIncidents:
    """What one unit is judged on (`subtree`) and what its consequences count (`consequences`)."""

    unit: UnitRef
    subtree: tuple[JudgedIncident, ...]  # every incident with a share in the unit's subtree
    consequences: tuple[JudgedIncident, ...]  # the unit's own shares, or the subtree (template)

    def judged(self) -> list[SanwuIncident]:
        return [j.as_sanwu() for j in self.subtree]

    def counted_for_consequences(self) -> list[SanwuIncident]:
        return [j.as_sanwu() for j in self.consequences]


def roll_up(
    units: Sequence[UnitRef], incidents: Iterable[RecordedIncident],
    scope: ConsequenceScope = ConsequenceScope.ATTRIBUTED_UNIT,
) -> dict[int, UnitIncidents]:
    """For each unit, the incidents of its whole subtree (in the order given) and those its
    deductions and accountability count. An incident's share counts for its own unit and every
    unit above it among `units`; cost grows with incidents × tree depth, not with units."""
    by_path = {u.path: u for u in units}
    subtree: dict[int, list[JudgedIncident]] = {u.id: [] for u in units}
    own: dict[int, list[JudgedIncident]] = {u.id: [] for u in units}
    for incident in incidents:
        per_unit: dict[int, list[Share]] = {}
        for share in incident.shares:
            for ancestor in _ancestors(share.unit.path, by_path):
                per_unit.setdefault(ancestor.id, []).append(share)
            if share.unit.id in own:
                own[share.unit.id].append(JudgedIncident(incident, (share,)))
        for unit_id, shares in per_unit.items():
            subtree[unit_id].append(JudgedIncident(incident, tuple(shares)))
    return {
        u.id: UnitIncidents(
            unit=u, subtree=tuple(subtree[u.id]),
            consequences=tuple(subtree[u.id] if scope is ConsequenceScope.WHOLE_SUBTREE else own[u.id]),
        )
        for u in units
    }


def _ancestors(path: str, by_path: Mapping[str, UnitRef]) -> list[UnitRef]:
    """The units among `by_path` at `path` or above it (the path itself included)."""
    found = []
    parts = path.rstrip("/").split("/")
    for n in range(len(parts), 1, -1):
        unit = by_path.get("/".join(parts[:n]))
        if unit is not None:
            found.append(unit)
    return found


@dataclass(frozen=True)
class ExplainedIncident:
    """One line of a unit's explanation: the incident and the unit(s) it is attributed to."""

    id: str
    kind: IncidentKind
    occurred_on: dt.date
    headcount: int  # the headcount judged for this unit (its subtree's shares)
    total_headcount: int  # the whole incident's
    destination: DestinationLevel | None
    units: tuple[tuple[int, str, int], ...]  # (unit id, unit name, headcount) of the shares judged
    own: bool  # a share is attributed to the unit itself
    counts_for_consequences: bool


def explain(view: UnitIncidents) -> list[ExplainedIncident]:
    """The incidents a unit was judged on, each naming the unit it was attributed to."""
    consequence_ids = {j.incident.id for j in view.consequences}
    return [
        ExplainedIncident(
            id=j.incident.id, kind=j.incident.kind, occurred_on=j.incident.occurred_on, headcount=j.headcount,
            total_headcount=j.incident.headcount, destination=j.incident.destination,
            units=tuple((s.unit.id, s.unit.name, s.headcount) for s in j.shares),
            own=any(s.unit.id == view.unit.id for s in j.shares),
            counts_for_consequences=j.incident.id in consequence_ids,
        )
        for j in view.subtree
    ]


__all__ = ["ExplainedIncident", "JudgedIncident", "RecordedIncident", "Share", "UnitIncidents", "UnitRef",
           "explain", "roll_up"]

"""Pure rules of escalation incidents: who may move an attribution where."""
from server.incident.models import AttributionStatus, IncidentKind

MAX_HEADCOUNT = 100_000
DESTINATION_LEVELS = ("COUNTY", "CITY", "PROVINCE", "BEIJING")

# The destination a kind implies when the recorder gives none.
IMPLIED_DESTINATION = {
    IncidentKind.BEIJING_ESCALATED: "BEIJING",
    IncidentKind.BEIJING_NON_RECEPTION: "BEIJING",
    IncidentKind.PROVINCE_ESCALATED: "PROVINCE",
    IncidentKind.CITY_ESCALATED: "CITY",
    IncidentKind.COLLECTIVE_TO_COUNTY: "COUNTY",
    IncidentKind.COLLECTIVE_TO_CITY: "CITY",
}


def destination_for(kind: IncidentKind, given: str | None) -> str | None:
    return given or IMPLIED_DESTINATION.get(kind)


def can_contest(status: AttributionStatus) -> bool:
    """A unit contests an attribution once, before the county has decided anything."""
    return status == AttributionStatus.ATTRIBUTED


def can_decide(status: AttributionStatus) -> bool:
    return status == AttributionStatus.CONTESTED


def decided_status(accept_contest: bool) -> AttributionStatus:
    """Accepting the unit's contest withdraws the attribution; rejecting it confirms it."""
    return AttributionStatus.WITHDRAWN if accept_contest else AttributionStatus.CONFIRMED

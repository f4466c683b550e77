"""Pure rules of escalation incidents: who may move an attribution where, and which
destinations a kind allows."""
from server.evaluation.sanwu.vocabulary import IncidentKind as RuleKind
from server.evaluation.sanwu.vocabulary import possible_destinations
from server.incident.models import AttributionStatus, IncidentKind

MAX_HEADCOUNT = 100_000
DESTINATION_LEVELS = ("COUNTY", "CITY", "PROVINCE", "BEIJING")

# The destination a kind implies when the recorder gives none.
IMPLIED_DESTINATION = {
    IncidentKind.BEIJING_ESCALATED: "BEIJING",
    IncidentKind.BEIJING_NON_RECEPTION: "BEIJING",
    IncidentKind.PROVINCE_NON_RECEPTION: "PROVINCE",
    IncidentKind.CITY_NON_RECEPTION: "CITY",
    IncidentKind.PROVINCE_ESCALATED: "PROVINCE",
    IncidentKind.CITY_ESCALATED: "CITY",
    IncidentKind.COLLECTIVE_TO_COUNTY: "COUNTY",
    IncidentKind.COLLECTIVE_TO_CITY: "CITY",
}


def destination_for(kind: IncidentKind, given: str | None) -> str | None:
    return given or IMPLIED_DESTINATION.get(kind)


def allowed_destinations(kind: IncidentKind) -> tuple[str, ...]:
    """The destinations a kind may record (the evaluation rules' vocabulary): a 赴省越级访 went to
    the province, a 到县以上集体访 to the city, the province or Beijing; an extreme incident or
    media hype has none."""
    return tuple(level.value for level in possible_destinations(RuleKind(kind.value)))


def can_contest(status: AttributionStatus) -> bool:
    """A unit contests an attribution once, before the county has decided anything."""
    return status == AttributionStatus.ATTRIBUTED


def can_decide(status: AttributionStatus) -> bool:
    return status == AttributionStatus.CONTESTED


def decided_status(accept_contest: bool) -> AttributionStatus:
    """Accepting the unit's contest withdraws the attribution; rejecting it confirms it."""
    return AttributionStatus.WITHDRAWN if accept_contest else AttributionStatus.CONFIRMED

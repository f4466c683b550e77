"""What a meeting's record shows beside itself: the disputes it discussed and, for a decision, the
meeting it came from — each decided here for the viewer, not by the GraphQL layer."""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.errors import NOT_FOUND, DomainError
from server.screening.disputes import readable_dispute
from server.screening.meetings import readable_meeting
from server.screening.models import Dispute, Meeting, MeetingDecision


async def meeting_disputes(*, db_session: AsyncSession, principal: Principal, meeting: Meeting) -> list[Dispute]:
    """The disputes discussed at a meeting, only those the viewer may read: each by its own unit
    (a township's dispute stays with its own readers though the county's meeting discussed it; the
    owner of a decision, who reads the meeting without reading its unit, sees only their own)."""
    principal.require_user()
    if meeting.tenant_id != principal.tenant_id or not meeting.dispute_ids:
        return []
    rows = await db_session.scalars(select(Dispute).where(Dispute.id.in_(meeting.dispute_ids)).order_by(Dispute.id))
    return [d for d in rows if readable_dispute(principal, d) is not None]


async def decision_meeting(*, db_session: AsyncSession, principal: Principal, decision: MeetingDecision) -> Meeting:
    """The meeting a decision came from, for a viewer who may read that meeting or who owns the
    decision (the official it was given to reads where the task comes from, even from a unit above)."""
    principal.require_user()
    meeting = await db_session.get(Meeting, decision.meeting_id)
    if meeting is None or meeting.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND)
    if decision.owner_user_id != principal.user_id and readable_meeting(principal, meeting) is None:
        raise DomainError(NOT_FOUND)
    return meeting

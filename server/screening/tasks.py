"""The viewer's screening to-dos: their unit's report when due or missing, their unit's routine
meeting when due or missing (for those who minute meetings), and the meeting decisions they own."""
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.screening import meetings, reports, rules
from server.screening.models import MeetingDecision
from server.unit.models import Unit


@dataclass(frozen=True)
class Tasks:
    reports: list[reports.UnitReporting]
    meetings: list[meetings.UnitMeetings]
    decisions: list[MeetingDecision]


async def tasks(*, db_session: AsyncSession, principal: Principal) -> Tasks:
    principal.require_user()
    own = await db_session.get(Unit, principal.unit_id) if principal.unit_id is not None else None
    due_reports: list[reports.UnitReporting] = []
    due_meetings: list[meetings.UnitMeetings] = []
    if own is not None and own.tenant_id == principal.tenant_id:
        if principal.can("screening", "report", own.path):
            due_reports = [
                r for r in await reports.reporting(db_session=db_session, principal=principal, unit_id=own.id,
                                                   children=False)
                if r.missing or r.current.state != rules.ReportState.SUBMITTED
            ]
        if principal.can("screening", "meeting", own.path):
            due_meetings = [
                m for m in await meetings.meeting_record(db_session=db_session, principal=principal, unit_id=own.id,
                                                         children=False)
                if m.missing or m.current.state != rules.MeetingState.HELD
            ]
    decisions = await meetings.my_decisions(db_session=db_session, principal=principal)
    return Tasks(reports=due_reports, meetings=due_meetings, decisions=decisions)

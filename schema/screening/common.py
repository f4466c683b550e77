"""What the screening types share: the enums, global ids, a reporting period."""
import datetime as dt

import strawberry

from server import ids
from server.screening import rules
from server.screening.models import (
    DisputeStatus,
    MediationOutcome,
    MeetingKind,
    ReportStatus,
)

# GraphQL names for the domain's enums; the `…Enum` names are aliases of the classes (see schema/types.py).
strawberry.enum(rules.Cadence, name="ScreeningCadence")
strawberry.enum(rules.ReportState, name="ReportState")
strawberry.enum(ReportStatus, name="ScreeningReportStatus")
strawberry.enum(DisputeStatus, name="DisputeStatus")
strawberry.enum(MediationOutcome, name="MediationOutcome")
strawberry.enum(MeetingKind, name="MeetingKind")
strawberry.enum(
    rules.MeetingState, name="MeetingState",
    description="HELD: a routine meeting was held in the period; DUE: the current period, none yet; "
    "MISSING: a period gone by without one.",
)
CadenceEnum = rules.Cadence
ReportStateEnum = rules.ReportState
ReportStatusEnum = ReportStatus
DisputeStatusEnum = DisputeStatus
MediationOutcomeEnum = MediationOutcome
MeetingKindEnum = MeetingKind
MeetingStateEnum = rules.MeetingState


def decode_id(kind: str, value: strawberry.ID, *path: str) -> int:
    return ids.decode(kind, value, field=list(path))


@strawberry.type
class ScreeningPeriod:
    start: dt.date
    end: dt.date


def period_of(p: rules.Period) -> ScreeningPeriod:
    return ScreeningPeriod(start=p.start, end=p.end)


@strawberry.type
class PeriodState:
    period: ScreeningPeriod
    state: ReportStateEnum
    due_on: dt.date | None = strawberry.field(description="The last day the period's report is on time.")


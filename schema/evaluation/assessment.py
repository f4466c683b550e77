"""A unit's own part: self-assessment and rectifications, ratings, 建/创 submissions with evidence."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.errors import UserError
from schema.evaluation.campaign import Campaign, Indicator
from schema.evaluation.common import DeclarationStatusEnum, RatingKindEnum, SubmissionKindEnum, load_unit
from schema.types import AttachmentInfo, Unit, User
from server import ids
from server.auth.models import User as UserModel
from server.evaluation.assessment.evidence import files_of
from server.unit.models import Unit as UnitModel


@strawberry.input
class IndicatorScoreInput:
    indicator_code: str
    points: float
    evidence: str | None = None
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The line's evidence files (uploads with purpose=evidence): exactly these "
                                  "afterwards; null keeps the files it has.")


@strawberry.input
class SelfAssessmentInput:
    unit_id: strawberry.ID
    year: int
    scores: list[IndicatorScoreInput]


@strawberry.type
class SelfAssessmentPayload:
    saved: int
    user_errors: list[UserError]


@strawberry.input
class RectificationInput:
    unit_id: strawberry.ID
    year: int
    description: str
    owner: str
    due_on: dt.date
    indicator_code: str | None = None


@strawberry.type
class Rectification:
    id: strawberry.ID
    description: str
    owner: str
    due_on: dt.date
    done_on: dt.date | None

    @classmethod
    def of(cls, r) -> "Rectification":
        return cls(id=strawberry.ID(ids.encode("Rectification", r.id)), description=r.description, owner=r.owner,
                   due_on=r.due_on, done_on=r.done_on)


@strawberry.input
class RectificationDoneInput:
    id: strawberry.ID
    done_on: dt.date | None = strawberry.field(description="The day it was done; null reopens it.")


@strawberry.type
class RectificationPayload:
    rectification: Rectification | None
    user_errors: list[UserError]


@strawberry.input
class RateUnitInput:
    unit_id: strawberry.ID
    year: int
    score: float = strawberry.field(description="0–100.")
    comment: str | None = None


@strawberry.type
class UnitRatingResult:
    id: strawberry.ID
    kind: RatingKindEnum
    score: float
    comment: str | None


@strawberry.type
class UnitRatingPayload:
    rating: UnitRatingResult | None
    user_errors: list[UserError]


@strawberry.input
class EvidenceInput:
    name: str
    note: str | None = None


@strawberry.input
class SubmitWorkInput:
    unit_id: strawberry.ID
    year: int
    kind: SubmissionKindEnum
    title: str
    description: str | None = None
    item_code: str | None = strawberry.field(default=None, description="CHECKLIST: the 建 item code.")
    evidence: list[EvidenceInput] | None = None
    id: strawberry.ID | None = strawberry.field(default=None, description="Edit this submission of the unit.")
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Evidence files (uploads with purpose=evidence): exactly these afterwards; "
                                  "null keeps an edited submission's files.")


@strawberry.type
class Evidence:
    name: str
    note: str | None


@strawberry.type
class WorkSubmission:
    id: strawberry.ID
    kind: SubmissionKindEnum
    item_code: str | None
    title: str
    description: str | None
    evidence: list[Evidence]
    files: list[AttachmentInfo] = strawberry.field(description="Evidence files; GET their url to download.")
    submitted_at: dt.datetime
    unit_id: strawberry.Private[int]
    submitted_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The township or village that submitted it.")
    async def unit(self, info: Info) -> Unit:
        return await load_unit(info, self.unit_id)

    @strawberry.field
    async def submitted_by(self, info: Info) -> User | None:
        if self.submitted_by_id is None:
            return None
        user: UserModel | None = await info.context.loaders.user.load(self.submitted_by_id)
        return User.of(user) if user else None


@strawberry.type
class WorkSubmissionPayload:
    submission: WorkSubmission | None
    user_errors: list[UserError]


@strawberry.type
class DeleteWorkSubmissionPayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


def _submission(s, files: list) -> WorkSubmission:
    return WorkSubmission(
        id=strawberry.ID(ids.encode("Submission", s.id)), kind=s.kind, item_code=s.item_code, title=s.title,
        description=s.description, evidence=[Evidence(name=e["name"], note=e.get("note")) for e in s.evidence],
        files=[AttachmentInfo.of(f) for f in files], submitted_at=s.submitted_at, unit_id=s.unit_id,
        submitted_by_id=s.submitted_by_user_id,
    )


async def submission_views(info: Info, rows: list) -> list[WorkSubmission]:
    files = await files_of(db_session=info.context.db, principal=info.context.principal, owner_column="submission_id",
                           owner_ids=[s.id for s in rows])
    return [_submission(s, files[s.id]) for s in rows]


@strawberry.type
class SheetLine:
    indicator: Indicator
    points: float | None
    evidence: str | None
    files: list[AttachmentInfo] = strawberry.field(description="Evidence files of this line.")


@strawberry.type(description="A unit's 自查自评 against the county's indicator table of a year.")
class SelfAssessmentSheet:
    campaign: Campaign
    lines: list[SheetLine]
    earned: float
    maximum: float
    rectifications: list[Rectification]
    declaration_status: DeclarationStatusEnum | None
    unit_model: strawberry.Private[UnitModel]

    @strawberry.field
    def unit(self) -> Unit:
        return Unit.of(self.unit_model)

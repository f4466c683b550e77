"""GraphQL object types. Explicit fields only: a model column is never exposed by itself."""
import datetime as dt

import strawberry
from strawberry.types import Info

from server import ids
from server.auth.models import User as UserModel
from server.case import rules as case_rules
from server.case.models import Case as CaseModel
from server.case.models import CaseStatus, Channel, ExtensionStatus, MatterKind, Outcome, ReviewResult, Satisfaction
from server.dates import DeadlineState
from server.unit import service as unit_service
from server.unit.models import Unit as UnitModel
from server.unit.models import UnitLevel

# The domain's enums under their GraphQL names. strawberry.enum records the name on the class itself
# (and returns the class), so the `…Enum` names are plain aliases of the domain classes: types to mypy.
strawberry.enum(UnitLevel, name="UnitLevel")
strawberry.enum(Channel, name="Channel")
strawberry.enum(CaseStatus, name="CaseStatus")
strawberry.enum(Satisfaction, name="Satisfaction")
strawberry.enum(MatterKind, name="MatterKind", description="建议意见 / 检举控告 / 申诉求决")
strawberry.enum(Outcome, name="Outcome", description="支持 / 解释说明 / 不予支持")
strawberry.enum(ExtensionStatus, name="ExtensionStatus")
strawberry.enum(
    ReviewResult, name="ReviewResult",
    description="What a 复查 / 复核 opinion does to the answer it reviews: UPHELD 维持 (the outcome stays), "
    "CHANGED 变更 or REVOKED 撤销 (the opinion gives the outcome now in force).",
)
strawberry.enum(case_rules.Action, name="CaseAction")
strawberry.enum(
    DeadlineState, name="DeadlineState", description="Where the running deadline stands."
)
UnitLevelEnum = UnitLevel
ChannelEnum = Channel
CaseStatusEnum = CaseStatus
SatisfactionEnum = Satisfaction
MatterKindEnum = MatterKind
OutcomeEnum = Outcome
ExtensionStatusEnum = ExtensionStatus
ReviewResultEnum = ReviewResult
CaseActionEnum = case_rules.Action
DeadlineStateEnum = DeadlineState


@strawberry.type
class Unit:
    id: strawberry.ID
    name: str
    level: UnitLevelEnum
    path: str
    model: strawberry.Private[UnitModel]

    @classmethod
    def of(cls, unit: UnitModel) -> "Unit":
        return cls(
            id=strawberry.ID(ids.encode("Unit", unit.id)),
            name=unit.name,
            level=unit.level,
            path=unit.path,
            model=unit,
        )

    @strawberry.field
    async def parent(self, info: Info) -> "Unit | None":
        if self.model.parent_id is None:
            return None
        parent = await info.context.loaders.unit.load(self.model.parent_id)
        return Unit.of(parent) if parent and unit_service.visible(info.context.principal, parent) else None

    @strawberry.field
    async def children(self, info: Info) -> list["Unit"]:
        rows = await unit_service.children(
            db_session=info.context.db, principal=info.context.principal, parent_id=self.model.id
        )
        return [Unit.of(u) for u in rows]


@strawberry.type
class User:
    id: strawberry.ID
    username: str
    display_name: str
    model: strawberry.Private[UserModel]

    @classmethod
    def of(cls, user: UserModel) -> "User":
        return cls(
            id=strawberry.ID(ids.encode("User", user.id)),
            username=user.username,
            display_name=user.display_name,
            model=user,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field
    async def roles(self, info: Info) -> list[str]:
        return await info.context.loaders.roles.load(self.model.id)

    @strawberry.field(
        description="True when the account signed in with a one-time password and must change it "
        "(only `me`, `logout` and `changePassword` work until then). Null for other people's accounts."
    )
    def must_change_password(self, info: Info) -> bool | None:
        root = info.path
        while root.prev is not None:
            root = root.prev
        # Yourself, or the account that just proved its password in `login`.
        if info.context.principal.user_id != self.model.id and root.key != "login":
            return None
        return self.model.must_change_password


async def deadline_provisional(info: Info, case: CaseModel) -> bool:
    """`deadlines.is_provisional` with the county's day count, read once per request and county."""
    from server.case import deadlines
    from server.dates import DayCount
    from server.tenant import service as tenant_service

    if not deadlines.is_provisional(case, DayCount.WORKING):
        return False  # covered whatever the county counts
    cache = info.context.extra.setdefault("day_count", {})
    if case.tenant_id not in cache:
        settings = await tenant_service.get_settings(db_session=info.context.db, tenant_id=case.tenant_id)
        cache[case.tenant_id] = settings.day_count
    return deadlines.is_provisional(case, cache[case.tenant_id])


@strawberry.type
class PublicDocument:
    kind: str
    body: str
    published_at: dt.datetime
    review_result: ReviewResultEnum | None = strawberry.field(
        default=None,
        description="A REVIEW / REREVIEW opinion: whether it upholds (维持), changes (变更) or revokes (撤销) the "
        "answer it reviewed; null for other notices.",
    )

    issued_by: str | None = strawberry.field(
        default=None, description="The body that issued a 复查 / 复核 opinion (and its signer when it is outside the county)."
    )

    @classmethod
    def of(cls, document) -> "PublicDocument":
        return cls(kind=document.kind, body=document.body, published_at=document.published_at,
                   review_result=document.review_result, issued_by=document.issued_by)


@strawberry.type
class AttachmentInfo:
    id: strawberry.ID
    filename: str
    content_type: str
    size: int
    url: str

    @classmethod
    def of(cls, attachment) -> "AttachmentInfo":
        global_id = ids.encode("Attachment", attachment.id)
        return cls(
            id=strawberry.ID(global_id), filename=attachment.filename, content_type=attachment.content_type,
            size=attachment.size, url=f"/attachments/{global_id}",
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None

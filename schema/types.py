"""GraphQL object types. Explicit fields only: a model column is never exposed by itself."""
import datetime as dt

import strawberry
from strawberry.types import Info

from server import ids
from server.auth.models import User as UserModel
from server.case import service as case_service
from server.case.models import Case as CaseModel
from server.case.models import CaseEvent as CaseEventModel
from server.case.models import CaseStatus, Channel, Satisfaction
from server.dates import DeadlineState, deadline_state, utcnow
from server.unit import service as unit_service
from server.unit.models import Unit as UnitModel
from server.unit.models import UnitLevel

UnitLevelEnum = strawberry.enum(UnitLevel, name="UnitLevel")
ChannelEnum = strawberry.enum(Channel, name="Channel")
CaseStatusEnum = strawberry.enum(CaseStatus, name="CaseStatus")
SatisfactionEnum = strawberry.enum(Satisfaction, name="Satisfaction")
DeadlineStateEnum = strawberry.enum(
    DeadlineState, name="DeadlineState", description="Where the running deadline stands."
)


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


@strawberry.type
class Petitioner:
    name: str
    phone: str


@strawberry.type
class CaseEvent:
    kind: str
    at: dt.datetime
    note: str | None
    model: strawberry.Private[CaseEventModel]

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.model.actor_id is None:
            return None
        user = await info.context.loaders.user.load(self.model.actor_id)
        return User.of(user) if user else None


@strawberry.type
class Case:
    id: strawberry.ID
    query_code: str
    channel: ChannelEnum
    title: str
    content: str
    category: str | None
    status: CaseStatusEnum
    headcount: int
    registered_at: dt.datetime
    accept_due_at: dt.datetime
    handle_due_at: dt.datetime | None
    due_at: dt.datetime | None = strawberry.field(
        description="The deadline running now (acceptance, handling ...); null when none."
    )
    rating: SatisfactionEnum | None
    model: strawberry.Private[CaseModel]
    # Lists always mask petitioners; only the detail view of a handling unit unmasks.
    detail: strawberry.Private[bool] = False

    @classmethod
    def of(cls, case: CaseModel, *, detail: bool = False) -> "Case":
        return cls(
            id=strawberry.ID(ids.encode("Case", case.id)),
            query_code=case.query_code,
            channel=case.channel,
            title=case.title,
            content=case.content,
            category=case.category,
            status=case.status,
            headcount=case.headcount,
            registered_at=case.registered_at,
            accept_due_at=case.accept_due_at,
            handle_due_at=case.handle_due_at,
            due_at=case.due_at,
            rating=case.rating,
            model=case,
            detail=detail,
        )

    @strawberry.field
    def overdue(self) -> bool:
        return deadline_state(self.model.due_at, utcnow()) == DeadlineState.OVERDUE

    @strawberry.field
    def deadline_state(self) -> DeadlineStateEnum:
        return deadline_state(self.model.due_at, utcnow())

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.unit_id))

    @strawberry.field(description="The unit handling the matter now.")
    async def handler_unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.model.handler_unit_id))

    @strawberry.field
    async def leader(self, info: Info) -> User | None:
        if self.model.leader_id is None:
            return None
        user = await info.context.loaders.user.load(self.model.leader_id)
        return User.of(user) if user else None

    @strawberry.field(description="Masked (张**, 138****1234) unless the viewer handles the case.")
    async def petitioners(self, info: Info) -> list[Petitioner]:
        rows = await case_service.read_petitioners(
            db_session=info.context.db,
            principal=info.context.principal,
            case=self.model,
            unmasked=self.detail,
        )
        return [Petitioner(name=p.name, phone=p.phone) for p in rows]

    @strawberry.field
    async def timeline(self, info: Info) -> list[CaseEvent]:
        rows = await case_service.timeline(db_session=info.context.db, case_id=self.model.id)
        return [CaseEvent(kind=e.kind, at=e.at, note=e.note, model=e) for e in rows]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class CaseEdge:
    node: Case
    cursor: str


@strawberry.type
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo
    count_query: strawberry.Private[object]

    @strawberry.field
    async def total_count(self, info: Info) -> int:
        # Counted only when asked for: the list itself never pays for it.
        return await case_service.count(db_session=info.context.db, query=self.count_query)



"""申报推荐 declarations: aggregate figures only, no case or petitioner data."""
import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.errors import UserError
from schema.evaluation.common import DeclarationActionEnum, DeclarationStatusEnum, load_unit
from schema.types import AttachmentInfo, Unit, User
from server import ids
from server.auth.models import User as UserModel
from server.evaluation.declaration import files, reading
from server.evaluation.models import Declaration as DeclarationModel


@strawberry.type
class DeclarationStep:
    from_status: str | None
    to_status: str
    comment: str | None
    at: dt.datetime
    actor_id: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.actor_id is None:
            return None
        user: UserModel | None = await info.context.loaders.user.load(self.actor_id)
        return User.of(user) if user else None


@strawberry.type(description="A 申报推荐 declaration: aggregate figures only, no case or petitioner data.")
class Declaration:
    id: strawberry.ID
    year: int
    status: DeclarationStatusEnum
    summary: JSON = strawberry.field(description="Score, grade, rank, 三无 and rates as copied at the last step.")
    applied_at: dt.datetime
    updated_at: dt.datetime
    model: strawberry.Private[DeclarationModel]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return await load_unit(info, self.model.unit_id)

    @strawberry.field(description="申报材料: the files the township and the county attached.")
    async def documents(self, info: Info) -> list[AttachmentInfo]:
        rows = await files.documents(
            db_session=info.context.db, principal=info.context.principal, declaration_ids=[self.model.id])
        return [AttachmentInfo.of(a) for a in rows[self.model.id]]

    @strawberry.field
    async def steps(self, info: Info) -> list[DeclarationStep]:
        rows = await reading.steps(db_session=info.context.db, principal=info.context.principal, declaration_id=self.model.id)
        return [DeclarationStep(from_status=s.from_status, to_status=s.to_status, comment=s.comment, at=s.at,
                                actor_id=s.actor_user_id) for s in rows]

    @classmethod
    def of(cls, d: DeclarationModel) -> "Declaration":
        return cls(id=strawberry.ID(ids.encode("Declaration", d.id)), year=d.year, status=d.status,
                   summary=JSON(d.summary), applied_at=d.applied_at, updated_at=d.updated_at, model=d)


@strawberry.type
class DeclarationPayload:
    declaration: Declaration | None
    user_errors: list[UserError]


@strawberry.input
class ApplyDeclarationInput:
    unit_id: strawberry.ID
    year: int
    comment: str | None = None
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="申报材料 (uploads with purpose=evidence), added to the declaration.")


@strawberry.input
class DecideDeclarationInput:
    id: strawberry.ID
    action: DeclarationActionEnum
    comment: str | None = None
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Documents the county adds as it reviews (its own uploads).")

"""The audit log, for the county bureau."""
import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.connection import Connection, connection
from schema.permissions import signed_in
from schema.types import User
from server import ids
from server.audit import service as audit_service
from server.audit.models import AuditEvent as AuditEventModel
from server.pagination import page_size


@strawberry.type
class AuditEvent:
    id: strawberry.ID
    at: dt.datetime
    action: str
    object_type: str
    object_id: str | None
    detail: JSON
    actor_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, e: AuditEventModel) -> "AuditEvent":
        return cls(
            id=strawberry.ID(ids.encode("AuditEvent", e.id)), at=e.at, action=e.action, object_type=e.object_type,
            object_id=ids.encode(e.object_type.capitalize(), e.object_id) if e.object_id else None,
            detail=JSON(e.detail), actor_id=e.actor_id,
        )

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.actor_id is None:
            return None
        user = await info.context.loaders.user.load(self.actor_id)
        return User.of(user) if user else None


@strawberry.type
class AuditQuery:
    @strawberry.field(extensions=signed_in(),
                      description="The tenant's append-only audit log, newest first (county bureau), a page at a time.")
    async def audit_events(
        self, info: Info, first: int | None = None, after: str | None = None, action: str | None = None,
        object_type: str | None = None, object_id: strawberry.ID | None = None,
    ) -> Connection[AuditEvent]:
        ctx = info.context
        pk = None
        if object_id and object_type:
            pk = ids.decode(object_type.capitalize(), object_id, field=["objectId"])
        elif object_id:
            # The id names its type (global ids are "Type:pk"): objectType is not needed with it.
            kind, pk = ids.decode_any(object_id, field=["objectId"])
            object_type = kind.lower()
        page, query = await audit_service.list_events(
            db_session=ctx.db, principal=ctx.principal, first=page_size(first, ctx.settings), after=after,
            action=action, object_type=object_type, object_id=pk,
        )
        return connection(page, query, AuditEvent.of)

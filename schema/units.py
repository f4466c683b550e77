"""The unit tree."""
import strawberry
from strawberry.types import Info

from schema.permissions import signed_in
from schema.types import Unit
from server import ids
from server.unit import service as unit_service


@strawberry.type
class UnitQuery:
    @strawberry.field(extensions=signed_in())
    async def unit(self, info: Info, id: strawberry.ID) -> Unit | None:
        ctx = info.context
        unit = await unit_service.get_visible(
            db_session=ctx.db, principal=ctx.principal, unit_id=ids.decode("Unit", id, field=["id"])
        )
        return Unit.of(unit) if unit else None

    @strawberry.field(extensions=signed_in(), description="Children of parentId; the viewer's top units when omitted.")
    async def units(self, info: Info, parent_id: strawberry.ID | None = None) -> list[Unit]:
        ctx = info.context
        if parent_id is None:
            rows = await unit_service.top_units(db_session=ctx.db, principal=ctx.principal)
        else:
            rows = await unit_service.children(
                db_session=ctx.db,
                principal=ctx.principal,
                parent_id=ids.decode("Unit", parent_id, field=["parentId"]),
            )
        return [Unit.of(u) for u in rows]

"""Reading declarations: who may see one (within the county as the permissions say; reviewers
above the county only once it was declared to them), the list, and the recorded steps."""
from __future__ import annotations

from sqlalchemy import ColumnElement, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.evaluation.models import Declaration, DeclarationStatus, DeclarationStep

S = DeclarationStatus


def readable(principal: Principal, row: Declaration | None) -> Declaration | None:
    principal.require_user()
    if row is None or not principal.can("declaration", "read", row.unit_path):
        return None
    return row


def _declared() -> ColumnElement[bool]:
    """SQL: the declaration has been declared to the city (a COUNTY_DECLARED step exists)."""
    return exists().where(DeclarationStep.declaration_id == Declaration.id,
                          DeclarationStep.to_status == str(S.COUNTY_DECLARED))


async def visible(db_session: AsyncSession, principal: Principal, row: Declaration | None) -> Declaration | None:
    """The declaration if the viewer may read it: within the county as the permissions say; for
    reviewers above the county (city, province) only once the county has declared it to them."""
    row = readable(principal, row)
    if row is None or row.tenant_id == principal.tenant_id:
        return row
    declared = await db_session.scalar(select(DeclarationStep.id).where(
        DeclarationStep.declaration_id == row.id, DeclarationStep.to_status == str(S.COUNTY_DECLARED)).limit(1))
    return row if declared else None


async def get(*, db_session: AsyncSession, principal: Principal, declaration_id: int) -> Declaration | None:
    return await visible(db_session, principal, await db_session.get(Declaration, declaration_id))



async def list_declarations(*, db_session: AsyncSession, principal: Principal, year: int | None = None,
                            status: list[DeclarationStatus] | None = None) -> list[Declaration]:
    principal.require_user()
    query = select(Declaration).where(principal.subtree_filter(Declaration.unit_path, "declaration", "read"))
    own = Declaration.tenant_id == principal.tenant_id if principal.tenant_id is not None else false()
    query = query.where(or_(own, _declared()))
    if year is not None:
        query = query.where(Declaration.year == year)
    if status:
        query = query.where(Declaration.status.in_(status))
    return list(await db_session.scalars(query.order_by(Declaration.year.desc(), Declaration.unit_path)))


async def steps(*, db_session: AsyncSession, principal: Principal, declaration_id: int) -> list[DeclarationStep]:
    """The declaration's recorded steps, none when the viewer may not see it (`visible`)."""
    if await get(db_session=db_session, principal=principal, declaration_id=declaration_id) is None:
        return []
    return list(await db_session.scalars(
        select(DeclarationStep).where(DeclarationStep.declaration_id == declaration_id).order_by(DeclarationStep.id)))

"""Writing the audit log (append-only; the database refuses updates and deletes)."""
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit.models import AuditEvent
from server.auth.principal import Principal
from server.errors import FORBIDDEN, DomainError
from server.pagination import Page, keyset_page


def record(
    *,
    db_session: AsyncSession,
    tenant_id: int | None,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: int | None,
    **detail: object,
) -> AuditEvent:
    event = AuditEvent(
        tenant_id=tenant_id,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    db_session.add(event)
    return event


async def list_events(
    *,
    db_session: AsyncSession,
    principal: Principal,
    first: int,
    after: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> tuple[Page[AuditEvent], Select]:
    """The tenant's audit log, newest first, a page at a time, for holders of `audit:read` at the
    county; also the query for counting."""
    principal.require_user()
    if principal.tenant_id is None or not any(
        g.unit_id == principal.tenant_id for g in principal.grants if principal.grants_for("audit", "read", g.unit_path)
    ):
        raise DomainError(FORBIDDEN)
    query = select(AuditEvent).where(AuditEvent.tenant_id == principal.tenant_id)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    page = await keyset_page(db_session=db_session, query=query, sort=AuditEvent.at, pk=AuditEvent.id, first=first,
                             after=after)
    return page, query

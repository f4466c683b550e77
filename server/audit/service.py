"""Writing the audit log (append-only; the database refuses updates and deletes)."""
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit.models import AuditEvent


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

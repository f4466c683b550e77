"""Attachments of cases: photos from the phone camera and scanned letters.

Bytes are stored once under their SHA-256 (content-addressed), outside the database; the type
is decided from the file's first bytes, never from its name or the client's header.
"""
import hashlib
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.case import service as case_service
from server.case.models import Attachment
from server.errors import NOT_FOUND, DomainError
from server.settings import Settings

SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def sniff(data: bytes) -> str | None:
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _path(settings: Settings, sha256: str) -> Path:
    return settings.attachment_dir / sha256[:2] / sha256


async def store(
    *, db_session: AsyncSession, principal: Principal, settings: Settings, filename: str, data: bytes
) -> Attachment:
    """Keep an uploaded file; it is linked to a case when the case is registered."""
    user_id = principal.require_user()
    if len(data) > settings.attachment_max_mb * 1024 * 1024:
        raise DomainError("FILE_TOO_LARGE", "error.ATTACHMENT_SIZE", field=["file"], max=settings.attachment_max_mb)
    content_type = sniff(data)
    if content_type is None:
        raise DomainError("INVALID", "error.ATTACHMENT_TYPE", field=["file"])
    digest = hashlib.sha256(data).hexdigest()
    target = _path(settings, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    attachment = Attachment(
        tenant_id=principal.tenant_id, uploaded_by_user_id=user_id, filename=(filename or "file")[-200:],
        content_type=content_type, size=len(data), sha256=digest,
    )
    db_session.add(attachment)
    await db_session.flush()
    audit.record(
        db_session=db_session, tenant_id=principal.tenant_id, actor_id=user_id, action="attachment.upload",
        object_type="attachment", object_id=attachment.id, size=len(data), content_type=content_type,
    )
    await db_session.commit()
    return attachment


async def read(
    *, db_session: AsyncSession, principal: Principal, settings: Settings, attachment_id: int
) -> tuple[Attachment, bytes]:
    """An attachment's bytes, for the units handling its case (or its uploader before linking)."""
    user_id = principal.require_user()
    attachment = await db_session.get(Attachment, attachment_id)
    if attachment is None or attachment.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND)
    if attachment.case_id is None:
        allowed = attachment.uploaded_by_user_id == user_id
    else:
        case = case_service.readable(principal, await db_session.get(case_service.Case, attachment.case_id))
        allowed = case is not None and case_service.handles(principal, case)
    if not allowed:
        raise DomainError(NOT_FOUND)
    audit.record(
        db_session=db_session, tenant_id=attachment.tenant_id, actor_id=user_id, action="attachment.read",
        object_type="attachment", object_id=attachment.id,
    )
    await db_session.commit()
    return attachment, _path(settings, attachment.sha256).read_bytes()

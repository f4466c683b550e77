"""Keeping and reading the bytes of stored files.

Bytes are stored once under their SHA-256 (content-addressed), outside the database; the type
is decided from the file's first bytes, never from its name or the client's header.
"""
import datetime as dt
import hashlib
import io
import os
import zipfile
from collections import Counter
from pathlib import Path

from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment.models import Attachment
from server.audit import service as audit
from server.dates import utcnow
from server.errors import DomainError
from server.security.inputs import clean
from server.settings import Settings

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What each kind of upload accepts, and the message that names it when something else comes.
PHOTOS_AND_SCANS = frozenset({JPEG, PNG, WEBP, PDF})
DOCUMENTS = PHOTOS_AND_SCANS | {DOCX, XLSX}
TYPE_MESSAGE = {PHOTOS_AND_SCANS: "error.ATTACHMENT_TYPE", DOCUMENTS: "error.ATTACHMENT_TYPE_DOCUMENTS"}

_MAGIC = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
_OFFICE_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))


def sniff(data: bytes) -> str | None:
    """The file's type from its first bytes (and, for Office files, the parts inside the zip)."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            for part, content_type in _OFFICE_PARTS:
                if part in names:
                    return content_type
    return None


def check(settings: Settings, data: bytes, accepted: frozenset[str] = PHOTOS_AND_SCANS) -> str:
    """The content type of an acceptable upload; refuses one too large or of another type."""
    if len(data) > settings.attachment_max_mb * 1024 * 1024:
        raise DomainError("FILE_TOO_LARGE", "error.ATTACHMENT_SIZE", field=["file"], max=settings.attachment_max_mb)
    content_type = sniff(data)
    if content_type not in accepted:
        raise DomainError("INVALID", TYPE_MESSAGE.get(accepted, "error.ATTACHMENT_TYPE"), field=["file"])
    return content_type


def _path(settings: Settings, sha256: str) -> Path:
    return settings.attachment_dir / sha256[:2] / sha256


async def keep(
    *,
    db_session: AsyncSession,
    settings: Settings,
    tenant_id: int,
    user_id: int | None,
    filename: str,
    data: bytes,
    accepted: frozenset[str] = PHOTOS_AND_SCANS,
) -> Attachment:
    """Store an upload, not yet linked to any record; audited, flushed, not committed."""
    content_type = check(settings, data, accepted)
    digest = hashlib.sha256(data).hexdigest()
    target = _path(settings, digest)
    if target.exists():
        os.utime(target)  # fresh again: a purge running now leaves it alone
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    attachment = Attachment(
        tenant_id=tenant_id, uploaded_by_user_id=user_id, filename=(clean(filename or "").strip() or "file")[-200:],
        content_type=content_type, size=len(data), sha256=digest,
    )
    db_session.add(attachment)
    await db_session.flush()
    audit.record(
        db_session=db_session, tenant_id=tenant_id, actor_id=user_id, action="attachment.upload",
        object_type="attachment", object_id=attachment.id, size=len(data), content_type=content_type,
    )
    return attachment


def content(settings: Settings, attachment: Attachment) -> bytes:
    return _path(settings, attachment.sha256).read_bytes()


async def purge_unlinked(*, db_session: AsyncSession, settings: Settings, now: dt.datetime | None = None) -> int:
    """Remove uploads never saved with a record (abandoned forms, citizens' expired tokens).

    Bytes go too unless another row still uses them; a file touched since the cut-off (the same
    bytes uploaded again meanwhile) is kept. One audit record per county. Returns the rows removed.
    """
    now = now or utcnow()
    official_cutoff = now - dt.timedelta(days=settings.unlinked_upload_days)
    citizen_cutoff = now - dt.timedelta(minutes=settings.public_upload_token_minutes + 60)
    unlinked = and_(*(getattr(Attachment, column).is_(None) for column in Attachment.OWNER_COLUMNS))
    abandoned = and_(
        unlinked,
        (Attachment.uploaded_by_user_id.is_not(None) & (Attachment.created_at < official_cutoff))
        | (Attachment.uploaded_by_user_id.is_(None) & (Attachment.created_at < citizen_cutoff)),
    )
    rows = (await db_session.execute(select(Attachment.id, Attachment.tenant_id, Attachment.sha256).where(abandoned))).all()
    if not rows:
        return 0
    await db_session.execute(delete(Attachment).where(Attachment.id.in_([row.id for row in rows])))
    digests = {row.sha256 for row in rows}
    still_used = set(await db_session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(digests))))
    for tenant_id, count in Counter(row.tenant_id for row in rows).items():
        audit.record(
            db_session=db_session, tenant_id=tenant_id, actor_id=None, action="attachment.purge",
            object_type="attachment", object_id=None, count=count,
        )
    await db_session.commit()
    for digest in digests - still_used:
        path = _path(settings, digest)
        try:
            # Any upload of these bytes within the last hours touched the file: keep it then.
            if path.stat().st_mtime < citizen_cutoff.timestamp():
                path.unlink()
        except FileNotFoundError:
            pass
    return len(rows)

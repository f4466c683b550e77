"""Who may link and who may read a stored file.

A file is read by whoever may read the record it belongs to; before it is linked, only by its
uploader. Each owner kind asks its own domain (the case's handling units, the dispute's unit
subtree, the evaluation's readers) so that the rules live in one place per domain: each domain
registers its rule here (`register_reader`), and this module imports none of them.
"""
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.principal import Principal
from server.errors import NOT_FOUND, DomainError

MAX_PER_RECORD = 20


async def unlinked(
    *, db_session: AsyncSession, tenant_id: int, user_id: int | None, attachment_ids: Sequence[int],
    owner_column: str | None = None, owner_id: int | None = None,
) -> list[Attachment] | None:
    """The files to link to a record, or None when any of them may not be linked by this user.

    A file may be linked when it is in the tenant, was uploaded by `user_id` and belongs to no
    record yet — or already belongs to this very record (`owner_column` = `owner_id`), so that
    saving a record again with the same files is harmless.
    """
    wanted = set(attachment_ids)
    if not wanted:
        return []
    if len(wanted) > MAX_PER_RECORD:
        return None
    rows = list(await db_session.scalars(select(Attachment).where(Attachment.id.in_(wanted))))
    if len(rows) != len(wanted):
        return None
    for attachment in rows:
        if attachment.tenant_id != tenant_id:
            return None
        if owner_column is not None and owner_id is not None and getattr(attachment, owner_column) == owner_id:
            continue
        if attachment.linked or attachment.uploaded_by_user_id != user_id:
            return None
    return rows


ReadRule = Callable[[AsyncSession, Principal, Attachment], Awaitable[bool]]


@dataclass(frozen=True)
class OwnerReader:
    """How the files of one owner kind may be read: the domain that owns the record decides."""

    columns: tuple[str, ...]
    may_read: ReadRule
    across_tenants: bool = False


_READERS: list[OwnerReader] = []


def register_reader(*columns: str, may_read: ReadRule, across_tenants: bool = False) -> None:
    """Called by each domain for the owner columns of `Attachment` that are its records.

    `across_tenants`: the records are read from outside the county's tenant too (申报材料 go up to the
    city and province reviewers), so the rule is asked before the tenant is compared.
    """
    unknown = set(columns) - set(Attachment.OWNER_COLUMNS)
    if unknown:
        raise ValueError(f"not an owner column of Attachment: {sorted(unknown)}")
    if any(set(columns) & set(reader.columns) for reader in _READERS):
        return  # the module was imported again (e.g. reloaded): one reader per column
    _READERS.append(OwnerReader(columns, may_read, across_tenants))


def registered_columns() -> set[str]:
    return {column for reader in _READERS for column in reader.columns}


def _reader_of(attachment: Attachment) -> OwnerReader | None:
    return next((r for r in _READERS if any(getattr(attachment, c) is not None for c in r.columns)), None)


async def may_read(*, db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    reader = _reader_of(attachment)
    if reader is not None and reader.across_tenants:
        return await reader.may_read(db_session, principal, attachment)
    if attachment.tenant_id != principal.tenant_id:
        return False
    if not attachment.linked:
        return attachment.uploaded_by_user_id is not None and attachment.uploaded_by_user_id == principal.user_id
    # An owner kind with no registered reader is readable by nobody.
    return reader is not None and await reader.may_read(db_session, principal, attachment)


async def read(*, db_session: AsyncSession, principal: Principal, attachment_id: int) -> Attachment:
    """The file's record if the principal may read it (the read is audited); else NOT_FOUND."""
    user_id = principal.require_user()
    attachment = await db_session.get(Attachment, attachment_id)
    if attachment is None or not await may_read(db_session=db_session, principal=principal, attachment=attachment):
        raise DomainError(NOT_FOUND)
    audit.record(
        db_session=db_session, tenant_id=attachment.tenant_id, actor_id=user_id, action="attachment.read",
        object_type="attachment", object_id=attachment.id,
    )
    await db_session.commit()
    return attachment

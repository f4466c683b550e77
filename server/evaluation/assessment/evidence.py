"""Evidence files (stored by `server.attachment`) linked to submissions and self-assessment lines,
and who may read them (registered with `server.attachment.access` on import)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.auth.principal import Principal
from server.errors import NOT_FOUND, Validator
from server.evaluation.models import (
    SelfAssessment,
    Submission,
)


async def evidence_files(
    *, db_session: AsyncSession, principal: Principal, check: Validator, tenant_id: int,
    attachment_ids: list[int], owner_column: str, owner_id: int | None, field: list[str],
) -> list[Attachment] | None:
    """The uploads to link to a record (validated: the uploader's own, unlinked or already this
    record's); None with the refusal noted in `check`."""
    if len(set(attachment_ids)) > attachment_access.MAX_PER_RECORD:
        check.add("TOO_MANY", field, max=attachment_access.MAX_PER_RECORD)
        return None
    found = await attachment_access.unlinked(
        db_session=db_session, tenant_id=tenant_id, user_id=principal.user_id, attachment_ids=attachment_ids,
        owner_column=owner_column, owner_id=owner_id)
    if found is None:
        check.add(NOT_FOUND, field, "error.NOT_FOUND")
        return None
    order = {a: n for n, a in enumerate(dict.fromkeys(attachment_ids))}
    return sorted(found, key=lambda f: order[f.id])


async def set_files(*, db_session: AsyncSession, owner_column: str, owner_id: int, files: list[Attachment]) -> None:
    """Link exactly `files` to the record: files no longer listed are let go (unlinked: only their
    uploader can read them, and the purge of unsaved uploads removes them in time)."""
    keep = {f.id for f in files}
    column = getattr(Attachment, owner_column)
    for row in await db_session.scalars(select(Attachment).where(column == owner_id)):
        if row.id not in keep:
            setattr(row, owner_column, None)
    for f in files:
        setattr(f, owner_column, owner_id)
    await db_session.flush()


# The evidence records whose files `files_of` reads, by the attachment's owner column.
_EVIDENCE_OWNERS: dict[str, type[Submission] | type[SelfAssessment]] = {
    "submission_id": Submission, "self_assessment_id": SelfAssessment,
}


async def files_of(
    *, db_session: AsyncSession, principal: Principal, owner_column: str, owner_ids: list[int],
) -> dict[int, list[Attachment]]:
    """The files of several submissions or self-assessment lines at once, in upload order; none for
    a record the viewer may not read (its tenant and unit checked in the query, the rule of
    `may_read_evidence`)."""
    principal.require_user()
    owner = _EVIDENCE_OWNERS[owner_column]
    readable = list(await db_session.scalars(select(owner.id).where(
        owner.id.in_(owner_ids), owner.tenant_id == principal.tenant_id,
        principal.subtree_filter(owner.unit_path, "evaluation", "read"),
    ))) if owner_ids else []
    out: dict[int, list[Attachment]] = {i: [] for i in owner_ids}
    out.update(await attached_files(db_session=db_session, owner_column=owner_column, owner_ids=readable))
    return out


async def attached_files(
    *, db_session: AsyncSession, owner_column: str, owner_ids: list[int],
) -> dict[int, list[Attachment]]:
    """The files of several records of one kind at once, in upload order, unchecked: for a caller
    that has already decided the viewer may read those records (a county's whole review run, a
    declaration found visible)."""
    out: dict[int, list[Attachment]] = {i: [] for i in owner_ids}
    if not owner_ids:
        return out
    column = getattr(Attachment, owner_column)
    for row in await db_session.scalars(select(Attachment).where(column.in_(owner_ids)).order_by(Attachment.id)):
        out[getattr(row, owner_column)].append(row)
    return out


async def may_read_evidence(*, db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A file of a submission or a self-assessment line: readable by whoever may read the unit's
    evaluation records (the unit itself, the levels above it, the county's assessors)."""
    if attachment.submission_id is not None:
        row = await db_session.get(Submission, attachment.submission_id)
    elif attachment.self_assessment_id is not None:
        row = await db_session.get(SelfAssessment, attachment.self_assessment_id)
    else:
        return False
    return (row is not None and row.tenant_id == attachment.tenant_id == principal.tenant_id
            and principal.can("evaluation", "read", row.unit_path))


attachment_access.register_reader(
    "submission_id", "self_assessment_id",
    may_read=lambda db_session, principal, attachment: may_read_evidence(
        db_session=db_session, principal=principal, attachment=attachment),
)

"""申报材料: the files uploaded with a declaration, and who may read them (whoever may read the
declaration). Importing this module registers that rule with `server.attachment.access`."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.auth.principal import Principal
from server.errors import NOT_FOUND, Validator
from server.evaluation.assessment.evidence import attached_files
from server.evaluation.declaration.reading import visible
from server.evaluation.models import Declaration

# 申报材料 a declaration carries over all its steps (the township's and the county's).
MAX_DOCUMENTS = 40


async def documents_to_link(db_session: AsyncSession, principal: Principal, check: Validator, tenant_id: int,
                             attachment_ids: list[int] | None, row: Declaration | None) -> list[Attachment]:
    """The uploads to add to a declaration: the user's own, in the county's tenant, not yet linked
    (or already this declaration's). Reviewers above the county add comments, not files."""
    if not attachment_ids:
        return []
    field = ["input", "attachmentIds"]
    if len(set(attachment_ids)) > attachment_access.MAX_PER_RECORD:
        check.add("TOO_MANY", field, max=attachment_access.MAX_PER_RECORD)
        return []
    found = await attachment_access.unlinked(
        db_session=db_session, tenant_id=tenant_id, user_id=principal.user_id, attachment_ids=attachment_ids,
        owner_column="declaration_id", owner_id=row.id if row is not None else None)
    if found is None:
        check.add(NOT_FOUND, field, "error.NOT_FOUND")
        return []
    if row is not None:
        already = await db_session.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.declaration_id == row.id, Attachment.id.not_in([f.id for f in found])))
        if already + len(found) > MAX_DOCUMENTS:
            check.add("TOO_MANY", field, max=MAX_DOCUMENTS)
            return []
    return found


async def documents(
    *, db_session: AsyncSession, principal: Principal, declaration_ids: list[int],
) -> dict[int, list[Attachment]]:
    """The declarations' documents; none for a declaration the viewer may not see (`visible`: the
    declaration is usually loaded already, so the check costs no query)."""
    shown = [i for i in declaration_ids
             if await visible(db_session, principal, await db_session.get(Declaration, i)) is not None]
    out: dict[int, list[Attachment]] = {i: [] for i in declaration_ids}
    out.update(await attached_files(db_session=db_session, owner_column="declaration_id", owner_ids=shown))
    return out


async def may_read_document(*, db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A declaration's document: readable by whoever may read the declaration — the township, the
    county, and the city and province reviewers above it (who see nothing of the county's cases)."""
    row = await visible(db_session, principal, await db_session.get(Declaration, attachment.declaration_id))
    return row is not None and attachment.tenant_id == row.tenant_id

attachment_access.register_reader(
    "declaration_id",
    may_read=lambda db_session, principal, attachment: may_read_document(
        db_session=db_session, principal=principal, attachment=attachment),
    across_tenants=True,
)

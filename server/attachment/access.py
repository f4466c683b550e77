"""Who may link and who may read a stored file.

A file is read by whoever may read the record it belongs to; before it is linked, only by its
uploader. Each owner kind asks its own domain (the case's handling units, the dispute's unit
subtree, the evaluation's readers) so that the rules live in one place per domain.
"""
from collections.abc import Sequence

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


async def may_read(*, db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    if attachment.declaration_id is not None:
        # 申报材料 go up to the city and province reviewers, who belong to no county tenant.
        from server.evaluation import flows as declaration_flows

        return await declaration_flows.may_read_document(db_session=db_session, principal=principal,
                                                         attachment=attachment)
    if attachment.tenant_id != principal.tenant_id:
        return False
    if not attachment.linked:
        return attachment.uploaded_by_user_id is not None and attachment.uploaded_by_user_id == principal.user_id
    if attachment.case_id is not None:
        from server.case import service as case_service

        case = case_service.readable(principal, await db_session.get(case_service.Case, attachment.case_id))
        return case is not None and case_service.handles(principal, case)
    if attachment.dispute_id is not None:
        from server.screening import disputes as screening_disputes
        from server.screening.models import Dispute

        dispute = await db_session.get(Dispute, attachment.dispute_id)
        return screening_disputes.readable_dispute(principal, dispute) is not None
    if attachment.submission_id is not None or attachment.self_assessment_id is not None:
        from server.evaluation import service as evaluation_service

        return await evaluation_service.may_read_evidence(db_session=db_session, principal=principal,
                                                          attachment=attachment)
    # Another owner kind adds its branch here, asking its own service.
    return False


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

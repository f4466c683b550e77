"""A case's files (the petitioner's materials): who reads them, adding them after registration."""
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.principal import Principal
from server.case.models import Case, CaseEvent, CaseEventKind
from server.case.visibility import handles, readable, view_of
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.events import broker

MAX_ATTACHMENTS = attachment_access.MAX_PER_RECORD


async def link_files(db_session: AsyncSession, case_id: int, attachments: list[Attachment]) -> bool:
    """Link files to the case — only files that are still free, so that of two concurrent
    requests with the same file one wins and the other is refused (False)."""
    free = [a for a in attachments if a.case_id != case_id]
    if not free:
        return True
    # An UPDATE's result is a cursor result: it has the row count.
    result = cast("CursorResult[Any]", await db_session.execute(
        update(Attachment)
        .where(Attachment.id.in_([a.id for a in free]), *(getattr(Attachment, c).is_(None) for c in Attachment.OWNER_COLUMNS))
        .values(case_id=case_id)
        .execution_options(synchronize_session=False)
    ))
    if result.rowcount != len(free):
        return False
    for attachment in free:
        set_committed_value(attachment, "case_id", case_id)
    return True


async def add_attachments(
    *, db_session: AsyncSession, principal: Principal, case_id: int, attachment_ids: list[int]
) -> Case:
    """Materials that come after registration (new photos, a scanned receipt), added by a unit
    handling the case — the units that see the petitioner's materials (`handles`)."""
    user_id = principal.require_user()
    case = readable(principal, await db_session.scalar(select(Case).where(Case.id == case_id).with_for_update()))
    if case is None:
        raise DomainError(NOT_FOUND, field=["id"])
    if not handles(principal, case):
        raise DomainError(FORBIDDEN)
    wanted = list(dict.fromkeys(attachment_ids))
    if not wanted:
        raise DomainError("REQUIRED", field=["attachmentIds"])
    rows = await attachment_access.unlinked(
        db_session=db_session, tenant_id=case.tenant_id, user_id=user_id, attachment_ids=wanted,
        owner_column="case_id", owner_id=case.id,
    )
    if rows is None:
        raise DomainError(NOT_FOUND, field=["attachmentIds"])
    new = [a for a in rows if a.case_id != case.id]
    if not new:
        return case  # sent again: every file is on the case already
    present = await db_session.scalar(select(func.count()).select_from(Attachment).where(Attachment.case_id == case.id)) or 0
    if present + len(new) > MAX_ATTACHMENTS:
        raise DomainError("TOO_MANY", field=["attachmentIds"], max=MAX_ATTACHMENTS)
    if not await link_files(db_session, case.id, new):
        await db_session.rollback()
        raise DomainError(NOT_FOUND, field=["attachmentIds"])
    now = utcnow()
    case.version += 1
    db_session.add(CaseEvent(
        tenant_id=case.tenant_id, case_id=case.id, kind=CaseEventKind.ATTACHMENTS_ADDED, at=now, actor_id=user_id,
        note="、".join(a.filename for a in new),
    ))
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=user_id, action="case.add_attachments",
        object_type="case", object_id=case.id, attachment_ids=[a.id for a in new],
    )
    await db_session.commit()
    broker.publish(case)
    return case


async def attachments(*, db_session: AsyncSession, principal: Principal, case: Case, detail: bool) -> list[Attachment]:
    """The case's files, for the units handling it reading the case itself (`detail`, not a list
    row): the petitioners' materials stay with them; anyone else gets none."""
    if not view_of(principal, case, detail=detail).attachments:
        return []
    rows = await db_session.scalars(select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id))
    return list(rows)


async def _may_read_attachment(db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A case's file: readable by whoever handles the case and may read it."""
    case = readable(principal, await db_session.get(Case, attachment.case_id))
    return case is not None and handles(principal, case)


attachment_access.register_reader("case_id", may_read=_may_read_attachment)

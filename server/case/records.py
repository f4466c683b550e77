"""A case's related records (petitioners, notices, supervisions, its team) as a viewer may read them."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.models import User
from server.auth.principal import Principal
from server.case import rules
from server.case.models import Case, CaseHandler, Petitioner, PublicDocument, Supervision
from server.case.visibility import handles, of_readable_case, readable
from server.db import end_reads


async def read_petitioners(
    *, db_session: AsyncSession, principal: Principal, case: Case, unmasked: bool
) -> list[Petitioner]:
    """Petitioners as the viewer may see them: none for a viewer who may not read the case (as
    the other records of a case), masked for one who reads but does not handle it, unmasked for
    a handler asking for them — a read written to the audit log."""
    if readable(principal, case) is None:
        return []
    rows = list(
        await db_session.scalars(
            select(Petitioner).where(Petitioner.case_id == case.id).order_by(Petitioner.position)
        )
    )
    if unmasked and handles(principal, case):
        await end_reads(db_session)
        audit.record(
            db_session=db_session, tenant_id=case.tenant_id, actor_id=principal.user_id,
            action="case.read_pii", object_type="case", object_id=case.id,
        )
        await db_session.commit()
        return rows
    return [
        Petitioner(name=rules.mask_name(p.name), phone=rules.mask_phone(p.phone), position=p.position)
        for p in rows
    ]


async def documents(*, db_session: AsyncSession, principal: Principal, case_id: int) -> list[PublicDocument]:
    """The notices published on a case, for a viewer who may read it (none otherwise)."""
    query = of_readable_case(select(PublicDocument), principal, PublicDocument.case_id, case_id)
    return list(await db_session.scalars(query.order_by(PublicDocument.published_at, PublicDocument.id)))


async def published_documents(*, db_session: AsyncSession, case: Case) -> list[PublicDocument]:
    """The same notices for the petitioner: `case` is the one the public service found by its
    query code and phone, the petitioner's credential (there is no official to authorise)."""
    query = select(PublicDocument).where(PublicDocument.case_id == case.id)
    return list(await db_session.scalars(query.order_by(PublicDocument.published_at, PublicDocument.id)))


async def supervisions(*, db_session: AsyncSession, principal: Principal, case_id: int) -> list[Supervision]:
    """督办 and 催办 on a case, for a viewer who may read it (none otherwise)."""
    query = of_readable_case(select(Supervision), principal, Supervision.case_id, case_id)
    return list(await db_session.scalars(query.order_by(Supervision.created_at)))


async def handlers(*, db_session: AsyncSession, principal: Principal, case_id: int) -> list[User]:
    """The case's 专班, for a viewer who may read it (none otherwise)."""
    query = select(User).join(CaseHandler, CaseHandler.user_id == User.id)
    query = of_readable_case(query, principal, CaseHandler.case_id, case_id)
    return list(await db_session.scalars(query.order_by(User.id)))

"""申报推荐 declaration workflow: township applies → county reviews and declares to the city →
city initial review → province recommendation → designation. Each step may instead return the
declaration with a comment; a returned declaration can be applied for again.

Applying (`apply`) and taking a step (`decide`), each in one transaction with an audit record.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.evaluation import scope
from server.evaluation.campaign import campaign_of
from server.evaluation.declaration.files import documents_to_link
from server.evaluation.declaration.reading import get
from server.evaluation.declaration.summary import check_gate, summary_of
from server.evaluation.declaration.transitions import DeclarationAction, next_status
from server.evaluation.models import Declaration, DeclarationStatus, DeclarationStep, SelfAssessment
from server.unit.models import Unit, UnitLevel

S = DeclarationStatus


async def apply(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int,
                comment: str | None = None, attachment_ids: list[int] | None = None) -> Declaration:
    """The township (for itself or one of its villages) applies after its self-assessment, with
    its 申报材料 (uploaded files; added to those of an earlier, returned application)."""
    scope.check_year(year)
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id, act="apply",
                                     obj="declaration")
    check = Validator()
    comment = check.text(comment, ["input", "comment"], required=False, max_length=2000)
    existing = await db_session.scalar(select(Declaration).where(Declaration.unit_id == unit.id,
                                                                 Declaration.year == year))
    files = await documents_to_link(db_session, principal, check, unit.tenant_id, attachment_ids, existing)
    check.raise_if_any()
    campaign = await campaign_of(db_session=db_session, unit=unit, year=year)
    if unit.level != UnitLevel.COUNTY:
        done = await db_session.scalar(select(SelfAssessment.id).where(
            SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id).limit(1))
        if done is None:
            raise DomainError("INVALID_STATE", "evaluation.SELF_ASSESSMENT_FIRST", field=["input", "unitId"])
    row = await db_session.scalar(select(Declaration).where(Declaration.unit_id == unit.id, Declaration.year == year))
    previous = row.status if row else None
    if row is not None and row.status != S.RETURNED:
        raise DomainError("CONFLICT", "evaluation.DECLARATION_EXISTS", field=["input", "unitId"])
    await check_gate(db_session, unit, year, ["input", "unitId"])
    summary = await summary_of(db_session, principal, unit, year)
    if row is None:
        row = Declaration(tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, year=year,
                          status=S.APPLIED, summary=summary, applied_by_user_id=principal.user_id)
        db_session.add(row)
    else:
        row.status, row.summary, row.applied_by_user_id = S.APPLIED, summary, principal.user_id
        row.applied_at = row.updated_at = utcnow()
    await db_session.flush()
    for f in files:
        f.declaration_id = row.id
    db_session.add(DeclarationStep(tenant_id=unit.tenant_id, declaration_id=row.id,
                                   from_status=str(previous) if previous else None, to_status=str(S.APPLIED),
                                   comment=comment, actor_user_id=principal.user_id))
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action="declaration.apply", object_type="declaration", object_id=row.id, year=year,
                 **({"files": [f.id for f in files]} if files else {}))
    await db_session.commit()
    return row


async def decide(*, db_session: AsyncSession, principal: Principal, declaration_id: int,
                 action: DeclarationAction, comment: str | None = None,
                 attachment_ids: list[int] | None = None) -> Declaration:
    """One step; the county may add its own documents (审核意见, 推荐材料) as it declares."""
    row = await get(db_session=db_session, principal=principal, declaration_id=declaration_id)
    if row is None:
        raise DomainError(NOT_FOUND)
    to_status, act = next_status(row.status, action)
    if not principal.can("declaration", act, row.unit_path):
        raise DomainError(FORBIDDEN)
    check = Validator()
    comment = check.text(comment, ["input", "comment"], required=action == DeclarationAction.RETURN,
                         max_length=2000)
    files = await documents_to_link(db_session, principal, check, row.tenant_id, attachment_ids, row)
    check.raise_if_any()
    for f in files:
        f.declaration_id = row.id
    previous = row.status
    if action == DeclarationAction.COUNTY_DECLARE:
        # The figures the city sees are the county's at the moment it declares.
        unit = await db_session.get(Unit, row.unit_id)
        await check_gate(db_session, unit, row.year, ["input", "id"])
        row.summary = await summary_of(db_session, principal, unit, row.year)
    row.status = to_status
    row.updated_at = utcnow()
    db_session.add(DeclarationStep(tenant_id=row.tenant_id, declaration_id=row.id, from_status=str(previous),
                                   to_status=str(to_status), comment=comment, actor_user_id=principal.user_id))
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action=f"declaration.{action.lower()}", object_type="declaration", object_id=row.id,
                 from_status=str(previous), to_status=str(to_status),
                 **({"files": [f.id for f in files]} if files else {}))
    await db_session.commit()
    return row

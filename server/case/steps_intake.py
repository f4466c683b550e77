"""The steps that take a matter in: 受理, 不予受理, 不再受理 (Art. 36), 转送 and 交办 with its 包案 leader
and team (applied by `flows.act`, which checked the permission and the state machine)."""
import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.models import User
from server.auth.principal import Principal
from server.case import assignment, rules
from server.case.models import Case, CaseHandler
from server.case.step import Step, publish, required_text, text
from server.dates import local_date
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, is_under


async def accept(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    case.accepted_at = now
    case.handle_due_at = rules.handle_due_at(now, settings)
    note = text(step.note, "note", required=False)
    publish(db, case, "ACCEPTANCE", note or "", now)
    return note


async def reject(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    reason = required_text(step.reason, "reason")
    case.rejected_at = now
    case.reject_reason = reason
    publish(db, case, "NON_ACCEPTANCE", reason, now)
    return reason


async def decline_again(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    """不再受理 (Art. 36): a petition marked as the same facts as a concluded matter, declined with
    the statute's wording and the date the earlier matter was concluded."""
    if not case.not_accepted_again:
        raise DomainError("INVALID_TRANSITION", "error.NOT_MARKED_AGAIN")
    earlier = await db.get(Case, case.repeat_of_case_id) if case.repeat_of_case_id else None
    concluded_on = local_date(earlier.concluded_at) if earlier is not None and earlier.concluded_at else None
    reason = rules.not_accepted_again_reason(concluded_on, text(step.note, "note", required=False))
    case.rejected_at = now
    case.reject_reason = reason
    publish(db, case, "NON_ACCEPTANCE", reason, now)
    return reason


async def forward(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    target = await db.get(Unit, step.target_unit_id) if step.target_unit_id else None
    refusal = rules.forward_refusal(case, target)
    if refusal is not None or target is None:  # no unit is refused too
        raise refusal or DomainError(NOT_FOUND, field=["unitId"])
    note = text(step.note, "note", required=False)
    case.forwarded_at = now
    case.handler_unit_id = target.id
    case.handler_unit_path = target.path
    case.accept_due_at = rules.forwarded_accept_due_at(now, settings)
    return f"→ {target.name}" + (f": {note}" if note else "")


async def assign(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    people = [step.leader_id, *step.handler_ids] if step.leader_id else []
    if not people:
        raise DomainError("REQUIRED", field=["leaderId"])
    rows = {
        u.id: (u, path)
        for u, path in await db.execute(
            select(User, Unit.path).join(Unit, Unit.id == User.unit_id).where(User.id.in_(people))
        )
    }
    for index, person in enumerate(people):
        found = rows.get(person)
        # 包案 leaders and team members come from the handling unit or above it, never from
        # the unit an accusation is about.
        if found is None or not found[0].is_active or found[0].tenant_id != case.tenant_id:
            raise DomainError(NOT_FOUND, field=["leaderId" if index == 0 else "handlerIds"])
        if case.accused_unit_path and is_under(found[1], case.accused_unit_path):
            raise DomainError(FORBIDDEN, "error.RECUSAL", field=["leaderId" if index == 0 else "handlerIds"])
    # The 包案 leader must hold a handling role in the handling unit's chain (the same rule as the picker).
    assert step.leader_id is not None  # `people` is not empty
    options = await assignment.leader_options(db_session=db, principal=principal, case=case, user_ids=[step.leader_id])
    if not options:
        raise DomainError("INVALID", "error.LEADER_NOT_HANDLER", field=["leaderId"])
    plan = text(step.plan, "plan", required=False, max_length=10_000)
    case.assigned_at = now
    case.leader_id = step.leader_id
    case.plan = plan
    await db.execute(delete(CaseHandler).where(CaseHandler.case_id == case.id))
    for person in dict.fromkeys(step.handler_ids):
        db.add(CaseHandler(tenant_id=case.tenant_id, case_id=case.id, user_id=person))
    return plan

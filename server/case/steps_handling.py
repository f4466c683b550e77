"""The steps of handling a matter once taken in: progress notes, the one extension and its
decision, the reply, closing, 督办 / 催办 from above and the county's 回访 (applied by `flows.act`)."""
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case import rules
from server.case.models import Case, ExtensionStatus, Supervision
from server.case.rules import Action
from server.case.step import Step, answer, publish, required_text, text
from server.errors import DomainError
from server.tenant.settings import TenantSettings


async def progress(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    return text(step.note, "note", required=True)


async def request_extension(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    if case.extension_status is not None:
        raise DomainError("INVALID_TRANSITION", "error.EXTENSION_ONCE")
    days = step.days or 0
    if not 1 <= days <= settings.extension_max_days:
        raise DomainError("OUT_OF_RANGE", field=["days"], min=1, max=settings.extension_max_days)
    case.extension_status = ExtensionStatus.REQUESTED
    case.extension_days = days
    case.extension_reason = text(step.reason, "reason", required=True)
    return f"+{days}: {case.extension_reason}"


async def decide_extension(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    if case.extension_status != ExtensionStatus.REQUESTED:
        raise DomainError("INVALID_TRANSITION", "error.NO_EXTENSION_REQUEST")
    note = text(step.note, "note", required=False)
    if step.action == Action.APPROVE_EXTENSION:
        case.extension_status = ExtensionStatus.APPROVED
        # Both set before: the handling deadline on acceptance, the days with the request.
        assert case.handle_due_at is not None and case.extension_days is not None
        case.handle_due_at = rules.extended_handle_due_at(case.handle_due_at, case.extension_days, settings)
        # Art. 34: the petitioner is told of the extension and why.
        publish(db, case, "EXTENSION", case.extension_reason or "", now)
    else:
        case.extension_status = ExtensionStatus.REFUSED
    return note


async def reply(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    reply = required_text(step.reply, "reply", max_length=20_000)
    if step.outcome is None:
        raise DomainError("REQUIRED", field=["outcome"])
    answer(db, case, reply, step.outcome, "REPLY", settings, now)
    return reply


async def close(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    case.closed_at = now
    return text(step.note, "note", required=False)


async def supervise(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    note = text(step.note, "note", required=step.action == Action.REMIND)
    from_unit = next(
        g.unit_id for g in principal.grants_for("case", "supervise", case.handler_unit_path)
        if g.unit_path != case.handler_unit_path
    )
    db.add(Supervision(
        tenant_id=case.tenant_id, case_id=case.id, kind="SUPERVISE" if step.action == Action.SUPERVISE else "REMIND",
        from_unit_id=from_unit, to_unit_id=case.handler_unit_id, note=note, due_at=step.due_at,
        created_at=now, created_by_user_id=principal.user_id,
    ))
    return note


async def follow_up(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
    """回访 done: the county called the dissatisfied petitioner back; the flag is cleared."""
    if case.flagged_for_county_at is None:
        raise DomainError("INVALID_TRANSITION", "error.NOT_FLAGGED")
    case.flagged_for_county_at = None
    return text(step.note, "note", required=True)

"""The one transition dispatcher of a petition case.

`act()` loads the case, checks the viewer may see it and holds the step's permission at the
right unit, checks the state machine, applies the step, recomputes the running deadline, writes
the timeline event and the audit record, and commits — one transaction per step. The steps
themselves are applied by the functions of its table `APPLY`: taking a matter in
(`steps_intake`), handling it (`steps_handling`), deciding a review (`steps_review`).
"""
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.case import queries, rules, steps_handling, steps_intake, steps_review
from server.case.models import Case, CaseEvent, CaseStatus, ExtensionStatus, Outcome
from server.case.rules import Action
from server.case.step import Apply, Step
from server.case.visibility import readable
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.events import broker
from server.tenant import service as tenant_service
from server.unit.models import Unit, is_under


async def load_for_update(*, db_session: AsyncSession, case_id: int) -> Case | None:
    return await db_session.scalar(select(Case).where(Case.id == case_id).with_for_update())


def _strictly_above(principal: Principal, obj: str, act: str, path: str) -> bool:
    """The user holds the permission at a unit above `path` (the level above the handler)."""
    return any(
        g.unit_path != path and is_under(path, g.unit_path)
        for g in principal.grants_for(obj, act, path)
    )


def _check_permission(principal: Principal, case: Case, step: Step, review_unit: Unit | None) -> None:
    action = step.action
    permission = rules.PERMISSION[action]
    if action in (Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION, Action.SUPERVISE, Action.REMIND):
        allowed = _strictly_above(principal, "case", permission, case.handler_unit_path)
    elif action in (Action.DECIDE_REVIEW, Action.DECIDE_REREVIEW):
        allowed = review_unit is not None and principal.can("case", permission, review_unit.path)
    else:
        allowed = principal.can("case", permission, case.handler_unit_path)
    if not allowed:
        raise DomainError(FORBIDDEN)


async def act(*, db_session: AsyncSession, principal: Principal, case_id: int, step: Step) -> Case:
    user_id = principal.require_user()
    case = readable(principal, await load_for_update(db_session=db_session, case_id=case_id))
    if case is None:
        raise DomainError(NOT_FOUND, field=["id"])
    if step.action == Action.DECIDE_REVIEW and case.status == CaseStatus.UNDER_REREVIEW:
        # One "decide review" for the officials: on a re-review (复核) it is that decision.
        step = replace(step, action=Action.DECIDE_REREVIEW)
    review_unit = await db_session.get(Unit, case.review_unit_id) if case.review_unit_id else None
    _check_permission(principal, case, step, review_unit)
    new_status = rules.next_status(step.action, case.status)
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=case.tenant_id)
    now = utcnow()
    before_outcome = case.outcome
    note = await APPLY[step.action](db_session, principal, case, step, settings, now)
    case.status = new_status
    case.due_at = rules.running_deadline_of(case)
    case.version += 1
    db_session.add(
        CaseEvent(
            tenant_id=case.tenant_id, case_id=case.id, kind=rules.EVENT_KIND[step.action], at=now, actor_id=user_id,
            note=note,
        )
    )
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=user_id,
        action=f"case.{step.action.lower()}", object_type="case", object_id=case.id,
        status=str(new_status), **_audit_detail(step, case, before_outcome),
    )
    await db_session.commit()
    broker.publish(case)
    return case


def _audit_detail(step: Step, case: Case, before_outcome: Outcome | None) -> dict[str, str | None]:
    """What the audit record keeps beyond the new status: a review decision's result and outcomes."""
    if step.action not in (Action.DECIDE_REVIEW, Action.DECIDE_REREVIEW):
        return {}
    return {
        "review_result": str(step.review_result), "outcome": str(case.outcome),
        "reviewed_outcome": str(before_outcome) if before_outcome else None,
    }


APPLY: dict[Action, Apply] = {
    Action.ACCEPT: steps_intake.accept,
    Action.REJECT: steps_intake.reject,
    Action.DECLINE_AGAIN: steps_intake.decline_again,
    Action.FORWARD: steps_intake.forward,
    Action.ASSIGN: steps_intake.assign,
    Action.PROGRESS: steps_handling.progress,
    Action.REQUEST_EXTENSION: steps_handling.request_extension,
    Action.APPROVE_EXTENSION: steps_handling.decide_extension,
    Action.REFUSE_EXTENSION: steps_handling.decide_extension,
    Action.REPLY: steps_handling.reply,
    Action.CLOSE: steps_handling.close,
    Action.DECIDE_REVIEW: steps_review.decide_review,
    Action.DECIDE_REREVIEW: steps_review.decide_review,
    Action.SUPERVISE: steps_handling.supervise,
    Action.REMIND: steps_handling.supervise,
    Action.FOLLOW_UP: steps_handling.follow_up,
}


def permitted(principal: Principal, case: Case, review_unit: Unit | None) -> list[Action]:
    """The steps this viewer may take on the case now (for the app's buttons)."""
    result = []
    for action in rules.allowed_actions(case.status):
        if action not in APPLY:
            continue  # the citizen's own steps
        if action == Action.FOLLOW_UP and case.flagged_for_county_at is None:
            continue
        if action == Action.DECLINE_AGAIN and not case.not_accepted_again:
            continue
        if action == Action.REQUEST_EXTENSION and case.extension_status is not None:
            continue
        if action in (Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION) and case.extension_status != ExtensionStatus.REQUESTED:
            continue
        try:
            _check_permission(principal, case, Step(action), review_unit)
        except DomainError:
            continue
        result.append(action)
    return result


async def forward_targets(*, db_session: AsyncSession, principal: Principal, case_id: int) -> list[Unit]:
    """The units the viewer may forward (转送) this case to now; empty when they may not forward it.

    The same rule as the step itself (`rules.forward_refusal`): the county and its townships,
    never the unit handling it now, never the accused unit or anything under it."""
    principal.require_user()
    case = readable(principal, await queries.get(db_session=db_session, case_id=case_id))
    if case is None or not rules.allowed_from(Action.FORWARD, case.status):
        return []
    try:
        _check_permission(principal, case, Step(Action.FORWARD), None)
    except DomainError:
        return []
    rows = await db_session.scalars(
        select(Unit)
        .where(
            Unit.tenant_id == case.tenant_id, Unit.retired_at.is_(None), Unit.level.in_(rules.FORWARD_LEVELS),
            Unit.id != case.handler_unit_id,
        )
        .order_by(Unit.path)  # the county and its townships: every one (no cut)
    )
    return [unit for unit in rows if rules.forward_refusal(case, unit) is None]

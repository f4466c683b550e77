"""The one transition dispatcher of a petition case.

`act()` loads the case, checks the viewer may see it and holds the step's permission at the
right unit, checks the state machine, applies the step, recomputes the running deadline, writes
the timeline event and the audit record, and commits — one transaction per step.
"""
import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.models import User
from server.auth.principal import Principal
from server.case import assignment, queries, rules
from server.case import files as case_files
from server.case.models import (
    Case,
    CaseEvent,
    CaseHandler,
    CaseStatus,
    ExtensionStatus,
    Outcome,
    PublicDocument,
    ReviewResult,
    Supervision,
)
from server.case.rules import Action
from server.case.visibility import readable
from server.dates import local_date, utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.events import broker
from server.tenant import service as tenant_service
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, is_under

NOTE_MAX = 5000


@dataclass
class Step:
    action: Action
    note: str | None = None
    reason: str | None = None
    target_unit_id: int | None = None  # forward
    leader_id: int | None = None  # assign
    handler_ids: list[int] = field(default_factory=list)
    plan: str | None = None
    days: int | None = None  # extension
    reply: str | None = None
    outcome: Outcome | None = None
    review_result: ReviewResult | None = None  # 复查 / 复核: 维持, 变更 or 撤销
    due_at: dt.datetime | None = None  # supervision
    decided_by: str | None = None  # 复查 / 复核 by a body outside the county: who decided and signed
    attachment_ids: list[int] = field(default_factory=list)  # the scanned opinion received


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


def _audit_detail(step: Step, case: Case, before_outcome: Outcome | None) -> dict:
    """What the audit record keeps beyond the new status: a review decision's result and outcomes."""
    if step.action not in (Action.DECIDE_REVIEW, Action.DECIDE_REREVIEW):
        return {}
    return {
        "review_result": str(step.review_result), "outcome": str(case.outcome),
        "reviewed_outcome": str(before_outcome) if before_outcome else None,
    }


def _text(value: str | None, field_name: str, *, required: bool, max_length: int = NOTE_MAX) -> str | None:
    check = Validator()
    cleaned = check.text(value, [field_name], required=required, max_length=max_length)
    check.raise_if_any()
    return cleaned


def _publish(
    db_session: AsyncSession, case: Case, kind: str, body: str, now: dt.datetime,
    review_result: ReviewResult | None = None, issued_by: str | None = None,
) -> None:
    db_session.add(PublicDocument(
        tenant_id=case.tenant_id, case_id=case.id, kind=kind, body=body, published_at=now, review_result=review_result,
        issued_by=issued_by,
    ))


async def _accept(db, principal, case: Case, step: Step, settings: TenantSettings, now):
    case.accepted_at = now
    case.handle_due_at = rules.handle_due_at(now, settings)
    note = _text(step.note, "note", required=False)
    _publish(db, case, "ACCEPTANCE", note or "", now)
    return note


async def _reject(db, principal, case: Case, step: Step, settings, now):
    reason = _text(step.reason, "reason", required=True)
    case.rejected_at = now
    case.reject_reason = reason
    _publish(db, case, "NON_ACCEPTANCE", reason, now)
    return reason


async def _decline_again(db, principal, case: Case, step: Step, settings, now):
    """不再受理 (Art. 36): a petition marked as the same facts as a concluded matter, declined with
    the statute's wording and the date the earlier matter was concluded."""
    if not case.not_accepted_again:
        raise DomainError("INVALID_TRANSITION", "error.NOT_MARKED_AGAIN")
    earlier = await db.get(Case, case.repeat_of_case_id) if case.repeat_of_case_id else None
    concluded_on = local_date(earlier.concluded_at) if earlier is not None and earlier.concluded_at else None
    reason = rules.not_accepted_again_reason(concluded_on, _text(step.note, "note", required=False))
    case.rejected_at = now
    case.reject_reason = reason
    _publish(db, case, "NON_ACCEPTANCE", reason, now)
    return reason


async def _forward(db, principal: Principal, case: Case, step: Step, settings, now):
    target = await db.get(Unit, step.target_unit_id) if step.target_unit_id else None
    refusal = rules.forward_refusal(case, target)
    if refusal is not None:
        raise refusal
    note = _text(step.note, "note", required=False)
    case.forwarded_at = now
    case.handler_unit_id = target.id
    case.handler_unit_path = target.path
    case.accept_due_at = rules.forwarded_accept_due_at(now, settings)
    return f"→ {target.name}" + (f": {note}" if note else "")


async def _assign(db, principal: Principal, case: Case, step: Step, settings, now):
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
    plan = _text(step.plan, "plan", required=False, max_length=10_000)
    case.assigned_at = now
    case.leader_id = step.leader_id
    case.plan = plan
    await db.execute(delete(CaseHandler).where(CaseHandler.case_id == case.id))
    for person in dict.fromkeys(step.handler_ids):
        db.add(CaseHandler(tenant_id=case.tenant_id, case_id=case.id, user_id=person))
    return plan


async def _progress(db, principal, case: Case, step: Step, settings, now):
    return _text(step.note, "note", required=True)


async def _request_extension(db, principal, case: Case, step: Step, settings: TenantSettings, now):
    if case.extension_status is not None:
        raise DomainError("INVALID_TRANSITION", "error.EXTENSION_ONCE")
    days = step.days or 0
    if not 1 <= days <= settings.extension_max_days:
        raise DomainError("OUT_OF_RANGE", field=["days"], min=1, max=settings.extension_max_days)
    case.extension_status = ExtensionStatus.REQUESTED
    case.extension_days = days
    case.extension_reason = _text(step.reason, "reason", required=True)
    return f"+{days}: {case.extension_reason}"


async def _decide_extension(db, principal, case: Case, step: Step, settings: TenantSettings, now):
    if case.extension_status != ExtensionStatus.REQUESTED:
        raise DomainError("INVALID_TRANSITION", "error.NO_EXTENSION_REQUEST")
    note = _text(step.note, "note", required=False)
    if step.action == Action.APPROVE_EXTENSION:
        case.extension_status = ExtensionStatus.APPROVED
        case.handle_due_at = rules.extended_handle_due_at(case.handle_due_at, case.extension_days, settings)
        # Art. 34: the petitioner is told of the extension and why.
        _publish(db, case, "EXTENSION", case.extension_reason or "", now)
    else:
        case.extension_status = ExtensionStatus.REFUSED
    return note


async def _reply(db, principal, case: Case, step: Step, settings: TenantSettings, now):
    reply = _text(step.reply, "reply", required=True, max_length=20_000)
    if step.outcome is None:
        raise DomainError("REQUIRED", field=["outcome"])
    _answer(db, case, reply, step.outcome, "REPLY", settings, now)
    return reply


def _answer(
    db, case: Case, text: str, outcome: Outcome, kind: str, settings: TenantSettings, now,
    review_result: ReviewResult | None = None, issued_by: str | None = None,
) -> None:
    """A written answer opens a rating round and the window to ask the level above."""
    case.replied_at = now
    if kind == "REPLY" and case.answered_at is None:
        case.answered_at = now  # the first answer: 按期答复率 (server.evaluation.rates)
    case.reply = text
    case.outcome = outcome
    case.reply_round += 1
    case.rating = None
    case.rated_at = None
    case.rating_due_at = rules.rating_due_at(now, settings)
    case.review_request_due_at = rules.review_request_due_at(now, settings)
    _publish(db, case, kind, text, now, review_result, issued_by)


async def _close(db, principal, case: Case, step: Step, settings, now):
    case.closed_at = now
    return _text(step.note, "note", required=False)


async def _decide_review(db, principal, case: Case, step: Step, settings: TenantSettings, now):
    """复查 / 复核 意见 by the body above (Arts. 35/36).

    The reviewer states the result — 维持 (upholds), 变更 (changes) or 撤销 (revokes) the answer under
    review — and the outcome follows from it (`rules.review_decision`: 维持 keeps the reviewed
    outcome, 变更 / 撤销 give the new one). The written opinion is required either way; it is
    published to the petitioner with its result and opens the next rating round. The result is
    kept on the case (`review_result` / `rereview_result`, and `*_upheld` for 复查复核维持率). A 复核
    concludes the matter (三级终结)."""
    rereview = step.action == Action.DECIDE_REREVIEW
    reviewed = case.outcome
    outcome, refusals = rules.review_decision(step.review_result, step.outcome, reviewed)
    check = Validator()
    check.errors.extend(refusals)
    opinion = check.text(step.reply, ["reply"], required=True, max_length=20_000)
    outside = rules.reviewed_outside(case, rereview)
    decided_by = check.text(step.decided_by, ["decidedBy"], required=False, max_length=200)
    if outside and not decided_by:
        check.add("REQUIRED", ["decidedBy"], "error.REVIEW_DECIDED_BY_REQUIRED")
    if outside and not step.attachment_ids:
        check.add("REQUIRED", ["attachmentIds"], "error.REVIEW_SCAN_REQUIRED")
    check.raise_if_any()
    body = await db.get(Unit, (case.rereview_body_unit_id if rereview else case.review_body_unit_id) or case.review_unit_id)
    issued_by = rules.issued_by(body.name if body else "", decided_by)
    scans = await _link_scans(db, principal, case, step.attachment_ids) if step.attachment_ids else []
    result = step.review_result
    upheld = result == ReviewResult.UPHELD
    if not rereview:
        case.review_decided_at, case.review_result, case.review_upheld = now, result, upheld
        case.review_decided_by = decided_by
        _answer(db, case, opinion, outcome, "REVIEW", settings, now, result, issued_by)
    else:
        case.rereview_result, case.rereview_upheld = result, upheld
        case.rereview_decided_by = decided_by
        _answer(db, case, opinion, outcome, "REREVIEW", settings, now, result, issued_by)
        case.concluded_at = now
        case.review_request_due_at = None  # 三级终结: nothing further to ask
    case.review_due_at = None
    note = rules.review_note(result, reviewed, outcome, opinion, rereview=rereview)
    if outside:
        recorder = await db.get(Unit, case.review_unit_id)
        files = "、".join(a.filename for a in scans)
        note += f"\n（{issued_by}作出，{recorder.name if recorder else ''}信访部门登记；扫描件：{files}）"
    return note


async def _link_scans(db, principal: Principal, case: Case, attachment_ids: list[int]) -> list:
    """The scanned opinion received from the outside body, linked to the case like its other files."""
    from server.attachment import access as attachment_access

    wanted = list(dict.fromkeys(attachment_ids))
    rows = await attachment_access.unlinked(
        db_session=db, tenant_id=case.tenant_id, user_id=principal.user_id, attachment_ids=wanted,
        owner_column="case_id", owner_id=case.id,
    )
    if rows is None:
        raise DomainError(NOT_FOUND, field=["attachmentIds"])
    if not await case_files.link_files(db, case.id, [a for a in rows if a.case_id != case.id]):
        raise DomainError(NOT_FOUND, field=["attachmentIds"])
    return rows


async def _supervise(db, principal: Principal, case: Case, step: Step, settings, now):
    note = _text(step.note, "note", required=step.action == Action.REMIND)
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


async def _follow_up(db, principal, case: Case, step: Step, settings, now):
    """回访 done: the county called the dissatisfied petitioner back; the flag is cleared."""
    if case.flagged_for_county_at is None:
        raise DomainError("INVALID_TRANSITION", "error.NOT_FLAGGED")
    case.flagged_for_county_at = None
    return _text(step.note, "note", required=True)


APPLY = {
    Action.ACCEPT: _accept,
    Action.REJECT: _reject,
    Action.DECLINE_AGAIN: _decline_again,
    Action.FORWARD: _forward,
    Action.ASSIGN: _assign,
    Action.PROGRESS: _progress,
    Action.REQUEST_EXTENSION: _request_extension,
    Action.APPROVE_EXTENSION: _decide_extension,
    Action.REFUSE_EXTENSION: _decide_extension,
    Action.REPLY: _reply,
    Action.CLOSE: _close,
    Action.DECIDE_REVIEW: _decide_review,
    Action.DECIDE_REREVIEW: _decide_review,
    Action.SUPERVISE: _supervise,
    Action.REMIND: _supervise,
    Action.FOLLOW_UP: _follow_up,
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

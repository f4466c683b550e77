"""复查 / 复核 意见: the decision of the body above on a request for review (applied by `flows.act`),
with the scanned opinion when that body is outside the county."""
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.auth.principal import Principal
from server.case import files as case_files
from server.case import rules
from server.case.models import Case, ReviewResult
from server.case.rules import Action
from server.case.step import Step, answer
from server.errors import NOT_FOUND, DomainError, Validator
from server.tenant.settings import TenantSettings
from server.unit.models import Unit


async def decide_review(
    db: AsyncSession, principal: Principal, case: Case, step: Step, settings: TenantSettings, now: dt.datetime
) -> str | None:
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
    result = step.review_result
    # Refused above otherwise: the opinion is required, `review_decision` requires the result and
    # answers the outcome in force with it.
    assert opinion is not None and outcome is not None and result is not None
    body = await db.get(Unit, (case.rereview_body_unit_id if rereview else case.review_body_unit_id) or case.review_unit_id)
    issued_by = rules.issued_by(body.name if body else "", decided_by)
    scans = await _link_scans(db, principal, case, step.attachment_ids) if step.attachment_ids else []
    upheld = result == ReviewResult.UPHELD
    if not rereview:
        case.review_decided_at, case.review_result, case.review_upheld = now, result, upheld
        case.review_decided_by = decided_by
        answer(db, case, opinion, outcome, "REVIEW", settings, now, result, issued_by)
    else:
        case.rereview_result, case.rereview_upheld = result, upheld
        case.rereview_decided_by = decided_by
        answer(db, case, opinion, outcome, "REREVIEW", settings, now, result, issued_by)
        case.concluded_at = now
        case.review_request_due_at = None  # 三级终结: nothing further to ask
    case.review_due_at = None
    note = rules.review_note(result, reviewed, outcome, opinion, rereview=rereview)
    if outside:
        recorder = await db.get(Unit, case.review_unit_id)
        files = "、".join(a.filename for a in scans)
        note += f"\n（{issued_by}作出，{recorder.name if recorder else ''}信访部门登记；扫描件：{files}）"
    return note


async def _link_scans(
    db: AsyncSession, principal: Principal, case: Case, attachment_ids: list[int]
) -> list[Attachment]:
    """The scanned opinion received from the outside body, linked to the case like its other files."""
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

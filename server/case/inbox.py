"""我的待办: each role's task lists, computed in SQL from the viewer's subtrees."""
import datetime as dt
import enum

from sqlalchemy import ColumnElement, Select, exists, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from server.auth.principal import Principal
from server.case.models import Case, CaseStatus, ExtensionStatus, Supervision
from server.case.visibility import visible_filter
from server.dates import utcnow
from server.unit.models import Unit, in_subtree, subtree_pattern


class InboxTask(enum.StrEnum):
    TO_ACCEPT = "TO_ACCEPT"  # 待受理
    TO_ASSIGN = "TO_ASSIGN"  # 待交办
    DUE_SOON = "DUE_SOON"  # 即将到期
    OVERDUE = "OVERDUE"  # 已超期
    SUPERVISED = "SUPERVISED"  # 被督办/催办
    TO_REVIEW = "TO_REVIEW"  # 待复查/复核
    EXTENSION_REQUESTS = "EXTENSION_REQUESTS"  # 待审批延期
    FLAGGED = "FLAGGED"  # 不满意待回访


def _under(column: ColumnElement[str] | InstrumentedAttribute[str], paths: list[str], *,
           strictly: bool = False) -> ColumnElement[bool]:
    clauses = [column.like(subtree_pattern(p)) if strictly else in_subtree(column, p) for p in paths]
    return or_(*clauses) if clauses else false()


def task_query(principal: Principal, task: InboxTask, *, due_soon_days: int = 3, now: dt.datetime | None = None) -> Select[Case]:
    now = now or utcnow()
    query = select(Case).where(visible_filter(principal, "read"))
    if task == InboxTask.TO_ACCEPT:
        return query.where(
            Case.status.in_([CaseStatus.REGISTERED, CaseStatus.FORWARDED]),
            _under(Case.handler_unit_path, principal.scopes("case", "accept")),
        )
    if task == InboxTask.TO_ASSIGN:
        return query.where(
            Case.status == CaseStatus.ACCEPTED, _under(Case.handler_unit_path, principal.scopes("case", "assign"))
        )
    if task == InboxTask.DUE_SOON:
        return query.where(Case.due_at >= now, Case.due_at <= now + dt.timedelta(days=due_soon_days))
    if task == InboxTask.OVERDUE:
        return query.where(Case.due_at < now)
    if task == InboxTask.SUPERVISED:
        return query.where(
            exists().where(
                Supervision.case_id == Case.id,
                Supervision.answered_at.is_(None),
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.CONCLUDED, CaseStatus.REJECTED]),
            ),
            _under(Case.handler_unit_path, principal.scopes("case", "progress")),
        )
    if task == InboxTask.TO_REVIEW:
        review_paths = select(Unit.path).where(Unit.id == Case.review_unit_id).scalar_subquery()
        scopes = principal.scopes("case", "review")
        clauses = [in_subtree(review_paths, p) for p in scopes]
        return query.where(
            Case.status.in_([CaseStatus.UNDER_REVIEW, CaseStatus.UNDER_REREVIEW]),
            or_(*clauses) if clauses else false(),
        )
    if task == InboxTask.EXTENSION_REQUESTS:
        return query.where(
            Case.extension_status == ExtensionStatus.REQUESTED,
            _under(Case.handler_unit_path, principal.scopes("case", "approve_extension"), strictly=True),
        )
    if task == InboxTask.FLAGGED:
        return query.where(
            Case.flagged_for_county_at.is_not(None), _under(Case.unit_path, principal.scopes("case", "flag"))
        )
    raise ValueError(task)


__all__ = ["InboxTask", "task_query"]

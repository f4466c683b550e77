"""A step of a case's lifecycle as asked for (`Step`), the signature of the functions that apply
one (`Apply`, the dispatcher's table in `flows`), and what several of them share: a checked
text, a notice published to the petitioner, a written answer opening a rating round."""
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case import rules
from server.case.models import Case, Outcome, PublicDocument, ReviewResult
from server.case.rules import Action
from server.errors import Validator
from server.tenant.settings import TenantSettings

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


Apply = Callable[[AsyncSession, Principal, Case, Step, TenantSettings, dt.datetime], Awaitable[str | None]]
"""Applies one step to the case loaded for update; answers the timeline event's note."""


def text(value: str | None, field_name: str, *, required: bool, max_length: int = NOTE_MAX) -> str | None:
    check = Validator()
    cleaned = check.text(value, [field_name], required=required, max_length=max_length)
    check.raise_if_any()
    return cleaned


def required_text(value: str | None, field_name: str, *, max_length: int = NOTE_MAX) -> str:
    """`text` that must be given: a missing one is refused before anything is returned."""
    cleaned = text(value, field_name, required=True, max_length=max_length)
    assert cleaned is not None  # refused above otherwise
    return cleaned


def publish(
    db_session: AsyncSession, case: Case, kind: str, body: str, now: dt.datetime,
    review_result: ReviewResult | None = None, issued_by: str | None = None,
) -> None:
    db_session.add(PublicDocument(
        tenant_id=case.tenant_id, case_id=case.id, kind=kind, body=body, published_at=now, review_result=review_result,
        issued_by=issued_by,
    ))


def answer(
    db: AsyncSession, case: Case, text: str, outcome: Outcome, kind: str, settings: TenantSettings, now: dt.datetime,
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
    publish(db, case, kind, text, now, review_result, issued_by)

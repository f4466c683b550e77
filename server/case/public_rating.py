"""The petitioner's rating (满意度) of each written answer: by query code and phone, or by the
signed single-use link printed as a QR code on the reply letter (issued here to its handlers)."""
import base64
import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.case import rules
from server.case.models import Case, CaseEvent, CaseRating, CaseStatus, RatingLink, Satisfaction
from server.case.public import Caller, by_link, find, sign
from server.case.rules import Action
from server.case.visibility import handles
from server.dates import as_utc, utcnow
from server.errors import DomainError, Validator
from server.events import broker
from server.settings import Settings


def can_rate(case: Case, now: dt.datetime) -> bool:
    return (
        case.status in (CaseStatus.REPLIED, CaseStatus.CLOSED, CaseStatus.CONCLUDED)
        and case.reply_round > 0
        and case.rating is None
        and case.rating_due_at is not None
        and now <= as_utc(case.rating_due_at)
    )


async def _rate(db_session: AsyncSession, case: Case, level: Satisfaction, comment: str | None, via: str) -> Case:
    now = utcnow()
    if not can_rate(case, now):
        raise DomainError("INVALID_TRANSITION", "error.RATING_CLOSED")
    check = Validator()
    comment = check.text(comment, ["comment"], required=False, max_length=1000)
    check.raise_if_any()
    db_session.add(CaseRating(
        tenant_id=case.tenant_id, case_id=case.id, reply_round=case.reply_round, level=level,
        comment=comment, rated_at=now, via=via,
    ))
    case.rating = level
    case.rated_at = now
    if level == Satisfaction.DISSATISFIED:
        case.flagged_for_county_at = now  # the county calls back (回访)
    case.version += 1
    db_session.add(CaseEvent(
        tenant_id=case.tenant_id, case_id=case.id, kind=rules.EVENT_KIND[Action.RATE], at=now, actor_id=None,
        note=comment,  # the level is the rating's own (server/case/timeline.py): no code in a note
    ))
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=None, action="case.rate",
        object_type="case", object_id=case.id, level=str(level), via=via,
    )
    try:
        await db_session.commit()
    except IntegrityError:  # the same round rated twice at once
        await db_session.rollback()
        raise DomainError("INVALID_TRANSITION", "error.RATING_CLOSED") from None
    broker.publish(case)
    return case


async def rate(
    *, db_session: AsyncSession, caller: Caller, query_code: str, phone_last4: str,
    level: Satisfaction, comment: str | None,
) -> Case:
    case = await find(db_session, caller, query_code, phone_last4)
    return await _rate(db_session, case, level, comment, "CODE")


async def rate_by_link(
    *, db_session: AsyncSession, caller: Caller, token: str, level: Satisfaction, comment: str | None
) -> Case:
    case, link = await by_link(db_session, caller, token)
    link.used_at = utcnow()
    return await _rate(db_session, case, level, comment, "LINK")


async def rating_link(*, db_session: AsyncSession, settings: Settings, principal: Principal, case: Case) -> str | None:
    """The token for the current reply round (reused while unused and unexpired), printed as a QR
    code on the reply letter: for the units handling the case only (None for anyone else)."""
    if not handles(principal, case) or not can_rate(case, utcnow()):
        return None
    link = await db_session.scalar(
        select(RatingLink).where(
            RatingLink.case_id == case.id, RatingLink.reply_round == case.reply_round, RatingLink.used_at.is_(None)
        )
    )
    if link is None:
        link = RatingLink(
            case_id=case.id, nonce=secrets.token_hex(12), reply_round=case.reply_round, expires_at=case.rating_due_at
        )
        db_session.add(link)
        await db_session.commit()
    payload = f"{case.id}.{link.nonce}"
    return base64.urlsafe_b64encode(f"{payload}.{sign(settings.secret_key, payload)}".encode()).decode().rstrip("=")

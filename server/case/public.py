"""The citizen's side, without an account: submit online, track, rate, ask for review.

Reached by query code + the last four digits of the phone, or by a signed single-use link
printed as a QR code on the reply letter. Every answer to a wrong code or phone is the same,
comparisons are constant-time, and attempts are rate-limited per address and per code, so
codes cannot be enumerated and nobody learns whether a phone number has cases.
"""
import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import store
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.principal import Principal
from server.case import rules
from server.case import service as case_service
from server.case.models import (
    Case,
    CaseEvent,
    CaseRating,
    CaseStatus,
    Channel,
    MatterKind,
    Petitioner,
    RatingLink,
    Satisfaction,
)
from server.case.rules import Action
from server.dates import as_utc, utcnow
from server.errors import NOT_FOUND, DomainError, Validator
from server.events import broker
from server.ratelimit import limiter
from server.settings import Settings
from server.tenant import service as tenant_service
from server.unit.models import Unit

_DUMMY_LAST4 = "0000"


@dataclass
class Caller:
    ip: str
    settings: Settings


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: rules.QUERY_CODE_LENGTH + 4]


async def _limit(caller: Caller, code: str | None) -> None:
    await limiter.hit("public-ip", caller.ip, limit=caller.settings.public_rate_per_ip_per_minute, window_seconds=60)
    if code:
        await limiter.hit("public-code", code, limit=caller.settings.public_rate_per_code_per_hour, window_seconds=3600)


async def _find(db_session: AsyncSession, caller: Caller, query_code: str, phone_last4: str) -> Case:
    """The case behind a code whose petitioner's phone ends in these digits — or one refusal."""
    code = _normalise_code(query_code)
    await _limit(caller, code)
    case = await db_session.scalar(select(Case).where(Case.query_code == code)) if code else None
    phones = []
    if case is not None:
        phones = list(await db_session.scalars(select(Petitioner.phone).where(Petitioner.case_id == case.id)))
    digits = "".join(ch for ch in (phone_last4 or "") if ch.isdigit())[-4:].rjust(4, "x")
    matched = False
    for phone in phones or [_DUMMY_LAST4]:
        matched |= hmac.compare_digest(phone.replace("-", "")[-4:].encode(), digits.encode())
    if case is None or not phones or not matched:
        raise DomainError("NOT_FOUND", "error.TRACK_NOT_FOUND")
    return case


async def track(*, db_session: AsyncSession, caller: Caller, query_code: str, phone_last4: str) -> Case | None:
    try:
        return await _find(db_session, caller, query_code, phone_last4)
    except DomainError as error:
        if error.code == "NOT_FOUND":
            return None
        raise


def can_rate(case: Case, now: dt.datetime) -> bool:
    return (
        case.status in (CaseStatus.REPLIED, CaseStatus.CLOSED, CaseStatus.CONCLUDED)
        and case.reply_round > 0
        and case.rating is None
        and case.rating_due_at is not None
        and now <= as_utc(case.rating_due_at)
    )


@dataclass(frozen=True)
class ReviewRoute:
    """Who takes a 复查 / 复核 request: the body above the answering unit, and the unit of this
    county that acts on it (the body itself, or the county bureau when the body is the city)."""

    body: Unit
    acting: Unit

    @property
    def outside(self) -> bool:
        return self.body.id != self.acting.id


async def review_route(db_session: AsyncSession, case: Case) -> ReviewRoute | None:
    answered_by_id = rules.answering_unit_id(case)
    answered_by = await db_session.get(Unit, answered_by_id) if answered_by_id else None
    body = await db_session.get(Unit, answered_by.parent_id) if answered_by and answered_by.parent_id else None
    if body is None:
        return None
    if body.tenant_id == case.tenant_id:
        return ReviewRoute(body=body, acting=body)
    county = await db_session.get(Unit, case.tenant_id)  # the county bureau records the city's opinion
    return ReviewRoute(body=body, acting=county) if county is not None else None


async def can_request_review(db_session: AsyncSession, case: Case, now: dt.datetime) -> bool:
    """True exactly when `request_review` would accept a request (the same rule)."""
    if rules.review_request_refusal(case, now, True) is not None:
        return False  # no need to look the body up
    route = await review_route(db_session, case)
    return rules.review_request_refusal(case, now, route and route.body) is None


async def review_body_name(db_session: AsyncSession, case: Case, now: dt.datetime) -> str | None:
    """The body reviewing the matter now (复查 / 复核 under way), or the one the petitioner may ask
    next; None when neither (not answered yet, concluded, or the 30 days have passed)."""
    if case.status in (CaseStatus.UNDER_REVIEW, CaseStatus.UNDER_REREVIEW):
        rereview = case.status == CaseStatus.UNDER_REREVIEW
        body_id = (case.rereview_body_unit_id if rereview else case.review_body_unit_id) or case.review_unit_id
        body = await db_session.get(Unit, body_id) if body_id else None
        return body.name if body else None
    if not await can_request_review(db_session, case, now):
        return None
    route = await review_route(db_session, case)
    return route.body.name if route else None


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
    case = await _find(db_session, caller, query_code, phone_last4)
    return await _rate(db_session, case, level, comment, "CODE")


async def request_review(
    *, db_session: AsyncSession, caller: Caller, query_code: str, phone_last4: str, reason: str
) -> Case:
    """复查 (after the reply) or 复核 (after the review opinion), at the level above."""
    case = await _find(db_session, caller, query_code, phone_last4)
    now = utcnow()
    route = await review_route(db_session, case)
    refusal = rules.review_request_refusal(case, now, route and route.body)
    if refusal is not None:
        raise refusal
    assert route is not None
    check = Validator()
    reason = check.text(reason, ["reason"], max_length=5000)
    check.raise_if_any()
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=case.tenant_id)
    action = rules.REVIEW_ROUNDS[case.reply_round]
    case.status = rules.next_status(action, case.status)
    if action == Action.REQUEST_REVIEW:
        case.review_requested_at = now
        case.review_body_unit_id = route.body.id
    else:
        case.rereview_requested_at = now
        case.rereview_body_unit_id = route.body.id
    case.review_unit_id = route.acting.id
    case.review_due_at = rules.review_due_at(now, settings)
    case.due_at = rules.running_deadline_of(case)
    case.version += 1
    note = reason
    if route.outside:
        step = "复查" if action == Action.REQUEST_REVIEW else "复核"
        note += f"\n（向{route.body.name}申请{step}；由{route.acting.name}信访部门接收并登记其{step}意见）"
    db_session.add(CaseEvent(
        tenant_id=case.tenant_id, case_id=case.id, kind=rules.EVENT_KIND[action], at=now, actor_id=None,
        note=note,
    ))
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=None, action=f"case.{action.lower()}",
        object_type="case", object_id=case.id, review_unit_id=route.acting.id, review_body_unit_id=route.body.id,
    )
    await db_session.commit()
    broker.publish(case)
    return case


async def submit_online(
    *, db_session: AsyncSession, caller: Caller, data: case_service.RegisterCase,
    attachment_tokens: list[str] | None = None,
) -> Case:
    """网上信访: a citizen submits a petition; the answer carries the query code.

    Photos and scans come as the signed tokens of `POST /public/attachments`; only files whose
    token verifies reach the registration, which links them in its own transaction."""
    await limiter.hit("public-submit", caller.ip, limit=caller.settings.public_submissions_per_ip_per_hour, window_seconds=3600)
    data.channel = Channel.ONLINE
    if data.kind == MatterKind.ACCUSATION and data.accused_unit_id is None:
        # "Not sure": the accusation concerns the unit the citizen addressed; it goes one level up.
        data.accused_unit_id = data.unit_id
    data.client_mutation_id = None
    data.attachment_ids = await _verified_uploads(db_session, caller, data.unit_id, attachment_tokens or [])
    data.attachments_field = "attachmentTokens"
    return await case_service.register(db_session=db_session, principal=None, data=data)


# --- citizens' photos and scans: a signed, expiring token instead of the file's id -------------

_UPLOAD = "upload"  # signed apart from rating links, so one kind of token never passes for the other


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(token: str) -> str:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


def upload_token(settings: Settings, attachment: Attachment, now: dt.datetime | None = None) -> tuple[str, dt.datetime]:
    """The token a citizen's browser keeps for an upload: file, county, expiry, HMAC signature."""
    expires = (now or utcnow()) + dt.timedelta(minutes=settings.public_upload_token_minutes)
    payload = f"{attachment.id}.{attachment.tenant_id}.{int(expires.timestamp())}"
    return _b64(f"{payload}.{_sign(settings.secret_key, f'{_UPLOAD}:{payload}')}"), expires


def read_upload_token(settings: Settings, token: str, now: dt.datetime) -> tuple[int, int]:
    """(attachment id, tenant id) of a genuine, unexpired token; refuses anything else."""
    try:
        attachment_id, tenant_id, expires, signature = _unb64((token or "")[:200]).split(".")
        genuine = hmac.compare_digest(
            signature, _sign(settings.secret_key, f"{_UPLOAD}:{attachment_id}.{tenant_id}.{expires}")
        )
        values = int(attachment_id), int(tenant_id), int(expires)
    except (ValueError, UnicodeDecodeError):
        genuine, values = False, (0, 0, 0)
    if not genuine:
        raise DomainError("INVALID", "error.UPLOAD_TOKEN_INVALID")
    if now.timestamp() > values[2]:
        raise DomainError(
            "EXPIRED", "error.UPLOAD_TOKEN_EXPIRED", hours=max(1, round(settings.public_upload_token_minutes / 60))
        )
    return values[0], values[1]


async def public_unit(db_session: AsyncSession, unit_id: int) -> Unit | None:
    """A unit a citizen may address (a county's, in service, of a level that takes cases)."""
    unit = await db_session.get(Unit, unit_id)
    if unit is None or unit.tenant_id is None or unit.retired_at is not None or unit.level not in case_service.CASE_LEVELS:
        return None
    return unit


async def count_upload(caller: Caller) -> None:
    """Every upload attempt counts against the address's hourly budget (before the body is read)."""
    await limiter.hit("public-upload", caller.ip, limit=caller.settings.public_uploads_per_ip_per_hour, window_seconds=3600)


async def keep_upload(
    *, db_session: AsyncSession, caller: Caller, unit_id: int, filename: str, data: bytes
) -> tuple[Attachment, str, dt.datetime]:
    """Store a citizen's photo or scan for the county of the chosen unit; answers its token."""
    unit = await public_unit(db_session, unit_id)
    if unit is None:
        raise DomainError(NOT_FOUND, field=["unitId"])
    attachment = await store.keep(
        db_session=db_session, settings=caller.settings, tenant_id=unit.tenant_id, user_id=None,
        filename=filename, data=data, accepted=store.PHOTOS_AND_SCANS,
    )
    await db_session.commit()
    token, expires = upload_token(caller.settings, attachment)
    return attachment, token, expires


async def _verified_uploads(db_session: AsyncSession, caller: Caller, unit_id: int, tokens: list[str]) -> list[int]:
    """The ids behind the tokens: genuine, unexpired, of the chosen unit's county, uploaded
    without an account and not yet sent with any petition. Any other token refuses the whole
    submission (nothing is created), each with its own message."""
    if not tokens:
        return []
    most = caller.settings.public_uploads_per_petition
    if len(tokens) > most:
        raise DomainError("TOO_MANY", field=["input", "attachmentTokens"], max=most)
    unit = await db_session.get(Unit, unit_id)
    if unit is None or unit.tenant_id is None:
        return []  # the registration refuses the unit itself; no file is linked
    check = Validator()
    now = utcnow()
    wanted: dict[int, list[str]] = {}
    for index, token in enumerate(tokens):
        field = ["input", "attachmentTokens", str(index)]
        try:
            attachment_id, tenant_id = read_upload_token(caller.settings, token, now)
        except DomainError as error:
            check.add(error.code, field, error.message_key, **error.params)
            continue
        if tenant_id != unit.tenant_id:
            check.add("INVALID", field, "error.UPLOAD_TOKEN_INVALID")
            continue
        wanted.setdefault(attachment_id, field)
    found = {a.id: a for a in await db_session.scalars(select(Attachment).where(Attachment.id.in_(wanted)))} if wanted else {}
    for attachment_id, field in wanted.items():
        attachment = found.get(attachment_id)
        if attachment is None or attachment.tenant_id != unit.tenant_id or attachment.uploaded_by_user_id is not None:
            check.add("INVALID", field, "error.UPLOAD_TOKEN_INVALID")
        elif attachment.linked:
            check.add("INVALID", field, "error.UPLOAD_TOKEN_USED")
    check.raise_if_any()
    return list(wanted)


# --- the signed single-use rating link printed as a QR code on the reply ----------------------

def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:32]


async def rating_link(*, db_session: AsyncSession, settings: Settings, principal: Principal, case: Case) -> str | None:
    """The token for the current reply round (reused while unused and unexpired), printed as a QR
    code on the reply letter: for the units handling the case only (None for anyone else)."""
    if not case_service.handles(principal, case) or not can_rate(case, utcnow()):
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
    return base64.urlsafe_b64encode(f"{payload}.{_sign(settings.secret_key, payload)}".encode()).decode().rstrip("=")


async def _by_link(db_session: AsyncSession, caller: Caller, token: str) -> tuple[Case, RatingLink]:
    await _limit(caller, None)
    try:
        raw = base64.urlsafe_b64decode((token or "")[:200] + "=" * (-len(token or "") % 4)).decode()
        case_id, nonce, signature = raw.split(".")
        valid = hmac.compare_digest(signature, _sign(caller.settings.secret_key, f"{case_id}.{nonce}"))
        pk = int(case_id)
    except (ValueError, UnicodeDecodeError):
        valid, pk, nonce = False, 0, ""
    link = await db_session.scalar(select(RatingLink).where(RatingLink.nonce == nonce)) if valid else None
    case = await db_session.get(Case, pk) if link is not None and link.case_id == pk else None
    if (
        case is None or link.used_at is not None or utcnow() > as_utc(link.expires_at)
        or link.reply_round != case.reply_round
    ):
        raise DomainError("NOT_FOUND", "error.LINK_INVALID")
    return case, link


async def case_by_link(*, db_session: AsyncSession, caller: Caller, token: str) -> Case | None:
    try:
        return (await _by_link(db_session, caller, token))[0]
    except DomainError as error:
        if error.code == "NOT_FOUND":
            return None
        raise


async def rate_by_link(
    *, db_session: AsyncSession, caller: Caller, token: str, level: Satisfaction, comment: str | None
) -> Case:
    case, link = await _by_link(db_session, caller, token)
    link.used_at = utcnow()
    return await _rate(db_session, case, level, comment, "LINK")

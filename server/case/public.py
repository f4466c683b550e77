"""The citizen's side, without an account: reaching one's case (this module), rating its answers
(`public_rating`), asking for 复查 / 复核 (`public_review`), submitting online with photos and
scans (`public_submission`), the units one may address (`public_units`).

A case is reached by query code + the last four digits of the phone, or by a signed single-use link
printed as a QR code on the reply letter. Every answer to a wrong code or phone is the same,
comparisons are constant-time, and attempts are rate-limited per address and per code, so
codes cannot be enumerated and nobody learns whether a phone number has cases.
"""
import base64
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.case import rules
from server.case.models import Case, Petitioner, RatingLink
from server.dates import as_utc, utcnow
from server.errors import DomainError
from server.ratelimit import limiter
from server.settings import Settings

_DUMMY_LAST4 = "0000"


@dataclass
class Caller:
    ip: str
    settings: Settings


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: rules.QUERY_CODE_LENGTH + 4]


async def limit_attempts(caller: Caller, code: str | None) -> None:
    await limiter.hit("public-ip", caller.ip, limit=caller.settings.public_rate_per_ip_per_minute, window_seconds=60)
    if code:
        await limiter.hit("public-code", code, limit=caller.settings.public_rate_per_code_per_hour, window_seconds=3600)


async def find(db_session: AsyncSession, caller: Caller, query_code: str, phone_last4: str) -> Case:
    """The case behind a code whose petitioner's phone ends in these digits — or one refusal."""
    code = normalise_code(query_code)
    await limit_attempts(caller, code)
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
        return await find(db_session, caller, query_code, phone_last4)
    except DomainError as error:
        if error.code == "NOT_FOUND":
            return None
        raise


def sign(secret: str, payload: str) -> str:
    """The HMAC of the public tokens (rating links, upload tokens), cut to 32 hex digits."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:32]


async def by_link(db_session: AsyncSession, caller: Caller, token: str) -> tuple[Case, RatingLink]:
    await limit_attempts(caller, None)
    try:
        raw = base64.urlsafe_b64decode((token or "")[:200] + "=" * (-len(token or "") % 4)).decode()
        case_id, nonce, signature = raw.split(".")
        valid = hmac.compare_digest(signature, sign(caller.settings.secret_key, f"{case_id}.{nonce}"))
        pk = int(case_id)
    except (ValueError, UnicodeDecodeError):
        valid, pk, nonce = False, 0, ""
    link = await db_session.scalar(select(RatingLink).where(RatingLink.nonce == nonce)) if valid else None
    case = await db_session.get(Case, pk) if link is not None and link.case_id == pk else None
    if (
        case is None or link is None or link.used_at is not None or utcnow() > as_utc(link.expires_at)
        or link.reply_round != case.reply_round
    ):
        raise DomainError("NOT_FOUND", "error.LINK_INVALID")
    return case, link


async def case_by_link(*, db_session: AsyncSession, caller: Caller, token: str) -> Case | None:
    try:
        return (await by_link(db_session, caller, token))[0]
    except DomainError as error:
        if error.code == "NOT_FOUND":
            return None
        raise



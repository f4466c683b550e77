"""网上信访: a citizen's online petition and its photos and scans, each upload answered with a
signed, expiring token instead of the file's id."""
import base64
import datetime as dt
import hmac

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import store
from server.attachment.models import Attachment
from server.case.models import Case, Channel, MatterKind
from server.case.public import Caller, sign
from server.case.registration import CASE_LEVELS, RegisterCase, register
from server.dates import utcnow
from server.errors import NOT_FOUND, DomainError, Validator
from server.ratelimit import limiter
from server.settings import Settings
from server.unit.models import Unit


async def submit_online(
    *, db_session: AsyncSession, caller: Caller, data: RegisterCase,
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
    return await register(db_session=db_session, principal=None, data=data)



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
    return _b64(f"{payload}.{sign(settings.secret_key, f'{_UPLOAD}:{payload}')}"), expires


def read_upload_token(settings: Settings, token: str, now: dt.datetime) -> tuple[int, int]:
    """(attachment id, tenant id) of a genuine, unexpired token; refuses anything else."""
    try:
        attachment_id, tenant_id, expires, signature = _unb64((token or "")[:200]).split(".")
        genuine = hmac.compare_digest(
            signature, sign(settings.secret_key, f"{_UPLOAD}:{attachment_id}.{tenant_id}.{expires}")
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
    if unit is None or unit.tenant_id is None or unit.retired_at is not None or unit.level not in CASE_LEVELS:
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
    if unit is None or unit.tenant_id is None:  # `public_unit` answers county units only
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

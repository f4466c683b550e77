"""Pure rules of a petition case: deadlines, masking, phone numbers, query codes. No I/O."""
import datetime as dt
import re
import secrets

from server.case.models import CaseStatus
from server.dates import deadline
from server.tenant.settings import TenantSettings

# 查询码 alphabet: no 0/O, 1/I/L, so it survives being read out on the phone.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 12  # 31^12 ≈ 7.9e17: guessing is hopeless even without rate limits

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")

COLLECTIVE_HEADCOUNT = 5  # 集体访: five or more people
MAX_HEADCOUNT = 100_000
MAX_PETITIONERS = 50


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_phone(phone: str) -> str | None:
    """Digits (and a landline's dashes) without spaces or a +86 prefix; None when not valid."""
    cleaned = re.sub(r"[\s()]", "", phone or "")
    if cleaned.startswith("+86"):
        cleaned = cleaned[3:]
    if MOBILE.match(cleaned) or LANDLINE.match(cleaned):
        return cleaned
    return None


def mask_name(name: str) -> str:
    """张三 → 张**: the surname stays, the length of the given name is hidden too."""
    return (name[:1] + "**") if name else ""


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; a landline keeps only its last four digits."""
    digits = phone.replace("-", "")
    if MOBILE.match(digits):
        return digits[:3] + "****" + digits[-4:]
    return "****" + digits[-4:] if len(digits) > 4 else "****"


def accept_due_at(registered_at: dt.datetime, settings: TenantSettings) -> dt.datetime:
    """信访工作条例 Art. 22/23: transferred or assigned within 15 days of registration."""
    return deadline(registered_at, settings.accept_days, settings.day_count)


def handle_due_at(accepted_at: dt.datetime, settings: TenantSettings) -> dt.datetime:
    """Art. 34: handled within 60 days of acceptance."""
    return deadline(accepted_at, settings.handle_days, settings.day_count)


def running_deadline(
    status: CaseStatus, accept_due: dt.datetime, handle_due: dt.datetime | None
) -> dt.datetime | None:
    """The deadline that applies in a status (None when nothing is due from the handlers)."""
    if status in (CaseStatus.REGISTERED, CaseStatus.FORWARDED):
        return accept_due
    if status in (CaseStatus.ACCEPTED, CaseStatus.ASSIGNED):
        return handle_due
    return None


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

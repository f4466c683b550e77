"""Pure rules of a petition case: deadlines, masking, phone numbers, query codes. No I/O."""
import datetime as dt
import enum
import re
import secrets

from server.case.models import OPEN_STATUSES, CaseEventKind, CaseStatus, Outcome, ReviewResult
from server.dates import DayCount, add_days, deadline, end_of_local_day, local_date
from server.errors import NOT_FOUND, DomainError
from server.tenant.settings import TenantSettings
from server.unit.models import UnitLevel, is_under

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
    status: CaseStatus,
    accept_due: dt.datetime,
    handle_due: dt.datetime | None,
    review_due: dt.datetime | None = None,
) -> dt.datetime | None:
    """The deadline that applies in a status (None when nothing is due from the handlers)."""
    if status in (CaseStatus.REGISTERED, CaseStatus.FORWARDED):
        return accept_due
    if status in (CaseStatus.ACCEPTED, CaseStatus.ASSIGNED):
        return handle_due
    if status in (CaseStatus.UNDER_REVIEW, CaseStatus.UNDER_REREVIEW):
        return review_due
    return None


def payload_fingerprint(data) -> str:
    """SHA-256 over what a registration says (a `RegisterCase`), whitespace-trimmed: the same
    idempotency key must come with the same payload."""
    import hashlib
    import json

    def clean(value):
        return value.strip() if isinstance(value, str) else value

    body = {
        "unit": data.unit_id, "channel": str(data.channel), "kind": str(data.kind), "title": clean(data.title),
        "content": clean(data.content), "category": clean(data.category), "headcount": data.headcount,
        "cause": clean(data.cause), "place": clean(data.place), "development": clean(data.development),
        "mediation": clean(data.mediation), "accused": data.accused_unit_id,
        "occurred": data.occurred_on.isoformat() if data.occurred_on else None,
        "petitioners": [[clean(p.name), normalise_phone(p.phone or "") or clean(p.phone)] for p in data.petitioners],
        "files": sorted(data.attachment_ids),
    }
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


# 包案: the leader must be able to handle the case — hold a role that may work it (record progress)
# at the handling unit or above it. A public rater or an assessor is not a handler.
HANDLING_PERMISSION = ("case", "progress")


def is_handling_role(authorizer, role: str, held_at: str, handler_path: str) -> bool:
    """Does `role`, held at the unit `held_at`, let its holder handle a case of `handler_path`?"""
    obj, act = HANDLING_PERMISSION
    return authorizer.allows(role, held_at, handler_path, obj, act)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------------------------------------
# The state machine. Every lifecycle step is an Action; `TRANSITIONS` says from which statuses
# it may be taken and where it leads (None: the status stays, e.g. a progress note).

class Action(enum.StrEnum):
    ACCEPT = "ACCEPT"  # 受理
    REJECT = "REJECT"  # 不予受理
    DECLINE_AGAIN = "DECLINE_AGAIN"  # 不再受理: the same facts as a concluded (三级终结) matter
    FORWARD = "FORWARD"  # 转送
    ASSIGN = "ASSIGN"  # 交办
    PROGRESS = "PROGRESS"  # 办理: notes, meetings, visits
    REQUEST_EXTENSION = "REQUEST_EXTENSION"  # 延期申请
    APPROVE_EXTENSION = "APPROVE_EXTENSION"
    REFUSE_EXTENSION = "REFUSE_EXTENSION"
    REPLY = "REPLY"  # 答复
    CLOSE = "CLOSE"  # 办结
    REQUEST_REVIEW = "REQUEST_REVIEW"  # 复查申请 (by the petitioner)
    DECIDE_REVIEW = "DECIDE_REVIEW"  # 复查意见
    REQUEST_REREVIEW = "REQUEST_REREVIEW"  # 复核申请
    DECIDE_REREVIEW = "DECIDE_REREVIEW"  # 复核意见 → 终结
    RATE = "RATE"  # 满意度评价
    SUPERVISE = "SUPERVISE"  # 督办
    REMIND = "REMIND"  # 催办
    FOLLOW_UP = "FOLLOW_UP"  # 回访 done after a dissatisfied rating


S = CaseStatus
_HANDLING = frozenset({S.ACCEPTED, S.ASSIGNED})
_OPEN = frozenset(OPEN_STATUSES)
_ANSWERED = frozenset({S.REPLIED, S.CLOSED})

TRANSITIONS: dict[Action, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    Action.ACCEPT: (frozenset({S.REGISTERED, S.FORWARDED}), S.ACCEPTED),
    Action.REJECT: (frozenset({S.REGISTERED, S.FORWARDED}), S.REJECTED),
    Action.DECLINE_AGAIN: (frozenset({S.REGISTERED, S.FORWARDED}), S.REJECTED),
    Action.FORWARD: (frozenset({S.REGISTERED, S.FORWARDED}), S.FORWARDED),
    Action.ASSIGN: (_HANDLING, S.ASSIGNED),
    Action.PROGRESS: (_HANDLING | {S.UNDER_REVIEW, S.UNDER_REREVIEW}, None),
    Action.REQUEST_EXTENSION: (_HANDLING, None),
    Action.APPROVE_EXTENSION: (_HANDLING, None),
    Action.REFUSE_EXTENSION: (_HANDLING, None),
    Action.REPLY: (_HANDLING, S.REPLIED),
    Action.CLOSE: (frozenset({S.REPLIED}), S.CLOSED),
    Action.REQUEST_REVIEW: (_ANSWERED, S.UNDER_REVIEW),
    Action.DECIDE_REVIEW: (frozenset({S.UNDER_REVIEW}), S.REPLIED),
    Action.REQUEST_REREVIEW: (_ANSWERED, S.UNDER_REREVIEW),
    Action.DECIDE_REREVIEW: (frozenset({S.UNDER_REREVIEW}), S.CONCLUDED),
    Action.RATE: (_ANSWERED | {S.CONCLUDED}, None),
    Action.SUPERVISE: (_OPEN, None),
    Action.REMIND: (_OPEN, None),
    Action.FOLLOW_UP: (frozenset(S), None),
}

# The Casbin action each step needs on the case.
PERMISSION = {
    Action.ACCEPT: "accept", Action.REJECT: "reject", Action.DECLINE_AGAIN: "reject", Action.FORWARD: "forward",
    Action.ASSIGN: "assign", Action.PROGRESS: "progress", Action.REQUEST_EXTENSION: "extend",
    Action.APPROVE_EXTENSION: "approve_extension", Action.REFUSE_EXTENSION: "approve_extension",
    Action.REPLY: "reply", Action.CLOSE: "close", Action.DECIDE_REVIEW: "review",
    Action.DECIDE_REREVIEW: "review", Action.SUPERVISE: "supervise", Action.REMIND: "supervise",
    Action.FOLLOW_UP: "flag",
}


# The timeline line each step writes (past tense: what happened).
E = CaseEventKind
EVENT_KIND: dict[Action, CaseEventKind] = {
    Action.ACCEPT: E.ACCEPTED, Action.REJECT: E.REJECTED, Action.DECLINE_AGAIN: E.DECLINED_AGAIN, Action.FORWARD: E.FORWARDED,
    Action.ASSIGN: E.ASSIGNED, Action.PROGRESS: E.NOTE_ADDED, Action.REQUEST_EXTENSION: E.EXTENSION_REQUESTED,
    Action.APPROVE_EXTENSION: E.EXTENSION_APPROVED, Action.REFUSE_EXTENSION: E.EXTENSION_REFUSED,
    Action.REPLY: E.REPLIED, Action.CLOSE: E.CLOSED, Action.REQUEST_REVIEW: E.REVIEW_REQUESTED,
    Action.DECIDE_REVIEW: E.REVIEWED, Action.REQUEST_REREVIEW: E.REREVIEW_REQUESTED,
    Action.DECIDE_REREVIEW: E.REREVIEWED, Action.RATE: E.RATED, Action.SUPERVISE: E.SUPERVISED,
    Action.REMIND: E.REMINDED, Action.FOLLOW_UP: E.FOLLOWED_UP,
}


def allowed_from(action: Action, status: CaseStatus) -> bool:
    return status in TRANSITIONS[action][0]


def next_status(action: Action, status: CaseStatus) -> CaseStatus:
    """Where a step leads; refuses a step that the current status does not allow."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise DomainError("INVALID_TRANSITION", "error.INVALID_TRANSITION", action=str(action), status=str(status))
    return target or status


def allowed_actions(status: CaseStatus) -> list[Action]:
    return [a for a, (sources, _) in TRANSITIONS.items() if status in sources]


def forwarded_accept_due_at(forwarded_at: dt.datetime, settings: TenantSettings) -> dt.datetime:
    """Art. 23: the receiving body decides on acceptance within 15 days of receiving it."""
    return deadline(forwarded_at, settings.accept_days, settings.day_count)


# 转送 goes to a body that can decide on acceptance: the county or a township (街道) — a village
# committee is not an organ that accepts petitions; its township does.
FORWARD_LEVELS = frozenset({UnitLevel.COUNTY, UnitLevel.TOWNSHIP})


def forward_refusal(case, target) -> DomainError | None:
    """Why a case may not be forwarded to `target` (a Unit), or None when it may.

    The same county, a unit that is still in service, of a level that accepts petitions, not the
    unit handling it now, and never the accused unit or anything under it (Art. 30)."""
    if target is None or target.tenant_id != case.tenant_id or target.retired_at is not None:
        return DomainError(NOT_FOUND, field=["unitId"])
    if target.level not in FORWARD_LEVELS:
        return DomainError("INVALID", "error.FORWARD_LEVEL", field=["unitId"])
    if target.id == case.handler_unit_id:
        return DomainError("INVALID", "error.FORWARD_SAME_UNIT", field=["unitId"])
    if case.accused_unit_path and is_under(target.path, case.accused_unit_path):
        return DomainError("FORBIDDEN", "error.FORWARD_TO_ACCUSED", field=["unitId"])
    return None


def extended_handle_due_at(handle_due: dt.datetime, days: int, settings: TenantSettings) -> dt.datetime:
    """Art. 34: one extension of at most 30 days, counted from the original deadline."""
    return end_of_local_day(add_days(local_date(handle_due), days, settings.day_count))


def review_due_at(requested_at: dt.datetime, settings: TenantSettings) -> dt.datetime:
    """Arts. 35/36: the review (or re-review) opinion is due within 30 days of the request."""
    return deadline(requested_at, settings.review_decide_days, settings.day_count)


def review_request_due_at(replied_at: dt.datetime, settings: TenantSettings) -> dt.datetime:
    """Arts. 35/36: the petitioner may ask within 30 days of the written reply (or opinion)."""
    return deadline(replied_at, settings.review_request_days, settings.day_count)


# ---------------------------------------------------------------------------------------------
# 复查 / 复核 意见: the reviewing body says whether it upholds, changes or revokes the answer it
# reviews (信访工作条例 Arts. 35/36).

OUTCOME_ZH = {Outcome.SUPPORTED: "支持", Outcome.EXPLAINED: "解释说明", Outcome.NOT_SUPPORTED: "不予支持"}
_RESULT_VERB_ZH = {ReviewResult.UPHELD: "维持", ReviewResult.CHANGED: "变更", ReviewResult.REVOKED: "撤销"}


def review_decision(
    result: ReviewResult | None, outcome: Outcome | None, reviewed: Outcome | None
) -> tuple[Outcome | None, list[DomainError]]:
    """The outcome a 复查 / 复核 opinion leaves in force, or why the decision is refused.

    `reviewed` is the outcome of the answer under review (the reply for a 复查, the 复查 opinion
    for a 复核). The reviewing body states its result; the outcome follows from it:

    - 维持 (UPHELD): the earlier opinion stands, so its outcome stays. The outcome may be left out
      (the reviewed one is kept); a different outcome contradicts 维持 and is refused — changing
      the outcome is a 变更 or 撤销.
    - 变更 (CHANGED) and 撤销 (REVOKED): the opinion is the new answer and must say its outcome.
      It may be the same category as before: 支持 / 解释说明 / 不予支持 are coarse, and a change of
      remedy or reasons (变更), or an opinion revoked for its procedure and given again by the
      reviewing body (撤销), can keep the category.
    """
    if result is None:
        return None, [DomainError("REQUIRED", "error.REVIEW_RESULT_REQUIRED", field=["result"])]
    if result == ReviewResult.UPHELD:
        if outcome is not None and reviewed is not None and outcome != reviewed:
            return None, [DomainError("INVALID", "error.REVIEW_UPHELD_OUTCOME", field=["outcome"])]
        kept = reviewed or outcome
        if kept is None:  # an answer recorded before outcomes were kept: the reviewer says it
            return None, [DomainError("REQUIRED", field=["outcome"])]
        return kept, []
    if outcome is None:
        return None, [DomainError("REQUIRED", "error.REVIEW_NEW_OUTCOME", field=["outcome"])]
    return outcome, []


def review_result_text(result: ReviewResult, *, rereview: bool) -> str:
    """维持原处理意见 / 变更原处理意见 / 撤销原处理意见; for a 复核, of the 复查意见."""
    return _RESULT_VERB_ZH[result] + ("复查意见" if rereview else "原处理意见")


def review_note(result: ReviewResult, reviewed: Outcome | None, outcome: Outcome, opinion: str, *, rereview: bool) -> str:
    """The timeline line of the decision: 【维持原处理意见（解释说明）】… or 【变更原处理意见：不予支持 → 支持】…"""
    text = review_result_text(result, rereview=rereview)
    if result == ReviewResult.UPHELD or reviewed is None:
        head = f"【{text}（{OUTCOME_ZH[outcome]}）】"
    else:
        head = f"【{text}：{OUTCOME_ZH[reviewed]} → {OUTCOME_ZH[outcome]}】"
    return head + opinion


# ---------------------------------------------------------------------------------------------
# Asking the level above: 复查 after the reply, 复核 after the 复查 opinion (Arts. 35/36). The body
# that acts is the unit above the one that answered; when it is outside the county (the city above
# the county, or the province above the city), the county bureau takes the request in this system
# and records the opinion it receives from that body.

REVIEW_ROUNDS = {1: Action.REQUEST_REVIEW, 2: Action.REQUEST_REREVIEW}


def review_request_refusal(case, now: dt.datetime, body) -> DomainError | None:
    """Why the petitioner may not ask for 复查 / 复核 now, or None when `requestReview` is accepted.

    The one rule behind `requestReview` and `trackCase.canRequestReview`: an answer in force
    (replied or closed) of the first or second round, within the 30 days of Art. 35/36, and a
    body above the one that answered (`body`, the Unit that reviews; None when there is none)."""
    from server.dates import as_utc

    if case.status not in _ANSWERED or case.reply_round not in REVIEW_ROUNDS:
        return DomainError("INVALID_TRANSITION", "error.REVIEW_CLOSED")
    if case.review_request_due_at is None or now > as_utc(case.review_request_due_at):
        return DomainError("INVALID_TRANSITION", "error.REVIEW_CLOSED")
    if body is None:
        return DomainError("INVALID", "error.REVIEW_NO_BODY")
    return None


def answering_unit_id(case) -> int | None:
    """The unit whose answer is in force: the handler's reply, or the body that gave the 复查 opinion."""
    if case.reply_round == 1:
        return case.handler_unit_id
    return case.review_body_unit_id or case.review_unit_id


def in_rereview(case) -> bool:
    """Is the current (or latest) review round a 复核?"""
    return case.status == CaseStatus.UNDER_REREVIEW or case.reply_round >= 3


def reviewed_outside(case, rereview: bool) -> bool:
    """Was (or is) this round's body outside the county, its opinion recorded by the county bureau?"""
    body = case.rereview_body_unit_id if rereview else case.review_body_unit_id
    return body is not None and body != case.review_unit_id


def issued_by(body_name: str, decided_by: str | None) -> str:
    """The issuer of a 复查 / 复核 opinion as printed and published: 青川市（青川市信访局 王某）."""
    return body_name + (f"（{decided_by}）" if decided_by else "")


# 信访工作条例 (2022) Art. 36, last sentence: the wording of a 不再受理 decision.
NOT_ACCEPTED_AGAIN_ZH = (
    "根据《信访工作条例》第三十六条，信访人对复核意见不服，仍以同一事实和理由提出信访事项的，"
    "信访部门和其他机关、单位不再受理。"
)


def not_accepted_again_reason(concluded_on: dt.date | None, note: str | None) -> str:
    """不再受理: the earlier matter's conclusion, the statute's sentence, and the officer's note."""
    head = f"您反映的事项已于{concluded_on.year}年{concluded_on.month}月{concluded_on.day}日复核终结。" if concluded_on else ""
    return head + NOT_ACCEPTED_AGAIN_ZH + (f"\n{note}" if note else "")


def rating_due_at(replied_at: dt.datetime, settings: TenantSettings) -> dt.datetime:
    """The rating window is a plain number of days for the citizen, whatever the tenant's mode."""
    return deadline(replied_at, settings.rating_window_days, DayCount.CALENDAR)


def running_deadline_of(case) -> dt.datetime | None:
    """The deadline running now for a case in its current status."""
    return running_deadline(case.status, case.accept_due_at, case.handle_due_at, case.review_due_at)


# ---------------------------------------------------------------------------------------------
# 重信重访: the same petitioner on a similar matter.

REPEAT_SIMILARITY = 60.0  # rapidfuzz score 0–100 on character bigrams


def _bigrams(text: str) -> str:
    cleaned = re.sub(r"[\s\W_]+", "", text or "")
    return " ".join(cleaned[i : i + 2] for i in range(max(len(cleaned) - 1, 1)))


def similarity(a: str, b: str) -> float:
    """How alike two Chinese texts are (0–100), robust to word order and small edits.

    Chinese has no spaces, so texts are compared as sets of character bigrams.
    """
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(_bigrams(a), _bigrams(b))


def is_same_matter(title_a: str, content_a: str, title_b: str, content_b: str) -> bool:
    return max(similarity(title_a, title_b), similarity(content_a, content_b)) >= REPEAT_SIMILARITY

"""Standard rates (及时受理率, 按期答复率, …) from case facts. Pure: facts in, counts and rates out.

The service turns case rows into `CaseFacts` (one per case, only what the rates need, no
personal data); `count_rates` decides, for one period, which cases were due and which were on
time. Rates the records cannot support yet come back `available=False` with the reason, never a
made-up figure: a county would rather see "not measured" than a wrong 100 %.

Period rules (all instants compared in UTC; the period is [start, end) in China time, turned
into UTC by the caller):
- 及时受理率: cases whose acceptance deadline fell in the period and had passed by `now` (or were
  decided earlier); on time when the first decision (受理, 不予受理, 转送, 交办) was by the deadline.
- 按期答复率 / 按期办结率: likewise with the handling deadline and the reply / closure time.
- 初信初访一次性办结率: first petitions closed in the period that were never taken to review.
- 化解率: cases replied in the period whose outcome was 支持 or 解释说明 and which were not taken to
  review (needs the outcome column).
- 满意率 / 参评率: replies in the period; rated; 满意 + 基本满意 over rated.
- 复查复核维持率: 复查 and 复核 decisions made in the period that upheld (维持) the answer under
  review, over all such decisions with a recorded result. The reviewing body states the result
  (维持 / 变更 / 撤销, server.case.rules.review_decision) and the case keeps `*_upheld` = stated 维持;
  decisions made before results were stated keep the value inferred then (upheld when the
  decision's outcome was the outcome of the answer it reviewed).
- 重信重访: repeat petitions registered in the period (needs the first-petition flag).
- 排查报告按时率: screening reports (server.screening) submitted by the last day of their period,
  over the periods of the unit and its subtree that ended in the period; the service counts them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from server.evaluation.rules import round2
from server.evaluation.scoring import RateCounts

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CaseFacts:
    registered_at: dt.datetime
    accept_due_at: dt.datetime
    decided_at: dt.datetime | None  # first of accepted/rejected/forwarded/assigned
    handle_due_at: dt.datetime | None
    replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    review_requested_at: dt.datetime | None
    rating: str | None  # SATISFIED / BASICALLY_SATISFIED / DISSATISFIED
    first_petition: bool | None = None  # None: the records do not say
    outcome: str | None = None  # SUPPORTED / EXPLAINED / NOT_SUPPORTED; None: not recorded
    case_id: int | None = None  # only to say which cases a figure counted (never shown to reviewers above)
    review_decided_at: dt.datetime | None = None  # 复查意见
    # The stated 维持 (inferred for decisions made before results were stated); None: no decision,
    # or one made before results were kept at all.
    review_upheld: bool | None = None
    rereview_decided_at: dt.datetime | None = None  # 复核意见
    rereview_upheld: bool | None = None


@dataclass(frozen=True)
class Rate:
    code: str
    label_zh: str
    label_en: str
    numerator: int
    denominator: int
    percent: Decimal | None  # two decimals; None with nothing to measure or not available
    available: bool = True
    note: str | None = None  # why unavailable, or what was counted
    inputs: dict | None = None  # JSON-ready detail of what was counted, where a rate has one

    @property
    def formula(self) -> str:
        if not self.available:
            return f"unavailable: {self.note}"
        if self.percent is None:
            return "nothing to measure"
        return f"{self.numerator} / {self.denominator} × 100 = {self.percent} %"


@dataclass(frozen=True)
class RateReport:
    rates: tuple[Rate, ...]
    counts: RateCounts  # what the county's points formula (scoring.standard_rates) takes
    repeat_petitions: int | None
    extra: dict = field(default_factory=dict)

    def get(self, code: str) -> Rate:
        return next(r for r in self.rates if r.code == code)


def _pct(numerator: int, denominator: int) -> Decimal | None:
    return round2(Decimal(numerator) * HUNDRED / denominator) if denominator else None


def _in(at: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return at is not None and start <= at < end


def rate(code: str, zh: str, en: str, numerator: int, denominator: int, note: str | None = None,
         inputs: dict | None = None) -> Rate:
    return Rate(code, zh, en, numerator, denominator, _pct(numerator, denominator), True, note, inputs)


@dataclass(frozen=True)
class ReviewDecision:
    case_id: int | None
    round: str  # REVIEW (复查) or REREVIEW (复核)
    decided_at: dt.datetime
    upheld: bool


def review_decisions(facts: list[CaseFacts], start: dt.datetime, end: dt.datetime) -> list[ReviewDecision]:
    """The 复查 and 复核 decisions made in [start, end) whose result is recorded, oldest first."""
    found = []
    for f in facts:
        for round_, at, upheld in (("REVIEW", f.review_decided_at, f.review_upheld),
                                   ("REREVIEW", f.rereview_decided_at, f.rereview_upheld)):
            if upheld is not None and _in(at, start, end):
                found.append(ReviewDecision(f.case_id, round_, at, upheld))
    return sorted(found, key=lambda d: (d.decided_at, d.case_id or 0))


def review_upheld_rate(facts: list[CaseFacts], start: dt.datetime, end: dt.datetime) -> Rate:
    """复查复核维持率 with its inputs: per round, decisions and upheld ones, and each decision."""
    decisions = review_decisions(facts, start, end)
    rounds = {
        r: {"decided": sum(1 for d in decisions if d.round == r),
            "upheld": sum(1 for d in decisions if d.round == r and d.upheld)}
        for r in ("REVIEW", "REREVIEW")
    }
    inputs = {
        **{r.lower(): v for r, v in rounds.items()},
        "decisions": [{"case_id": d.case_id, "round": d.round, "decided_at": d.decided_at.isoformat(),
                       "upheld": d.upheld} for d in decisions],
    }
    return rate("REVIEW_UPHELD", "复查复核维持率", "Upheld on review",
                sum(1 for d in decisions if d.upheld), len(decisions), inputs=inputs)


def unavailable(code: str, zh: str, en: str, reason: str) -> Rate:
    return Rate(code, zh, en, 0, 0, None, False, reason)


@dataclass(frozen=True)
class Tally:
    """What the counting rates count in a period (the database can count the same: service.py)."""

    accept_due: int = 0
    accepted_on_time: int = 0
    reply_due: int = 0
    replied_on_time: int = 0
    close_due: int = 0
    closed_on_time: int = 0
    replies: int = 0
    rated: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    first_closed: int = 0
    first_one_pass: int = 0
    resolved_base: int = 0
    resolved: int = 0
    repeats: int = 0


def tally(facts: list[CaseFacts], *, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> Tally:
    """Count the facts into the rates' numerators and denominators over [start, end)."""
    n = dict.fromkeys(Tally.__dataclass_fields__, 0)
    for f in facts:
        if _in(f.accept_due_at, start, end) and (f.accept_due_at <= now or f.decided_at is not None):
            n["accept_due"] += 1
            if f.decided_at is not None and f.decided_at <= f.accept_due_at:
                n["accepted_on_time"] += 1
        if f.handle_due_at is not None and _in(f.handle_due_at, start, end) and (
            f.handle_due_at <= now or f.replied_at is not None
        ):
            n["reply_due"] += 1
            if f.replied_at is not None and f.replied_at <= f.handle_due_at:
                n["replied_on_time"] += 1
        if f.handle_due_at is not None and _in(f.handle_due_at, start, end) and (
            f.handle_due_at <= now or f.closed_at is not None
        ):
            n["close_due"] += 1
            if f.closed_at is not None and f.closed_at <= f.handle_due_at:
                n["closed_on_time"] += 1
        if _in(f.replied_at, start, end):
            n["replies"] += 1
            if f.rating is not None:
                n["rated"] += 1
                n["satisfied"] += f.rating == "SATISFIED"
                n["basically_satisfied"] += f.rating == "BASICALLY_SATISFIED"
            if f.outcome is not None:
                n["resolved_base"] += 1
                if f.outcome in ("SUPPORTED", "EXPLAINED") and f.review_requested_at is None:
                    n["resolved"] += 1
        if f.first_petition and _in(f.closed_at, start, end):
            n["first_closed"] += 1
            if f.review_requested_at is None:
                n["first_one_pass"] += 1
        if f.first_petition is False and _in(f.registered_at, start, end):
            n["repeats"] += 1
    return Tally(**n)


def count_rates(
    facts: list[CaseFacts], *, start: dt.datetime, end: dt.datetime, now: dt.datetime,
    screening: tuple[int, int] | None = None,
) -> RateReport:
    """Rates of one unit (the facts of the cases of its subtree) over [start, end).

    `screening`: (reports filed on time, reports due) when the screening module can say; None
    leaves that rate unavailable.
    """
    return report(
        tally(facts, start=start, end=end, now=now), review_upheld_rate(facts, start, end), screening=screening,
        knows_first=any(f.first_petition is not None for f in facts),
        knows_outcome=any(f.outcome is not None for f in facts),
    )


def report(
    t: Tally, review_upheld: Rate, *, screening: tuple[int, int] | None, knows_first: bool, knows_outcome: bool
) -> RateReport:
    """The rates from a tally. `knows_first` / `knows_outcome`: whether the unit's records mark
    first petitions / reply outcomes at all (else those rates are unavailable, not zero)."""
    rates = [
        rate("TIMELY_ACCEPTANCE", "及时受理率", "Timely acceptance", t.accepted_on_time, t.accept_due),
        rate("ON_TIME_REPLY", "按期答复率", "On-time reply", t.replied_on_time, t.reply_due),
        rate("ON_TIME_CLOSURE", "按期办结率", "On-time closure", t.closed_on_time, t.close_due),
        rate("FIRST_PETITION_ONE_PASS", "初信初访一次性办结率", "First petitions closed in one pass",
             t.first_one_pass, t.first_closed) if knows_first else
        unavailable("FIRST_PETITION_ONE_PASS", "初信初访一次性办结率", "First petitions closed in one pass",
                    "the case records do not mark first petitions yet"),
        rate("RESOLUTION", "化解率", "Resolution", t.resolved, t.resolved_base) if knows_outcome else
        unavailable("RESOLUTION", "化解率", "Resolution", "the case records do not hold a reply outcome yet"),
        rate("SATISFACTION", "群众满意率", "Satisfaction", t.satisfied + t.basically_satisfied, t.rated),
        rate("PARTICIPATION", "群众参评率", "Rating participation", t.rated, t.replies),
        review_upheld,
        rate("SCREENING_ON_TIME", "排查报告按时率", "Screening reports on time", *screening) if screening else
        unavailable("SCREENING_ON_TIME", "排查报告按时率", "Screening reports on time",
                    "no screening report fell due in the period"),
    ]
    repeats = t.repeats if knows_first else None
    counts = RateCounts(
        accept_due=t.accept_due, accepted_on_time=t.accepted_on_time, reply_due=t.reply_due,
        replied_on_time=t.replied_on_time, replies=t.replies, rated=t.rated, satisfied=t.satisfied,
        basically_satisfied=t.basically_satisfied, repeat_petitions=repeats or 0,
    )
    return RateReport(tuple(rates), counts, repeats)

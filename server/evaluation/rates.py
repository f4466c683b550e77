"""Standard rates (及时受理率, 按期答复率, …) from case facts. Pure: facts in, counts and rates out.

The service turns case rows into `CaseFacts` (one per case, only what the rates need, no
personal data); `count_rates` decides, for one period, which cases were due and which were on
time. Rates the records cannot support yet come back `available=False` with the reason, never a
made-up figure: a county would rather see "not measured" than a wrong 100 %.

One definition of each rate, used by every output (the case view's rounds, the dashboard, the
annual review and its exports, the declaration documents, the public /sunshine page): the
database counts with `service.count_unit_rates`, whose conditions are these, tested equal.

Period rules (all instants compared in UTC; the period is [start, end) in China time, turned
into UTC by the caller). A case counts for a deadline rate exactly once, in the period of the
earlier of its act and its deadline — the day it was acted on in time, or the day its deadline
passed without it — so a case answered in time counts the day it is answered (not weeks later
when its deadline falls), and a late case counts the day it became late and stays there:
- 及时受理率: the first decision (受理, 不予受理, 转送, 交办) against the acceptance deadline;
  on time when decided by the deadline.
- 按期答复率: the first written answer (答复 of the handling round, `answered_at`; a later 复查/复核
  opinion is not the reply) against the handling deadline (with an approved extension).
- 按期办结率: likewise with the closure (办结) and the handling deadline.
- 初信初访一次性办结率: first petitions closed in the period that were never taken to review.
- 化解率: cases first answered in the period with a recorded outcome; resolved when the outcome
  was 支持 or 解释说明 and the petitioner did not ask for review.
- 集体访化解率 (seed 002 "五率"; the seed names it without a formula): the same count restricted to
  collective visits — cases brought in person (来访, 领导接访) by COLLECTIVE_HEADCOUNT or more
  people (seed 004's "5 人以上集体上访").
- 满意率 / 参评率: per reply round (答复, 复查意见, 复核意见): the rounds answered in the period;
  each round keeps its own rating (case_ratings), so a first round's 不满意 still counts after a
  复查 opinion opens the next round. 满意 + 基本满意 over rated rounds; rated over answered rounds.
- 复查复核维持率: 复查 and 复核 decisions made in the period that upheld (维持) the answer under
  review, over all such decisions with a recorded result. The reviewing body states the result
  (维持 / 变更 / 撤销, server.case.rules.review_decision) and the case keeps `*_upheld` = stated 维持;
  decisions made before results were stated keep the value inferred then (upheld when the
  decision's outcome was the outcome of the answer it reviewed).
- 重信重访: repeat petitions registered in the period (needs the first-petition flag).
- 重要信息上报率 (seed 002 "五率"; no formula in the seed): the escalation incidents (越级访,
  集体访, 极端事件, 舆情) of the subtree that occurred in the period and still count (not
  withdrawn); on time when recorded within the tenant's `info_report_hours` after the end of the
  (China) day it occurred.
- 排查报告按时率: screening reports (server.screening) submitted by the end of their due day, over
  the periods of the unit and its subtree that fell due in the period; the service counts them.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from server.case.rounds import ROUND_OF_ANSWER
from server.dates import CHINA
from server.evaluation.scoring.standard_rates import RateCounts
from server.evaluation.values import round2

HUNDRED = Decimal(100)


# 集体访: seed 004 "无到县 5 人以上集体上访" — a visit by five people or more.
COLLECTIVE_HEADCOUNT = 5
VISIT_CHANNELS = ("VISIT", "LEADER_RECEPTION")  # 来访, 领导接访: brought in person
RESOLVED_OUTCOMES = ("SUPPORTED", "EXPLAINED")  # 支持, 解释说明
# The written answers that open a rating round, and the round each opens (Case.reply_round:
# 1 答复, 2 复查意见, 3 复核意见; server.case.rounds).
ROUND_OF_DOCUMENT = {str(kind): n for kind, n in ROUND_OF_ANSWER.items()}


@dataclass(frozen=True)
class RoundFacts:
    """One reply round: when its answer was published, and the petitioner's rating of it."""

    round: int
    answered_at: dt.datetime
    rating: str | None  # SATISFIED / BASICALLY_SATISFIED / DISSATISFIED; None: not rated


@dataclass(frozen=True)
class CaseFacts:
    registered_at: dt.datetime
    accept_due_at: dt.datetime
    decided_at: dt.datetime | None  # first of accepted/rejected/forwarded/assigned
    handle_due_at: dt.datetime | None
    answered_at: dt.datetime | None  # the first written answer (答复), never a 复查/复核 opinion
    closed_at: dt.datetime | None
    review_requested_at: dt.datetime | None
    rounds: tuple[RoundFacts, ...] = ()  # every reply round with its own rating
    first_petition: bool | None = None  # None: the records do not say
    outcome: str | None = None  # SUPPORTED / EXPLAINED / NOT_SUPPORTED; None: not recorded
    case_id: int | None = None  # only to say which cases a figure counted (never shown to reviewers above)
    review_decided_at: dt.datetime | None = None  # 复查意见
    # The stated 维持 (inferred for decisions made before results were stated); None: no decision,
    # or one made before results were kept at all.
    review_upheld: bool | None = None
    rereview_decided_at: dt.datetime | None = None  # 复核意见
    rereview_upheld: bool | None = None
    headcount: int = 1
    channel: str | None = None


def is_collective_visit(f: CaseFacts) -> bool:
    return f.channel in VISIT_CHANNELS and f.headcount >= COLLECTIVE_HEADCOUNT


def counted_at(act: dt.datetime | None, due: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """When a deadline rate counts a case: the earlier of the act and its deadline, once that
    instant has come; None while neither has happened (or without a deadline)."""
    if due is None:
        return None
    at = due if act is None or act > due else act
    return at if at <= now else None


@dataclass(frozen=True)
class IncidentFacts:
    """An escalation incident (重要信息) as 重要信息上报率 sees it: no person in it."""

    occurred_on: dt.date
    recorded_at: dt.datetime
    counts: bool = True  # False: withdrawn after a contest


def info_report_deadline(occurred_on: dt.date, hours: int) -> dt.datetime:
    """Recorded on time: within `hours` after the end of the China day the incident occurred."""
    next_day = dt.datetime.combine(occurred_on + dt.timedelta(days=1), dt.time(), CHINA)
    return (next_day + dt.timedelta(hours=hours)).astimezone(dt.UTC)


def info_reported(incidents: list[IncidentFacts], first_day: dt.date, last_day: dt.date, hours: int
                  ) -> tuple[int, int]:
    """(incidents recorded on time, incidents) that occurred in the China days [first_day, last_day]."""
    counted = [i for i in incidents if i.counts and first_day <= i.occurred_on <= last_day]
    return sum(1 for i in counted if i.recorded_at <= info_report_deadline(i.occurred_on, hours)), len(counted)


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
    definition: tuple[str, str] | None = None  # (zh, en): what is counted, where the seed gives no formula

    @property
    def formula(self) -> str:
        return self.formula_in(en=False)

    def formula_in(self, *, en: bool) -> str:
        if not self.available:
            body = f"unavailable: {self.note}"
        elif self.percent is None:
            body = "nothing to measure"
        else:
            body = f"{self.numerator} / {self.denominator} × 100 = {self.percent} %"
        return f"{self.definition[1 if en else 0]}; {body}" if self.definition else body


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
         inputs: dict | None = None, definition: tuple[str, str] | None = None) -> Rate:
    if inputs is None:
        return _counted(code, zh, en, numerator, denominator, note, definition)
    return Rate(code, zh, en, numerator, denominator, _pct(numerator, denominator), True, note, inputs, definition)


@functools.lru_cache(maxsize=16384)
def _counted(code: str, zh: str, en: str, numerator: int, denominator: int, note: str | None,
             definition: tuple[str, str] | None) -> Rate:
    """A rate is a value (frozen, computed from its arguments alone): the province ranking builds
    one per unit and rate, most of them alike (small counts), so equal ones are made once."""
    return Rate(code, zh, en, numerator, denominator, _pct(numerator, denominator), True, note, None, definition)


# The formulas of the seed-002 rates the seed names without defining them (shown with the figure).
COLLECTIVE_DEFINITION = (
    f"集体访化解率 = 集体访（来访、领导接访，{COLLECTIVE_HEADCOUNT} 人以上）中首次答复为支持或解释说明且未申请复查的件数 "
    "÷ 本期首次答复且记录处理意见的集体访件数",
    f"Collective visits resolved = collective visits (in person, {COLLECTIVE_HEADCOUNT} people or more) first answered "
    "\"supported\" or \"explained\" and not taken to review ÷ collective visits first answered in the period with an outcome",
)


@functools.lru_cache(maxsize=64)
def info_definition(hours: int) -> tuple[str, str]:
    return (f"重要信息上报率 = 本期发生的越级访、集体访、极端事件、舆情（未撤销归属）中发生当日结束后 {hours} 小时内"
            "录入的件数 ÷ 本期发生的件数",
            f"Important information reported in time = incidents of the period (escalations, collective visits, extreme "
            f"incidents, media cases; not withdrawn) recorded within {hours} hours after the end of the day they "
            "occurred ÷ incidents of the period")


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
    collective_base: int = 0
    collective_resolved: int = 0
    repeats: int = 0


def tally(facts: list[CaseFacts], *, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> Tally:
    """Count the facts into the rates' numerators and denominators over [start, end)."""
    n = dict.fromkeys(Tally.__dataclass_fields__, 0)
    for f in facts:
        if _in(counted_at(f.decided_at, f.accept_due_at, now), start, end):
            n["accept_due"] += 1
            n["accepted_on_time"] += f.decided_at is not None and f.decided_at <= f.accept_due_at
        if _in(counted_at(f.answered_at, f.handle_due_at, now), start, end):
            n["reply_due"] += 1
            n["replied_on_time"] += f.answered_at is not None and f.answered_at <= f.handle_due_at
        if _in(counted_at(f.closed_at, f.handle_due_at, now), start, end):
            n["close_due"] += 1
            n["closed_on_time"] += f.closed_at is not None and f.closed_at <= f.handle_due_at
        for r in f.rounds:
            if _in(r.answered_at, start, end):
                n["replies"] += 1
                if r.rating is not None:
                    n["rated"] += 1
                    n["satisfied"] += r.rating == "SATISFIED"
                    n["basically_satisfied"] += r.rating == "BASICALLY_SATISFIED"
        if _in(f.answered_at, start, end) and f.outcome is not None:
            resolved = f.outcome in RESOLVED_OUTCOMES and f.review_requested_at is None
            n["resolved_base"] += 1
            n["resolved"] += resolved
            if is_collective_visit(f):
                n["collective_base"] += 1
                n["collective_resolved"] += resolved
        if f.first_petition and _in(f.closed_at, start, end):
            n["first_closed"] += 1
            if f.review_requested_at is None:
                n["first_one_pass"] += 1
        if f.first_petition is False and _in(f.registered_at, start, end):
            n["repeats"] += 1
    return Tally(**n)


def count_rates(
    facts: list[CaseFacts], *, start: dt.datetime, end: dt.datetime, now: dt.datetime,
    screening: tuple[int, int] | None = None, info: tuple[int, int] | None = None, info_hours: int = 24,
) -> RateReport:
    """Rates of one unit (the facts of the cases of its subtree) over [start, end).

    `screening`: (reports filed on time, reports due) when the screening module can say; None
    leaves that rate unavailable. `info`: `info_reported` of the subtree's incidents.
    """
    return report(
        tally(facts, start=start, end=end, now=now), review_upheld_rate(facts, start, end), screening=screening,
        knows_first=any(f.first_petition is not None for f in facts),
        knows_outcome=any(f.outcome is not None for f in facts), info=info, info_hours=info_hours,
    )


def counted_rates(t: Tally, *, knows_first: bool, knows_outcome: bool) -> tuple[Rate, ...]:
    """The rates counted from the cases and the reply rounds alone (`report`'s first eight, in its
    order; the province ranking shows these)."""
    return (
        rate("TIMELY_ACCEPTANCE", "及时受理率", "Timely acceptance", t.accepted_on_time, t.accept_due),
        rate("ON_TIME_REPLY", "按期答复率", "On-time reply", t.replied_on_time, t.reply_due),
        rate("ON_TIME_CLOSURE", "按期办结率", "On-time closure", t.closed_on_time, t.close_due),
        rate("FIRST_PETITION_ONE_PASS", "初信初访一次性办结率", "First petitions closed in one pass",
             t.first_one_pass, t.first_closed) if knows_first else
        unavailable("FIRST_PETITION_ONE_PASS", "初信初访一次性办结率", "First petitions closed in one pass",
                    "the case records do not mark first petitions yet"),
        rate("RESOLUTION", "化解率", "Resolution", t.resolved, t.resolved_base) if knows_outcome else
        unavailable("RESOLUTION", "化解率", "Resolution", "the case records do not hold a reply outcome yet"),
        rate("COLLECTIVE_RESOLUTION", "集体访化解率", "Collective visits resolved", t.collective_resolved,
             t.collective_base, definition=COLLECTIVE_DEFINITION) if knows_outcome else
        unavailable("COLLECTIVE_RESOLUTION", "集体访化解率", "Collective visits resolved",
                    "the case records do not hold a reply outcome yet"),
        rate("SATISFACTION", "群众满意率", "Satisfaction", t.satisfied + t.basically_satisfied, t.rated),
        rate("PARTICIPATION", "群众参评率", "Rating participation", t.rated, t.replies),
    )


def report(
    t: Tally, review_upheld: Rate, *, screening: tuple[int, int] | None, knows_first: bool, knows_outcome: bool,
    info: tuple[int, int] | None = None, info_hours: int = 24,
) -> RateReport:
    """The rates from a tally. `knows_first` / `knows_outcome`: whether the unit's records mark
    first petitions / reply outcomes at all (else those rates are unavailable, not zero).
    `info`: (incidents recorded on time, incidents) for 重要信息上报率 (`info_reported`)."""
    rates = [
        *counted_rates(t, knows_first=knows_first, knows_outcome=knows_outcome),
        review_upheld,
        rate("SCREENING_ON_TIME", "排查报告按时率", "Screening reports on time", *screening) if screening else
        unavailable("SCREENING_ON_TIME", "排查报告按时率", "Screening reports on time",
                    "no screening report fell due in the period"),
        rate("INFO_REPORTED", "重要信息上报率", "Important information reported in time", *(info or (0, 0)),
             definition=info_definition(info_hours)),
    ]
    repeats = t.repeats if knows_first else None
    counts = RateCounts(
        accept_due=t.accept_due, accepted_on_time=t.accepted_on_time, reply_due=t.reply_due,
        replied_on_time=t.replied_on_time, replies=t.replies, rated=t.rated, satisfied=t.satisfied,
        basically_satisfied=t.basically_satisfied, repeat_petitions=repeats or 0,
    )
    return RateReport(tuple(rates), counts, repeats)

"""The county's standard rates (及时受理率, 按期答复率, 参评群众满意率, 群众参评率) and their points,
computed from case counts (`RateCounts`, as `server.evaluation.rates` tallies them)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from server.evaluation.scoring.numbers import HUNDRED, ZERO, count
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY, ScoringPolicy
from server.evaluation.values import round2


@dataclass(frozen=True)
class RateCounts:
    """Counts for one unit and period, taken from the case records."""

    accept_due: int  # cases whose acceptance decision fell due in the period …
    accepted_on_time: int  # … of which decided (受理/不予受理/转送) by the deadline
    reply_due: int  # cases whose reply fell due …
    replied_on_time: int  # … of which replied by the deadline (incl. an approved extension)
    replies: int  # replies that could be rated
    rated: int  # … of which the petitioner rated
    satisfied: int  # … 满意
    basically_satisfied: int  # … 基本满意
    repeat_petitions: int = 0  # 重信重访 in the period


@dataclass(frozen=True)
class RateScore:
    code: str
    label_zh: str
    label_en: str
    numerator: int
    denominator: int
    rate: Decimal | None  # percent, two decimals; None with nothing to measure
    max_points: Decimal
    points: Decimal  # round2(rate ÷ 100 × max_points), from the shown rate
    formula: str


@dataclass(frozen=True)
class StandardRates:
    rates: tuple[RateScore, ...]
    gross: Decimal  # Σ points
    repeat_petitions: int
    repeat_deduction: Decimal  # repeat_petitions × points each
    total: Decimal  # max(0, gross − repeat_deduction)
    formula: str


def _rate(code: str, zh: str, en: str, numerator: int, denominator: int, max_points: Decimal,
          empty_points: Decimal, empty_reason: str) -> RateScore:
    if numerator > denominator:
        raise ValueError(f"{code}: {numerator} exceeds {denominator}")
    if denominator == 0:
        return RateScore(code, zh, en, 0, 0, None, max_points, empty_points, f"{empty_reason}: {empty_points}")
    rate = round2(Decimal(numerator) * HUNDRED / denominator)
    points = round2(rate * max_points / HUNDRED)
    return RateScore(code, zh, en, numerator, denominator, rate, max_points, points,
                     f"{numerator} / {denominator} × 100 = {rate} %; {rate} % × {max_points} = {points}")


def standard_rates(counts: RateCounts, policy: ScoringPolicy = DEFAULT_SCORING_POLICY) -> StandardRates:
    """The county's standard rates and their points, computed from counts (never typed in).

    With nothing to measure (no case due, no reply) a rate scores its full points: nothing was
    late. Satisfaction is the exception when there were replies but none was rated: unrated
    replies are no evidence of satisfaction, and full points would reward not asking.
    满意率 counts 满意 + 基本满意 over the replies rated; 参评率 is rated ÷ replies.
    """
    c = {name: count(getattr(counts, name), name) for name in (
        "accept_due", "accepted_on_time", "reply_due", "replied_on_time", "replies", "rated",
        "satisfied", "basically_satisfied", "repeat_petitions")}
    if c["rated"] > c["replies"]:
        raise ValueError(f"rated {c['rated']} exceeds replies {c['replies']}")
    pleased = c["satisfied"] + c["basically_satisfied"]
    if pleased > c["rated"]:
        raise ValueError(f"satisfied + basically_satisfied {pleased} exceeds rated {c['rated']}")
    rp = policy.rate_points
    rates = (
        _rate("TIMELY_ACCEPTANCE", "及时受理率", "Timely acceptance rate", c["accepted_on_time"], c["accept_due"],
              rp.timely_acceptance, rp.timely_acceptance, "no case due for acceptance"),
        _rate("ON_TIME_REPLY", "按期答复率", "On-time reply rate", c["replied_on_time"], c["reply_due"],
              rp.on_time_reply, rp.on_time_reply, "no reply due"),
        _rate("SATISFACTION", "参评群众满意率", "Satisfaction rate of those who rated", pleased, c["rated"],
              rp.satisfaction, rp.satisfaction if c["replies"] == 0 else ZERO,
              "no reply to rate" if c["replies"] == 0 else "replies but no rating"),
        _rate("PARTICIPATION", "群众参评率", "Rating participation rate", c["rated"], c["replies"],
              rp.participation, rp.participation, "no reply to rate"),
    )
    gross = sum((r.points for r in rates), ZERO)
    deduction = round2(c["repeat_petitions"] * rp.repeat_petition_deduction)
    total = max(ZERO, gross - deduction)
    formula = (f"{' + '.join(str(r.points) for r in rates)} = {gross}; "
               f"{gross} − {c['repeat_petitions']} × {rp.repeat_petition_deduction} = {total}")
    return StandardRates(rates, gross, c["repeat_petitions"], deduction, total, formula)

"""Standard rates from case facts, counted by hand."""
import datetime as dt

from server.evaluation.rates import CaseFacts, count_rates

UTC = dt.UTC
START = dt.datetime(2026, 1, 1, tzinfo=UTC)
END = dt.datetime(2027, 1, 1, tzinfo=UTC)
NOW = dt.datetime(2026, 6, 30, tzinfo=UTC)


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=UTC)


def facts(**kw) -> CaseFacts:
    base = dict(registered_at=d(1, 5), accept_due_at=d(1, 20), decided_at=None, handle_due_at=None,
                replied_at=None, closed_at=None, review_requested_at=None, rating=None)
    base.update(kw)
    return CaseFacts(**base)


def test_timely_acceptance_counts_cases_due_and_decided_by_the_deadline():
    report = count_rates([
        facts(decided_at=d(1, 10)),  # on time
        facts(decided_at=d(1, 20)),  # on the deadline itself: on time
        facts(decided_at=d(1, 21)),  # late
        facts(),  # due, never decided: late
        facts(accept_due_at=d(7, 10)),  # not yet due and undecided: not counted
        facts(accept_due_at=d(7, 10), decided_at=d(6, 1)),  # decided early: counted, on time
    ], start=START, end=END, now=NOW)
    rate = report.get("TIMELY_ACCEPTANCE")
    assert (rate.numerator, rate.denominator, str(rate.percent)) == (3, 5, "60.00")


def test_reply_satisfaction_and_participation():
    report = count_rates([
        facts(handle_due_at=d(3, 1), replied_at=d(2, 1), rating="SATISFIED"),
        facts(handle_due_at=d(3, 1), replied_at=d(3, 2), rating="DISSATISFIED"),
        facts(handle_due_at=d(3, 1), replied_at=d(2, 20), rating="BASICALLY_SATISFIED"),
        facts(handle_due_at=d(3, 1), replied_at=d(2, 25)),
    ], start=START, end=END, now=NOW)
    assert (report.get("ON_TIME_REPLY").numerator, report.get("ON_TIME_REPLY").denominator) == (3, 4)
    assert str(report.get("SATISFACTION").percent) == "66.67"  # (1 + 1) / 3
    assert str(report.get("PARTICIPATION").percent) == "75.00"  # 3 / 4
    assert report.counts.rated == 3 and report.counts.satisfied == 1 and report.counts.basically_satisfied == 1


def test_rates_the_records_cannot_support_are_unavailable_not_invented():
    report = count_rates([facts()], start=START, end=END, now=NOW)
    for code in ("FIRST_PETITION_ONE_PASS", "RESOLUTION", "SCREENING_ON_TIME"):
        rate = report.get(code)
        assert rate.available is False and rate.percent is None and rate.note, code
    assert report.repeat_petitions is None


def test_first_petition_and_repeat_counts_when_the_records_have_the_flag():
    report = count_rates([
        facts(first_petition=True, closed_at=d(4, 1)),
        facts(first_petition=True, closed_at=d(4, 1), review_requested_at=d(4, 20)),
        facts(first_petition=False, registered_at=d(5, 1)),
    ], start=START, end=END, now=NOW, screening=(9, 12))
    one_pass = report.get("FIRST_PETITION_ONE_PASS")
    assert (one_pass.numerator, one_pass.denominator) == (1, 2)
    assert report.repeat_petitions == 1 and report.counts.repeat_petitions == 1
    assert str(report.get("SCREENING_ON_TIME").percent) == "75.00"


def test_nothing_due_gives_no_percentage():
    report = count_rates([], start=START, end=END, now=NOW)
    assert report.get("TIMELY_ACCEPTANCE").percent is None
    assert report.get("TIMELY_ACCEPTANCE").formula == "nothing to measure"


def test_review_upheld_counts_review_and_rereview_decisions_of_the_period_by_hand():
    """Decisions with a recorded result in 2026 (upheld = the reviewer stated 维持; 变更 and 撤销 are not):
    case 1: 复查 on 3 Feb stated 维持;
    case 2: 复查 on 10 Mar stated 撤销, then 复核 on 20 May stated 维持;
    case 3: 复查 on 1 Apr stated 维持, 复核 on 2 Jun stated 变更;
    case 4: 复查 on 30 Dec 2025 stated 维持 — before the period, not counted;
    case 5: a review requested but not decided — nothing recorded, not counted;
    case 6: decided before results were kept at all (upheld unknown) — not counted.
    复查: 3 decided (1, 2, 3), upheld 2 (1, 3); 复核: 2 decided (2, 3), upheld 1 (2).
    Rate = (2 + 1) / (3 + 2) = 3 / 5 = 60.00 %."""
    report = count_rates([
        facts(case_id=1, review_decided_at=d(2, 3), review_upheld=True),
        facts(case_id=2, review_decided_at=d(3, 10), review_upheld=False,
              rereview_decided_at=d(5, 20), rereview_upheld=True),
        facts(case_id=3, review_decided_at=d(4, 1), review_upheld=True,
              rereview_decided_at=d(6, 2), rereview_upheld=False),
        facts(case_id=4, review_decided_at=dt.datetime(2025, 12, 30, tzinfo=UTC), review_upheld=True),
        facts(case_id=5, review_requested_at=d(6, 1)),
        facts(case_id=6, review_decided_at=d(5, 5), review_upheld=None),
    ], start=START, end=END, now=NOW)
    rate = report.get("REVIEW_UPHELD")
    assert (rate.numerator, rate.denominator, str(rate.percent)) == (3, 5, "60.00")
    assert rate.available and rate.formula == "3 / 5 × 100 = 60.00 %"
    assert rate.inputs["review"] == {"decided": 3, "upheld": 2}
    assert rate.inputs["rereview"] == {"decided": 2, "upheld": 1}
    assert [(x["case_id"], x["round"], x["upheld"]) for x in rate.inputs["decisions"]] == [
        (1, "REVIEW", True), (2, "REVIEW", False), (3, "REVIEW", True), (2, "REREVIEW", True), (3, "REREVIEW", False)]


def test_review_upheld_with_no_decision_in_the_period_has_nothing_to_measure():
    report = count_rates([facts(review_decided_at=dt.datetime(2025, 6, 1, tzinfo=UTC), review_upheld=False)],
                         start=START, end=END, now=NOW)
    rate = report.get("REVIEW_UPHELD")
    assert rate.available and rate.percent is None and rate.denominator == 0

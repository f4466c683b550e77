"""Standard rates from case facts, counted by hand."""
import datetime as dt

from server.evaluation.rates import CaseFacts, IncidentFacts, RoundFacts, count_rates, info_reported

UTC = dt.UTC
START = dt.datetime(2026, 1, 1, tzinfo=UTC)
END = dt.datetime(2027, 1, 1, tzinfo=UTC)
NOW = dt.datetime(2026, 6, 30, tzinfo=UTC)


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=UTC)


def facts(**kw) -> CaseFacts:
    base = dict(registered_at=d(1, 5), accept_due_at=d(1, 20), decided_at=None, handle_due_at=None,
                answered_at=None, closed_at=None, review_requested_at=None)
    base.update(kw)
    return CaseFacts(**base)


def test_timely_acceptance_counts_each_case_once_at_the_earlier_of_its_decision_and_its_deadline():
    report = count_rates([
        facts(decided_at=d(1, 10)),  # on time
        facts(decided_at=d(1, 20)),  # on the deadline itself: on time
        facts(decided_at=d(1, 21)),  # late: counted when the deadline passed (20 Jan)
        facts(),  # due, never decided: late
        facts(accept_due_at=d(7, 10)),  # not yet due and undecided: not counted
        facts(accept_due_at=d(7, 10), decided_at=d(6, 1)),  # decided early: counted, on time
    ], start=START, end=END, now=NOW)
    rate = report.get("TIMELY_ACCEPTANCE")
    assert (rate.numerator, rate.denominator, str(rate.percent)) == (3, 5, "60.00")


def test_a_case_answered_in_time_counts_the_day_it_is_answered_not_when_its_deadline_falls():
    """The county saw 按期答复率 "无统计对象" the day a case was answered in time: its deadline was
    next month. Now the period of the answer counts it (June); the period of the deadline (July)
    does not count it again; a late answer counts once, in the period its deadline passed."""
    answered_in_time = facts(handle_due_at=d(7, 20), answered_at=d(6, 29))
    answered_late = facts(handle_due_at=d(5, 20), answered_at=d(6, 10))
    june = dict(start=d(6, 1), end=d(7, 1), now=NOW)
    july = dict(start=d(7, 1), end=d(8, 1), now=d(8, 15))
    may = dict(start=d(5, 1), end=d(6, 1), now=NOW)
    on_time = count_rates([answered_in_time], **june).get("ON_TIME_REPLY")
    assert (on_time.numerator, on_time.denominator) == (1, 1)
    assert count_rates([answered_in_time], **july).get("ON_TIME_REPLY").denominator == 0
    assert (count_rates([answered_late], **may).get("ON_TIME_REPLY").numerator,
            count_rates([answered_late], **may).get("ON_TIME_REPLY").denominator) == (0, 1)
    assert count_rates([answered_late], **june).get("ON_TIME_REPLY").denominator == 0


def test_reply_satisfaction_and_participation_count_each_round_with_its_own_rating():
    report = count_rates([
        facts(handle_due_at=d(3, 1), answered_at=d(2, 1), rounds=(RoundFacts(1, d(2, 1), "SATISFIED"),)),
        facts(handle_due_at=d(3, 1), answered_at=d(3, 2), rounds=(RoundFacts(1, d(3, 2), "DISSATISFIED"),)),
        facts(handle_due_at=d(3, 1), answered_at=d(2, 20), rounds=(RoundFacts(1, d(2, 20), "BASICALLY_SATISFIED"),)),
        facts(handle_due_at=d(3, 1), answered_at=d(2, 25), rounds=(RoundFacts(1, d(2, 25), None),)),
    ], start=START, end=END, now=NOW)
    assert (report.get("ON_TIME_REPLY").numerator, report.get("ON_TIME_REPLY").denominator) == (3, 4)
    assert str(report.get("SATISFACTION").percent) == "66.67"  # (1 + 1) / 3
    assert str(report.get("PARTICIPATION").percent) == "75.00"  # 3 / 4
    assert report.counts.rated == 3 and report.counts.satisfied == 1 and report.counts.basically_satisfied == 1


def test_the_first_rounds_dissatisfied_rating_still_counts_after_a_review_opinion():
    """A 不满意 on the 答复 (round 1), then a 复查 opinion rated 满意 (round 2): two rounds, two
    ratings — 满意率 1 / 2 — and the first answer stays the reply 按期答复率 judges."""
    case = facts(handle_due_at=d(3, 1), answered_at=d(2, 1), review_requested_at=d(2, 10),
                 review_decided_at=d(3, 5), review_upheld=True,
                 rounds=(RoundFacts(1, d(2, 1), "DISSATISFIED"), RoundFacts(2, d(3, 5), "SATISFIED")))
    report = count_rates([case], start=START, end=END, now=NOW)
    assert (report.counts.replies, report.counts.rated, report.counts.satisfied) == (2, 2, 1)
    assert str(report.get("SATISFACTION").percent) == "50.00"
    assert (report.get("ON_TIME_REPLY").numerator, report.get("ON_TIME_REPLY").denominator) == (1, 1)
    # Each round counts in the period of its own answer: February has the 不满意 only.
    feb = count_rates([case], start=d(2, 1), end=d(3, 1), now=NOW)
    assert (feb.counts.rated, feb.counts.satisfied, feb.get("SATISFACTION").percent) == (1, 0, 0)


def test_collective_visit_resolution_counts_visits_of_five_people_or_more():
    """Seed 002: "努力提高“五率”即：初信初访办结率、案件处理率、集体访化解率、“上访老户”稳控率、重要信息上报率"
    — named without a formula. 集体访 as seed 004 counts it: "5 人以上集体上访", brought in person
    (来访 / 领导接访); resolved like 化解率 (支持 or 解释说明, no review asked)."""
    visit = dict(channel="VISIT", answered_at=d(3, 1))
    report = count_rates([
        facts(**visit, headcount=5, outcome="SUPPORTED"),  # collective, resolved
        facts(**visit, headcount=12, outcome="EXPLAINED", review_requested_at=d(3, 20)),  # reviewed: not resolved
        facts(**visit, headcount=6, outcome="NOT_SUPPORTED"),  # not resolved
        facts(channel="LEADER_RECEPTION", answered_at=d(3, 1), headcount=7, outcome="EXPLAINED"),  # resolved
        facts(**visit, headcount=4, outcome="SUPPORTED"),  # four people: not collective
        facts(channel="LETTER", answered_at=d(3, 1), headcount=30, outcome="SUPPORTED"),  # a letter: not a visit
        facts(channel="VISIT", headcount=9, outcome="SUPPORTED"),  # not answered yet: not counted
    ], start=START, end=END, now=NOW)
    rate = report.get("COLLECTIVE_RESOLUTION")
    assert (rate.numerator, rate.denominator, str(rate.percent)) == (2, 4, "50.00")
    assert rate.formula.startswith("集体访化解率 = ") and "5 人以上" in rate.formula
    assert rate.formula.endswith("2 / 4 × 100 = 50.00 %")
    assert (report.get("RESOLUTION").numerator, report.get("RESOLUTION").denominator) == (4, 6)


def test_important_information_reported_within_the_tenants_hours_after_the_day():
    """Seed 002 names 重要信息上报率 among the 五率 without a formula: the incidents of the period
    (not withdrawn), on time when recorded within `info_report_hours` after the end of the China
    day they occurred."""
    china = dt.timezone(dt.timedelta(hours=8))
    day = dt.date(2026, 3, 10)
    incidents = [
        IncidentFacts(day, dt.datetime(2026, 3, 10, 9, tzinfo=china)),  # the same day: on time
        IncidentFacts(day, dt.datetime(2026, 3, 11, 23, 59, tzinfo=china)),  # within 24 h after the day
        IncidentFacts(day, dt.datetime(2026, 3, 12, 0, 1, tzinfo=china)),  # later: late
        IncidentFacts(day, dt.datetime(2026, 3, 10, 9, tzinfo=china), counts=False),  # withdrawn: not counted
        IncidentFacts(dt.date(2025, 12, 31), dt.datetime(2026, 1, 1, 9, tzinfo=china)),  # another period
    ]
    assert info_reported(incidents, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 24) == (2, 3)
    assert info_reported(incidents, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 48) == (3, 3)
    report = count_rates([], start=START, end=END, now=NOW, info=(2, 3), info_hours=24)
    rate = report.get("INFO_REPORTED")
    assert str(rate.percent) == "66.67" and "24 小时内" in rate.formula


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


def test_the_new_rates_say_their_formula_in_chinese_and_english():
    report = count_rates([facts(channel="VISIT", headcount=5, answered_at=d(3, 1), outcome="SUPPORTED")],
                         start=START, end=END, now=NOW, info=(1, 2), info_hours=12)
    collective, info = report.get("COLLECTIVE_RESOLUTION"), report.get("INFO_REPORTED")
    assert collective.formula_in(en=True).startswith("Collective visits resolved = ")
    assert collective.formula_in(en=True).endswith("1 / 1 × 100 = 100.00 %")
    assert "12 小时内" in info.formula and "within 12 hours after the end of the day" in info.formula_in(en=True)
    assert report.get("ON_TIME_REPLY").formula_in(en=True) == report.get("ON_TIME_REPLY").formula

"""The "三无" rule engine against the seeds' own wording (seed 004 default; seeds 000, 002, 003)."""
import datetime as dt
import itertools
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.evaluation.sanwu.criteria import SanwuCriterion
from server.evaluation.sanwu.parsing import TemplateError
from server.evaluation.sanwu.rules import accountability, evaluate_sanwu, incident_deductions, targets_progress
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.templates import (
    BUILT_IN_TEMPLATES,
    DEFAULT_TEMPLATE_CODE,
    SEED_000,
    SEED_002,
    SEED_004,
    built_in_template_data,
)
from server.evaluation.sanwu.vocabulary import (
    AccountabilityLevel,
    CountBy,
    DestinationLevel,
    IncidentKind,
    SanwuIncident,
    UnitTier,
    kinds_reaching,
    possible_destinations,
)
from server.evaluation.values import plain

K = IncidentKind
COUNTY, TOWNSHIP, VILLAGE = UnitTier.COUNTY, UnitTier.TOWNSHIP, UnitTier.VILLAGE
_ids = itertools.count(1)


def inc(kind: IncidentKind, headcount: int = 1, id: str | None = None) -> SanwuIncident:
    return SanwuIncident(id or f"i{next(_ids)}", kind, headcount, dt.date(2018, 6, 1))


def failed(template: SanwuRule, tier: UnitTier, *incidents: SanwuIncident, backlog: int = 0) -> set[str]:
    result = evaluate_sanwu(template, tier, incidents, overdue_backlog=backlog)
    assert result.qualifies == (not result.failed)
    return set(result.failed_codes)


def test_default_template_is_seed_004() -> None:
    assert DEFAULT_TEMPLATE_CODE == "SEED_004"
    assert [c.code for c in SEED_004.criteria(COUNTY)] == [
        "NO_BEIJING_PETITION", "NO_LARGE_COLLECTIVE_ABOVE_COUNTY", "NO_EXTREME_OR_MEDIA_HYPE"]


def test_no_incidents_qualifies_at_every_tier_of_every_template() -> None:
    for template in BUILT_IN_TEMPLATES.values():
        for tier in UnitTier:
            result = evaluate_sanwu(template, tier, [])
            assert result.qualifies and result.failed == ()
            assert all(c.passed for c in result.criteria)


# --- seed 004, 三无县: 没有发生进京越级上访（含涉法涉诉）和非接待场所有关人员；
#     没有发生到县以上（不含县）超过 50 人的集体上访；无因信访问题引发的极端恶性事件和舆论负面炒作

@pytest.mark.parametrize("kind", [K.BEIJING_ESCALATED, K.BEIJING_NON_RECEPTION])
def test_county_beijing_escalated_or_non_reception_fails(kind: IncidentKind) -> None:
    assert failed(SEED_004, COUNTY, inc(kind)) == {"NO_BEIJING_PETITION"}


def test_county_escalation_below_beijing_does_not_break_county() -> None:
    assert failed(SEED_004, COUNTY, inc(K.PROVINCE_ESCALATED), inc(K.CITY_ESCALATED)) == set()


@pytest.mark.parametrize("kind", [K.COLLECTIVE_TO_CITY, K.COLLECTIVE_ABOVE_COUNTY])
def test_county_collective_above_county_50_passes_51_fails(kind: IncidentKind) -> None:
    # 超过 50 人: 50 is not more than 50.
    assert failed(SEED_004, COUNTY, inc(kind, 50)) == set()
    assert failed(SEED_004, COUNTY, inc(kind, 51)) == {"NO_LARGE_COLLECTIVE_ABOVE_COUNTY"}


def test_county_collective_to_the_county_itself_never_counts() -> None:
    # 到县以上（不含县）: a crowd at the county's own door is not above the county.
    assert failed(SEED_004, COUNTY, inc(K.COLLECTIVE_TO_COUNTY, 500)) == set()


def test_county_large_escalated_group_is_also_a_large_collective_petition() -> None:
    # 51 people recorded as 赴省越级访 are a collective petition of more than 50 above the county.
    assert failed(SEED_004, COUNTY, inc(K.PROVINCE_ESCALATED, 51)) == {"NO_LARGE_COLLECTIVE_ABOVE_COUNTY"}
    assert failed(SEED_004, COUNTY, inc(K.BEIJING_ESCALATED, 51)) == {
        "NO_BEIJING_PETITION", "NO_LARGE_COLLECTIVE_ABOVE_COUNTY"}


@pytest.mark.parametrize("tier", list(UnitTier))
@pytest.mark.parametrize("kind", [K.EXTREME_INCIDENT, K.MEDIA_HYPE])
def test_extreme_incident_or_media_hype_fails_every_tier(tier: UnitTier, kind: IncidentKind) -> None:
    assert failed(SEED_004, tier, inc(kind)) == {"NO_EXTREME_OR_MEDIA_HYPE"}


# --- seed 004, 三无乡镇: 没有发生进京赴省越级上访（含涉法涉诉）和非接待场所有关人员；
#     无到市 5 人（包含 5 人）以上集体上访

@pytest.mark.parametrize("kind", [K.BEIJING_ESCALATED, K.BEIJING_NON_RECEPTION, K.PROVINCE_ESCALATED])
def test_township_beijing_or_province_escalation_fails(kind: IncidentKind) -> None:
    assert failed(SEED_004, TOWNSHIP, inc(kind)) == {"NO_BEIJING_PROVINCE_PETITION"}


def test_township_single_petitioner_at_the_city_does_not_break_township() -> None:
    assert failed(SEED_004, TOWNSHIP, inc(K.CITY_ESCALATED, 4)) == set()


def test_township_collective_to_city_4_passes_5_fails() -> None:
    assert failed(SEED_004, TOWNSHIP, inc(K.COLLECTIVE_TO_CITY, 4)) == set()
    assert failed(SEED_004, TOWNSHIP, inc(K.COLLECTIVE_TO_CITY, 5)) == {"NO_COLLECTIVE_TO_CITY"}


def test_township_collective_beyond_the_city_counts_as_to_the_city() -> None:
    # Destination at or above the city: going further is at least as severe.
    assert failed(SEED_004, TOWNSHIP, inc(K.COLLECTIVE_ABOVE_COUNTY, 4)) == set()
    assert failed(SEED_004, TOWNSHIP, inc(K.COLLECTIVE_ABOVE_COUNTY, 5)) == {"NO_COLLECTIVE_TO_CITY"}
    assert failed(SEED_004, TOWNSHIP, inc(K.CITY_ESCALATED, 5)) == {"NO_COLLECTIVE_TO_CITY"}
    assert failed(SEED_004, TOWNSHIP, inc(K.PROVINCE_ESCALATED, 5)) == {
        "NO_BEIJING_PROVINCE_PETITION", "NO_COLLECTIVE_TO_CITY"}


def test_township_collective_to_the_county_does_not_break_township() -> None:
    assert failed(SEED_004, TOWNSHIP, inc(K.COLLECTIVE_TO_COUNTY, 80)) == set()


# --- seed 004, 三无村（居）: 没有发生进京、赴省、赴市越级上访（含涉法涉诉）和非接待场所有关人员；
#     无到县 5 人（包含 5 人）以上集体上访

@pytest.mark.parametrize(
    "kind", [K.BEIJING_ESCALATED, K.BEIJING_NON_RECEPTION, K.PROVINCE_ESCALATED, K.CITY_ESCALATED])
def test_village_any_escalation_fails(kind: IncidentKind) -> None:
    assert failed(SEED_004, VILLAGE, inc(kind)) == {"NO_BEIJING_PROVINCE_CITY_PETITION"}


def test_village_collective_to_county_4_passes_5_fails() -> None:
    assert failed(SEED_004, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 4)) == set()
    assert failed(SEED_004, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 5)) == {"NO_COLLECTIVE_TO_COUNTY"}


@pytest.mark.parametrize("kind", [K.COLLECTIVE_TO_CITY, K.COLLECTIVE_ABOVE_COUNTY])
def test_village_collective_to_city_or_above_breaks_to_county_criterion(kind: IncidentKind) -> None:
    # A group of five that went past the county is at least as severe as one that stopped there.
    assert failed(SEED_004, VILLAGE, inc(kind, 4)) == set()
    assert failed(SEED_004, VILLAGE, inc(kind, 5)) == {"NO_COLLECTIVE_TO_COUNTY"}


def test_result_names_each_failed_criterion_its_labels_and_incidents() -> None:
    a = inc(K.COLLECTIVE_TO_COUNTY, 5, id="a")
    b = inc(K.COLLECTIVE_TO_COUNTY, 4, id="b")  # below the threshold: judged, not blamed
    c = inc(K.CITY_ESCALATED, 6, id="c")  # an escalation and a collective petition at once
    d = inc(K.MEDIA_HYPE, id="d")
    result = evaluate_sanwu(SEED_004, VILLAGE, [a, b, c, d])
    assert not result.qualifies
    assert result.incident_ids == ("a", "b", "c", "d")
    by_code = {o.code: o for o in result.failed}
    assert list(by_code) == ["NO_BEIJING_PROVINCE_CITY_PETITION", "NO_COLLECTIVE_TO_COUNTY",
                             "NO_EXTREME_OR_MEDIA_HYPE"]
    assert by_code["NO_BEIJING_PROVINCE_CITY_PETITION"].incident_ids == ("c",)
    assert by_code["NO_COLLECTIVE_TO_COUNTY"].incident_ids == ("a", "c")
    assert by_code["NO_EXTREME_OR_MEDIA_HYPE"].incident_ids == ("d",)
    collective = by_code["NO_COLLECTIVE_TO_COUNTY"]
    assert collective.label_zh == "无到县5人（包含5人）以上集体上访"
    assert collective.label_en.startswith("No collective petition of 5 or more")
    assert (collective.headcount.comparison.value, collective.headcount.value) == (">=", 5)
    assert K.COLLECTIVE_TO_COUNTY in collective.counted_kinds
    assert K.EXTREME_INCIDENT not in collective.counted_kinds
    json.dumps(plain(result), ensure_ascii=False)  # the UI gets it as JSON


# --- seed 000: 无进京非正常上访、无进京越级上访、无到省集访

@pytest.mark.parametrize("tier", list(UnitTier))
def test_seed_000_each_criterion(tier: UnitTier) -> None:
    assert failed(SEED_000, tier, inc(K.BEIJING_NON_RECEPTION)) == {"NO_BEIJING_ABNORMAL_PETITION"}
    assert failed(SEED_000, tier, inc(K.BEIJING_ESCALATED)) == {"NO_BEIJING_ESCALATED_PETITION"}
    assert failed(SEED_000, tier, inc(K.PROVINCE_ESCALATED, 4)) == set()
    assert failed(SEED_000, tier, inc(K.PROVINCE_ESCALATED, 5)) == {"NO_COLLECTIVE_TO_PROVINCE"}
    # Seed 000 names no city or county criterion, nor extreme incidents.
    assert failed(SEED_000, tier, inc(K.COLLECTIVE_TO_CITY, 40), inc(K.CITY_ESCALATED),
                  inc(K.EXTREME_INCIDENT)) == set()


def test_seed_000_collective_above_county_counts_as_possibly_at_the_province() -> None:
    # COLLECTIVE_ABOVE_COUNTY with no recorded destination does not say whether the group stopped
    # at the city; on that doubt it is counted (and named in the result).
    assert failed(SEED_000, TOWNSHIP, inc(K.COLLECTIVE_ABOVE_COUNTY, 5)) == {"NO_COLLECTIVE_TO_PROVINCE"}
    assert failed(SEED_000, TOWNSHIP, inc(K.COLLECTIVE_TO_CITY, 5)) == set()


# --- seed 002: 无到市赴省进京非正常访、无越级集体访、无信访积案

@pytest.mark.parametrize("tier", list(UnitTier))
def test_seed_002_backlog_0_passes_1_fails_with_the_count(tier: UnitTier) -> None:
    assert failed(SEED_002, tier, backlog=0) == set()
    result = evaluate_sanwu(SEED_002, tier, [], overdue_backlog=1)
    (outcome,) = result.failed
    assert (outcome.code, outcome.label_zh) == ("NO_PETITION_BACKLOG", "无信访积案")
    assert (outcome.overdue_backlog, outcome.max_overdue_backlog, outcome.incident_ids) == (1, 0, ())


@pytest.mark.parametrize("tier", list(UnitTier))
def test_seed_002_abnormal_petition(tier: UnitTier) -> None:
    assert failed(SEED_002, tier, inc(K.BEIJING_NON_RECEPTION)) == {"NO_ABNORMAL_PETITION_CITY_PROVINCE_BEIJING"}
    # A lone escalated petition is an 越级访, which seed 002 lists apart from 非正常访.
    assert failed(SEED_002, tier, inc(K.PROVINCE_ESCALATED), inc(K.BEIJING_ESCALATED)) == set()


def test_seed_002_escalated_collective_petition_is_read_per_tier() -> None:
    code = {"NO_ESCALATED_COLLECTIVE_PETITION"}
    # village: the township is the next level, so the county already is 越级
    assert failed(SEED_002, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 4)) == set()
    assert failed(SEED_002, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 5)) == code
    # township: the county is the next level; the city is 越级
    assert failed(SEED_002, TOWNSHIP, inc(K.COLLECTIVE_TO_COUNTY, 30)) == set()
    assert failed(SEED_002, TOWNSHIP, inc(K.COLLECTIVE_TO_CITY, 5)) == code
    # county: the city is the next level; the province is 越级
    assert failed(SEED_002, COUNTY, inc(K.COLLECTIVE_TO_CITY, 30)) == set()
    assert failed(SEED_002, COUNTY, inc(K.PROVINCE_ESCALATED, 5)) == code
    assert failed(SEED_002, COUNTY, inc(K.COLLECTIVE_ABOVE_COUNTY, 5)) == code


# --- caller's contract

def test_unverified_incident_is_rejected_not_counted() -> None:
    unverified = SanwuIncident("x", K.BEIJING_ESCALATED, 1, dt.date(2018, 5, 1), verified=False)
    with pytest.raises(ValueError, match="not verified"):
        evaluate_sanwu(SEED_004, VILLAGE, [unverified])
    with pytest.raises(ValueError, match="not verified"):
        accountability(SEED_004, [unverified])


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="twice"):
        evaluate_sanwu(SEED_004, VILLAGE, [inc(K.MEDIA_HYPE, id="d"), inc(K.EXTREME_INCIDENT, id="d")])
    with pytest.raises(ValueError, match="headcount"):
        evaluate_sanwu(SEED_004, VILLAGE, [inc(K.MEDIA_HYPE, 0)])
    with pytest.raises(ValueError, match="overdue_backlog"):
        evaluate_sanwu(SEED_002, VILLAGE, [], overdue_backlog=-1)


def test_tier_missing_from_template_is_an_error() -> None:
    data = built_in_template_data("SEED_004")
    del data["tiers"]["COUNTY"]
    with pytest.raises(TemplateError, match="no criteria for COUNTY"):
        evaluate_sanwu(SanwuRule.from_dict(data), COUNTY, [])


# --- templates as data

@pytest.mark.parametrize("code", sorted(BUILT_IN_TEMPLATES))
def test_built_in_templates_round_trip_through_json(code: str) -> None:
    template = BUILT_IN_TEMPLATES[code]
    data = json.loads(json.dumps(template.to_dict(), ensure_ascii=False))
    again = SanwuRule.from_dict(data)
    assert again == template
    assert again.to_dict() == data


def test_edited_template_round_trips_and_changes_the_outcome() -> None:
    data = built_in_template_data("SEED_004")
    data["tiers"]["VILLAGE"][1]["headcount"] = {"op": ">", "value": 5}  # a county makes it "more than 5"
    edited = SanwuRule.from_dict(json.loads(json.dumps(data)))
    assert SanwuRule.from_dict(edited.to_dict()) == edited
    assert edited != SEED_004
    assert failed(edited, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 5)) == set()
    assert failed(edited, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 6)) == {"NO_COLLECTIVE_TO_COUNTY"}
    # the built-in is untouched by editing its copy
    assert failed(SEED_004, VILLAGE, inc(K.COLLECTIVE_TO_COUNTY, 5)) == {"NO_COLLECTIVE_TO_COUNTY"}


def test_hand_built_template_equals_its_parsed_form() -> None:
    template = SanwuRule(
        code="MINI", name_zh="小", name_en="Mini", source="test",
        tiers={VILLAGE: (SanwuCriterion("A", "甲", "A", kinds=(K.MEDIA_HYPE, K.BEIJING_ESCALATED)),)},
    )
    assert SanwuRule.from_dict(template.to_dict()) == template
    assert template.to_dict()["tiers"]["VILLAGE"][0]["kinds"] == ["BEIJING_ESCALATED", "MEDIA_HYPE"]


@pytest.mark.parametrize("edit, path", [
    (lambda d: d.update(colour="red"), ""),
    (lambda d: d["tiers"]["VILLAGE"][0].update(kind=["MEDIA_HYPE"]), "tiers.VILLAGE[0]"),
    (lambda d: d["tiers"]["VILLAGE"][0].update(kinds=["RIOT"]), "tiers.VILLAGE[0].kinds[0]"),
    (lambda d: d["tiers"]["VILLAGE"][0].update(kinds=[]), "tiers.VILLAGE[0]"),
    (lambda d: d["tiers"]["VILLAGE"][0].update(max_overdue_backlog=0), "tiers.VILLAGE[0]"),
    (lambda d: d["tiers"]["VILLAGE"][1]["headcount"].update(op="=>"), "tiers.VILLAGE[1].headcount.op"),
    (lambda d: d["tiers"]["VILLAGE"][1]["headcount"].update(value=0), "tiers.VILLAGE[1].headcount.value"),
    (lambda d: d["tiers"]["VILLAGE"][1].update(destination_at_or_above="MOON"),
     "tiers.VILLAGE[1].destination_at_or_above"),
    (lambda d: d["tiers"]["VILLAGE"][1].update(code="NO_BEIJING_PROVINCE_CITY_PETITION"), "tiers.VILLAGE"),
    (lambda d: d["tiers"].update(VILLAGE=[]), "tiers.VILLAGE"),
    (lambda d: d["tiers"].update(HAMLET=d["tiers"]["VILLAGE"]), "tiers.HAMLET"),
    (lambda d: d["accountability"]["thresholds"].reverse(), "accountability.thresholds[1]"),
    (lambda d: d["accountability"]["thresholds"][0].update(level="NONE"), "accountability.thresholds[0].level"),
    (lambda d: d["accountability"].update(count_by="HEADS"), "accountability.count_by"),
    (lambda d: d["deductions"]["per_incident"].update(MEDIA_HYPE="-1"), "deductions.per_incident.MEDIA_HYPE"),
    (lambda d: d["targets"][0].update(min_percent="140"), "targets[0].min_percent"),
    (lambda d: d["targets"][0].update(scope="VILLAGE"), "targets[0].scope"),
    (lambda d: d.update(schema_version=2), "schema_version"),
])
def test_invalid_template_is_rejected_with_the_field_path(edit, path: str) -> None:
    data = built_in_template_data("SEED_004")
    edit(data)
    with pytest.raises(TemplateError) as error:
        SanwuRule.from_dict(data)
    assert error.value.path == path


def test_destination_levels_reach_upwards() -> None:
    assert kinds_reaching(DestinationLevel.BEIJING) == (
        K.BEIJING_ESCALATED, K.BEIJING_NON_RECEPTION, K.COLLECTIVE_ABOVE_COUNTY)
    assert K.COLLECTIVE_TO_COUNTY in kinds_reaching(DestinationLevel.COUNTY)
    assert K.COLLECTIVE_TO_COUNTY not in kinds_reaching(DestinationLevel.CITY)
    assert K.EXTREME_INCIDENT not in kinds_reaching(DestinationLevel.COUNTY)


# --- accountability (seed 003): 1 人次 → 诫勉谈话; 2 人次（含）以上 → 一票否决

def test_accountability_0_1_2_incidents() -> None:
    none = accountability(SEED_004, [inc(K.BEIJING_ESCALATED), inc(K.MEDIA_HYPE)])  # other kinds: not counted
    assert (none.level, none.count, none.incident_ids, none.vetoed) == (AccountabilityLevel.NONE, 0, (), False)
    one = accountability(SEED_004, [inc(K.BEIJING_NON_RECEPTION, id="n1")])
    assert (one.level, one.count, one.incident_ids) == (AccountabilityLevel.ADMONITION, 1, ("n1",))
    two = accountability(SEED_004, [inc(K.BEIJING_NON_RECEPTION, id="n1"), inc(K.BEIJING_NON_RECEPTION, id="n2")])
    assert (two.level, two.count, two.incident_ids, two.vetoed) == (AccountabilityLevel.VETO, 2, ("n1", "n2"), True)
    three = accountability(SEED_004, [inc(K.BEIJING_NON_RECEPTION) for _ in range(3)])
    assert three.level is AccountabilityLevel.VETO


def test_accountability_counts_person_times_as_seed_003_words_it() -> None:
    group_of_two = [inc(K.BEIJING_NON_RECEPTION, 2)]
    outcome = accountability(SEED_004, group_of_two)
    assert (outcome.count_by, outcome.count, outcome.level) == (CountBy.PERSON_TIMES, 2, AccountabilityLevel.VETO)
    data = built_in_template_data("SEED_004")
    data["accountability"]["count_by"] = "INCIDENTS"
    by_incident = accountability(SanwuRule.from_dict(data), group_of_two)
    assert (by_incident.count, by_incident.level) == (1, AccountabilityLevel.ADMONITION)


def test_template_without_accountability_rule() -> None:
    data = built_in_template_data("SEED_004")
    data["accountability"] = None
    outcome = accountability(SanwuRule.from_dict(data), [inc(K.BEIJING_NON_RECEPTION, 9)])
    assert (outcome.level, outcome.count, outcome.count_by) == (AccountabilityLevel.NONE, 0, None)


# --- deductions

def test_incident_deductions_sum_per_kind_and_cap() -> None:
    d = incident_deductions(SEED_004, [inc(K.COLLECTIVE_TO_COUNTY, 6, id="a"), inc(K.MEDIA_HYPE, id="b")])
    # SEED_004 defaults: COLLECTIVE_TO_COUNTY 1.00, MEDIA_HYPE 5.00 → 6.00, under the 30.00 cap
    assert [(i.incident_id, i.points) for i in d.items] == [("a", Decimal("1.00")), ("b", Decimal("5.00"))]
    assert (d.gross, d.total) == (Decimal("6.00"), Decimal("6.00"))
    capped = incident_deductions(SEED_004, [inc(K.EXTREME_INCIDENT) for _ in range(4)])
    assert (capped.gross, capped.cap, capped.total) == (Decimal("40.00"), Decimal("30.00"), Decimal("30.00"))


# --- targets: seed 004 三无乡镇 40 %, 三无村（居）50 %; seed 002 三无村 90 % of the township's villages

@pytest.mark.parametrize("template, tier, qualifying, total, actual, met", [
    (SEED_004, TOWNSHIP, 4, 10, "40.00", True),
    (SEED_004, TOWNSHIP, 2, 5, "40.00", True),
    (SEED_004, TOWNSHIP, 3, 10, "30.00", False),
    (SEED_004, TOWNSHIP, 7, 18, "38.89", False),
    (SEED_004, TOWNSHIP, 8, 20, "40.00", True),
    (SEED_004, VILLAGE, 5, 10, "50.00", True),
    (SEED_004, VILLAGE, 4, 9, "44.44", False),
    (SEED_004, VILLAGE, 99, 199, "49.75", False),
    (SEED_004, VILLAGE, 100, 199, "50.25", True),
    (SEED_002, VILLAGE, 9, 10, "90.00", True),
    (SEED_002, VILLAGE, 8, 9, "88.89", False),
    (SEED_002, VILLAGE, 17, 19, "89.47", False),
    (SEED_002, VILLAGE, 18, 20, "90.00", True),
    (SEED_002, VILLAGE, 10, 10, "100.00", True),
])
def test_targets_at_their_boundaries(template, tier, qualifying, total, actual, met) -> None:
    progress = targets_progress(template, tier, qualifying, total)
    assert progress.actual_percent == Decimal(actual)
    assert progress.met is met
    assert progress.target_percent == template.target(tier).min_percent


def test_target_compares_exactly_not_on_the_rounded_percentage() -> None:
    # 79,999 / 200,000 = 39.9995 %, shown 40.00 (half up) yet short of 40 %.
    progress = targets_progress(SEED_004, TOWNSHIP, 79_999, 200_000)
    assert progress.actual_percent == Decimal("40.00")
    assert progress.met is False


def test_target_edge_cases() -> None:
    county = targets_progress(SEED_004, COUNTY, 1, 1)  # seed 004 sets no share of counties
    assert (county.target_percent, county.met, county.actual_percent) == (None, None, Decimal("100.00"))
    empty = targets_progress(SEED_004, VILLAGE, 0, 0)
    assert (empty.actual_percent, empty.met) == (None, False)
    assert targets_progress(SEED_002, VILLAGE, 1, 1).scope is TOWNSHIP
    assert targets_progress(SEED_000, VILLAGE, 1, 1).target_percent is None
    with pytest.raises(ValueError):
        targets_progress(SEED_004, VILLAGE, 3, 2)


# --- properties

_kinds = st.sampled_from(list(IncidentKind))
_incidents = st.lists(st.tuples(_kinds, st.integers(1, 120)), max_size=6)


@given(before=_incidents, more=_incidents, tier=st.sampled_from(list(UnitTier)),
       code=st.sampled_from(sorted(BUILT_IN_TEMPLATES)), backlog=st.integers(0, 3))
def test_more_incidents_never_make_a_unit_qualify(before, more, tier, code, backlog) -> None:
    template = BUILT_IN_TEMPLATES[code]
    first = [SanwuIncident(f"a{n}", k, h, dt.date(2018, 1, 1)) for n, (k, h) in enumerate(before)]
    extra = [SanwuIncident(f"b{n}", k, h, dt.date(2018, 1, 1)) for n, (k, h) in enumerate(more)]
    small = evaluate_sanwu(template, tier, first, backlog)
    large = evaluate_sanwu(template, tier, first + extra, backlog)
    assert set(small.failed_codes) <= set(large.failed_codes)
    for outcome in large.failed:
        assert outcome.incident_ids or outcome.overdue_backlog  # every failure has a cause


# --- a recorded destination decides over the kind's own

def test_recorded_destination_settles_a_collective_petition_above_the_county() -> None:
    to_city = SanwuIncident("c", K.COLLECTIVE_ABOVE_COUNTY, 5, dt.date(2018, 6, 1), destination=DestinationLevel.CITY)
    to_province = SanwuIncident("p", K.COLLECTIVE_ABOVE_COUNTY, 5, dt.date(2018, 6, 1), destination="PROVINCE")
    assert failed(SEED_000, TOWNSHIP, to_city) == set()
    assert failed(SEED_000, TOWNSHIP, to_province) == {"NO_COLLECTIVE_TO_PROVINCE"}
    # …and a city destination still breaks the township's "到市 5 人以上" of seed 004
    assert failed(SEED_004, TOWNSHIP, to_city) == {"NO_COLLECTIVE_TO_CITY"}


def test_destination_must_fit_the_kind() -> None:
    assert possible_destinations(K.COLLECTIVE_ABOVE_COUNTY) == (
        DestinationLevel.CITY, DestinationLevel.PROVINCE, DestinationLevel.BEIJING)
    assert possible_destinations(K.COLLECTIVE_TO_COUNTY) == (DestinationLevel.COUNTY,)
    assert possible_destinations(K.MEDIA_HYPE) == ()
    wrong = SanwuIncident("w", K.COLLECTIVE_TO_COUNTY, 5, dt.date(2018, 6, 1), destination=DestinationLevel.CITY)
    with pytest.raises(ValueError, match="cannot have gone"):
        evaluate_sanwu(SEED_004, VILLAGE, [wrong])
    with pytest.raises(ValueError):
        SanwuIncident("x", "RIOT", 5, dt.date(2018, 6, 1))


def test_incident_accepts_stored_string_values() -> None:
    stored = SanwuIncident("s", "COLLECTIVE_TO_COUNTY", 5, dt.date(2018, 6, 1), destination="COUNTY")
    assert stored.kind is K.COLLECTIVE_TO_COUNTY and stored.destination is DestinationLevel.COUNTY
    assert failed(SEED_004, VILLAGE, stored) == {"NO_COLLECTIVE_TO_COUNTY"}

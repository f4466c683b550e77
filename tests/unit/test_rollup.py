"""属地 roll-up of incidents (server.evaluation.rollup) judged by the seed templates, tier by tier.

Seed 004 (二、创建目标及标准) certifies a unit's whole jurisdiction: a county is 三无 when
"没有发生进京越级上访（含涉法涉诉）和非接待场所有关人员", a township when "没有发生进京赴省越级上访", a
village when "没有发生进京、赴省、赴市越级上访" — so an incident attributed to a village counts for its
township and its county too.
"""
import datetime as dt

import pytest

from server.evaluation.rollup import RecordedIncident, Share, UnitRef, explain, roll_up
from server.evaluation.sanwu.rules import accountability, evaluate_sanwu, incident_deductions
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.templates import SEED_004, SEED_004_DATA
from server.evaluation.sanwu.vocabulary import AccountabilityLevel, ConsequenceScope, DestinationLevel, IncidentKind, UnitTier

COUNTY = UnitRef(1, "/99/9901/990122", "县")
T1 = UnitRef(2, "/99/9901/990122/001", "城关镇")
T2 = UnitRef(3, "/99/9901/990122/002", "柳河镇")
T1V1 = UnitRef(4, "/99/9901/990122/001/001", "东村")
T1V2 = UnitRef(5, "/99/9901/990122/001/002", "西村")
T2V1 = UnitRef(6, "/99/9901/990122/002/001", "南村")
# A township whose code starts like T1's: /0011 is not under /001.
T11 = UnitRef(7, "/99/9901/990122/0011", "新镇")
UNITS = [COUNTY, T1, T2, T1V1, T1V2, T2V1, T11]
TIER = {COUNTY.id: UnitTier.COUNTY, T1.id: UnitTier.TOWNSHIP, T2.id: UnitTier.TOWNSHIP, T11.id: UnitTier.TOWNSHIP,
        T1V1.id: UnitTier.VILLAGE, T1V2.id: UnitTier.VILLAGE, T2V1.id: UnitTier.VILLAGE}
DAY = dt.date(2026, 5, 10)


def incident(n: int, kind: IncidentKind, *shares: tuple[UnitRef, int], day: dt.date = DAY,
             destination: DestinationLevel | None = None) -> RecordedIncident:
    return RecordedIncident(str(n), kind, day, destination, tuple(Share(u, h) for u, h in shares))


def qualifies(template: SanwuRule, *incidents: RecordedIncident) -> dict[str, bool]:
    views = roll_up(UNITS, incidents, template.consequences)
    return {u.name: evaluate_sanwu(template, TIER[u.id], views[u.id].judged()).qualifies for u in UNITS}


def test_a_village_beijing_escalation_fails_its_township_and_county_not_the_sibling_township():
    """Seed 004: county "没有发生进京越级上访（含涉法涉诉）", township "没有发生进京赴省越级上访",
    village "没有发生进京、赴省、赴市越级上访" — a village's 进京 breaks all three."""
    result = qualifies(SEED_004, incident(1, IncidentKind.BEIJING_ESCALATED, (T1V1, 1)))
    assert result == {"县": False, "城关镇": False, "柳河镇": True, "东村": False, "西村": True, "南村": True,
                      "新镇": True}


def test_a_village_city_escalation_fails_the_village_only():
    """"赴市越级上访" is in the village criterion only: the township ("进京赴省") and the county
    ("进京") are still 三无."""
    result = qualifies(SEED_004, incident(1, IncidentKind.CITY_ESCALATED, (T2V1, 1)))
    assert not result["南村"] and result["柳河镇"] and result["县"]


def test_a_village_province_escalation_fails_village_and_township_not_the_county():
    result = qualifies(SEED_004, incident(1, IncidentKind.PROVINCE_ESCALATED, (T2V1, 1)))
    assert (result["南村"], result["柳河镇"], result["县"]) == (False, False, True)


@pytest.mark.parametrize(("headcount", "fails"), [(4, False), (5, True)])
def test_village_collective_to_the_county_boundary_4_5_rolls_up_only_where_the_tier_counts_it(headcount, fails):
    """Seed 004 村: "无到县 5 人（包含 5 人）以上集体上访"; the township's criterion is "到市" and the
    county's "到县以上（不含县）", so a collective petition at the county fails neither of them."""
    result = qualifies(SEED_004, incident(1, IncidentKind.COLLECTIVE_TO_COUNTY, (T1V2, headcount)))
    assert result["西村"] is not fails
    assert result["城关镇"] and result["县"]


@pytest.mark.parametrize(("headcount", "fails"), [(4, False), (5, True)])
def test_village_collective_to_the_city_fails_its_township_at_5(headcount, fails):
    """Seed 004 乡镇: "无到市 5 人（包含 5 人）以上集体上访" — five people from one of its villages."""
    result = qualifies(SEED_004, incident(1, IncidentKind.COLLECTIVE_TO_CITY, (T1V1, headcount)))
    assert result["城关镇"] is not fails and result["东村"] is not fails
    assert result["柳河镇"] and result["县"]


@pytest.mark.parametrize(("second", "county_fails"), [(20, False), (21, True)])
def test_50_51_above_the_county_from_different_townships_together(second, county_fails):
    """Seed 004 县: "没有发生到县以上（不含县）超过 50 人的集体上访". One petition to the city of 30
    people from 城关镇's village and 20/21 from 柳河镇, recorded once with two shares: 50 is not
    "超过 50 人", 51 is; each township judges only its own people."""
    joint = incident(1, IncidentKind.COLLECTIVE_TO_CITY, (T1V1, 30), (T2, second))
    result = qualifies(SEED_004, joint)
    assert result["县"] is not county_fails
    # Each township had ≥ 5 of its own people at the city: "无到市 5 人（包含 5 人）以上".
    assert not result["城关镇"] and not result["柳河镇"]
    views = roll_up(UNITS, [joint])
    assert [j.headcount for j in views[COUNTY.id].subtree] == [30 + second]
    assert [j.headcount for j in views[T2.id].subtree] == [second]


def test_two_separate_petitions_are_not_added_together():
    """"超过 50 人的集体上访" is one petition: 30 and 21 on different days are two of them."""
    result = qualifies(SEED_004, incident(1, IncidentKind.COLLECTIVE_TO_CITY, (T1, 30)),
                       incident(2, IncidentKind.COLLECTIVE_TO_CITY, (T2, 21)))
    assert result["县"]


def test_the_explanation_names_each_incident_and_the_unit_it_was_attributed_to():
    views = roll_up(UNITS, [incident(7, IncidentKind.BEIJING_ESCALATED, (T1V1, 1)),
                            incident(8, IncidentKind.CITY_ESCALATED, (T1, 2))])
    lines = explain(views[T1.id])
    assert [(e.id, e.units, e.own) for e in lines] == [
        ("7", ((T1V1.id, "东村", 1),), False),
        ("8", ((T1.id, "城关镇", 2),), True),
    ]
    result = evaluate_sanwu(SEED_004, UnitTier.TOWNSHIP, views[T1.id].judged())
    assert result.failed_codes == ("NO_BEIJING_PROVINCE_PETITION",)
    assert result.failed[0].incident_ids == ("7",)


def test_consequences_stay_with_the_attributed_unit_by_default():
    """Seed 003 "（四）嚴格責任追究": 2 人次 of 进京到非接待场所 "予以'一票否决'" — for the village it
    is attributed to; its township is not 三无 (the title certifies the subtree) but is not vetoed
    and loses no points for it unless the template says WHOLE_SUBTREE."""
    beijing = incident(1, IncidentKind.BEIJING_NON_RECEPTION, (T1V1, 2))
    views = roll_up(UNITS, [beijing])
    assert accountability(SEED_004, views[T1V1.id].counted_for_consequences()).level is AccountabilityLevel.VETO
    assert accountability(SEED_004, views[T1.id].counted_for_consequences()).level is AccountabilityLevel.NONE
    assert incident_deductions(SEED_004, views[T1.id].counted_for_consequences()).total == 0
    assert not evaluate_sanwu(SEED_004, UnitTier.TOWNSHIP, views[T1.id].judged()).qualifies

    subtree = SanwuRule.from_dict({**SEED_004_DATA, "consequences": "WHOLE_SUBTREE"})
    views = roll_up(UNITS, [beijing], subtree.consequences)
    assert accountability(subtree, views[T1.id].counted_for_consequences()).level is AccountabilityLevel.VETO
    assert incident_deductions(subtree, views[T1.id].counted_for_consequences()).total > 0


def test_a_template_stored_before_the_setting_reads_as_attributed_unit():
    data = dict(SEED_004.to_dict())
    del data["consequences"]
    assert SanwuRule.from_dict(data).consequences is ConsequenceScope.ATTRIBUTED_UNIT


def test_a_joint_incident_counts_each_units_own_share_for_its_consequences():
    joint = incident(1, IncidentKind.BEIJING_NON_RECEPTION, (T1V1, 1), (T2V1, 3))
    views = roll_up(UNITS, [joint])
    assert accountability(SEED_004, views[T1V1.id].counted_for_consequences()).count == 1
    assert accountability(SEED_004, views[T2V1.id].counted_for_consequences()).count == 3
    assert views[COUNTY.id].consequences == ()


def test_an_incident_needs_a_unit_and_names_each_unit_once():
    with pytest.raises(ValueError):
        RecordedIncident("1", IncidentKind.MEDIA_HYPE, DAY, None, ())
    with pytest.raises(ValueError):
        incident(1, IncidentKind.COLLECTIVE_TO_CITY, (T1, 3), (T1, 4))

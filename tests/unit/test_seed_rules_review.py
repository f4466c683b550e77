"""Seed rules checked word by word: seed 003's accountability period, seed 002's non-reception
incidents at the city and the province, seed 004's 建 checklist item."""
import datetime as dt

import pytest

from server.evaluation.assessment.submissions import BUILD_CHECKLIST
from server.evaluation.sanwu.parsing import TemplateError
from server.evaluation.sanwu.rules import accountability, evaluate_sanwu
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.templates import SEED_000, SEED_002, SEED_004, built_in_template_data
from server.evaluation.sanwu.vocabulary import (
    AccountabilityLevel,
    DestinationLevel,
    IncidentKind,
    SanwuIncident,
    UnitTier,
    possible_destinations,
)
from server.evaluation.settings_rules.form import check_settings
from server.incident.models import IncidentKind as ModelKind
from server.incident.rules import allowed_destinations


def beijing_non_reception(n: int, day: dt.date, people: int = 1) -> SanwuIncident:
    return SanwuIncident(str(n), IncidentKind.BEIJING_NON_RECEPTION, people, day)


@pytest.mark.parametrize(("day", "counted"), [
    (dt.date(2026, 3, 31), False), (dt.date(2026, 4, 1), True), (dt.date(2026, 10, 1), True),
    (dt.date(2026, 10, 2), False),
])
def test_seed_003_counts_incidents_in_the_special_campaign_period_only(day, counted):
    """Seed 003: "此次进京到非接待场所上访集中整治行动从4月1日开始至10月1日结束" and "在專項整治行動期間
    發生進京到非接待場所上訪1人次的…誡勉談話；發生…2人次（含）以上的予以'一票否決'"."""
    outcome = accountability(SEED_004, [beijing_non_reception(1, day)])
    assert outcome.level is (AccountabilityLevel.ADMONITION if counted else AccountabilityLevel.NONE)
    two = accountability(SEED_004, [beijing_non_reception(1, day), beijing_non_reception(2, dt.date(2026, 6, 1))])
    assert two.level is (AccountabilityLevel.VETO if counted else AccountabilityLevel.ADMONITION)


def test_the_period_is_template_data():
    data = built_in_template_data("SEED_004")
    data["accountability"]["period"] = {"start": "01-01", "end": "03-31"}
    rule = SanwuRule.from_dict(data)
    assert accountability(rule, [beijing_non_reception(1, dt.date(2026, 3, 12))]).level is AccountabilityLevel.ADMONITION
    data["accountability"]["period"] = None
    assert accountability(SanwuRule.from_dict(data), [beijing_non_reception(1, dt.date(2026, 12, 1))]).count == 1
    data["accountability"]["period"] = {"start": "10-01", "end": "04-01"}
    with pytest.raises(TemplateError) as error:
        SanwuRule.from_dict(data)
    assert error.value.path == "accountability.period.end"
    problems = check_settings(data, {"weights": {}})
    assert any(p.path == "template.accountability.period.end" and p.code == "PERIOD_ORDER" for p in problems)
    data["accountability"]["period"] = {"start": "02-30", "end": "04-01"}
    assert any(p.path == "template.accountability.period.start" and p.code == "MONTH_DAY"
               for p in check_settings(data, {"weights": {}}))


@pytest.mark.parametrize("kind", [IncidentKind.CITY_NON_RECEPTION, IncidentKind.PROVINCE_NON_RECEPTION,
                                  IncidentKind.BEIJING_NON_RECEPTION])
@pytest.mark.parametrize("tier", list(UnitTier))
def test_seed_002_abnormal_petitions_at_the_city_province_or_beijing_break_the_criterion(kind, tier):
    """Seed 002: 争创“无到市赴省进京非正常访、无越级集体访、无信访积案”的“三无”乡镇."""
    result = evaluate_sanwu(SEED_002, tier, [SanwuIncident("1", kind, 1, dt.date(2026, 5, 1))])
    assert result.failed_codes == ("NO_ABNORMAL_PETITION_CITY_PROVINCE_BEIJING",)


def test_seed_002_escalated_petitions_are_not_abnormal_ones():
    result = evaluate_sanwu(SEED_002, UnitTier.VILLAGE,
                            [SanwuIncident("1", IncidentKind.PROVINCE_ESCALATED, 1, dt.date(2026, 5, 1))])
    assert "NO_ABNORMAL_PETITION_CITY_PROVINCE_BEIJING" not in result.failed_codes


def test_seed_000_names_beijing_only():
    """Seed 000: "无进京非正常上访" — a non-reception incident at the city does not break it."""
    result = evaluate_sanwu(SEED_000, UnitTier.TOWNSHIP,
                            [SanwuIncident("1", IncidentKind.CITY_NON_RECEPTION, 1, dt.date(2026, 5, 1))])
    assert result.qualifies


@pytest.mark.parametrize(("tier", "breaks"), [
    (UnitTier.VILLAGE, {IncidentKind.CITY_NON_RECEPTION, IncidentKind.PROVINCE_NON_RECEPTION}),
    (UnitTier.TOWNSHIP, {IncidentKind.PROVINCE_NON_RECEPTION}),
    (UnitTier.COUNTY, set()),
])
def test_seed_004_non_reception_people_at_the_tiers_own_destinations(tier, breaks):
    """Seed 004 村: "没有发生进京、赴省、赴市越级上访（含涉法涉诉）和非接待场所有关人员"; 乡镇: "进京赴省"; 县: "进京"."""
    for kind in (IncidentKind.CITY_NON_RECEPTION, IncidentKind.PROVINCE_NON_RECEPTION):
        result = evaluate_sanwu(SEED_004, tier, [SanwuIncident("1", kind, 1, dt.date(2026, 5, 1))])
        assert result.qualifies is (kind not in breaks), (tier, kind)


def test_the_recording_vocabulary_and_the_rules_agree_on_destinations():
    assert {k.value for k in ModelKind} == {k.value for k in IncidentKind}
    for kind in ModelKind:
        assert allowed_destinations(kind) == tuple(
            d.value for d in possible_destinations(IncidentKind(kind.value)))
    assert possible_destinations(IncidentKind.CITY_NON_RECEPTION) == (DestinationLevel.CITY,)
    assert possible_destinations(IncidentKind.MEDIA_HYPE) == ()


def test_seed_004_build_checklist_has_the_liaison_system():
    """Seed 004 建好机制: "建立两代表一委员和党员干部联系社区和群众制度"."""
    assert any("建立两代表一委员和党员干部联系社区和群众制度" in zh for _, zh, _ in BUILD_CHECKLIST)

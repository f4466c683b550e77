"""The declaration gate (server.evaluation.gate): seed 003 "予以'一票否决'" and seed 002
"在综合性评先选优中实行否决制度" — a unit not 三无, or vetoed, is not applied for nor declared."""
import datetime as dt

from server.evaluation.gate import declaration_gate
from server.evaluation.rollup import RecordedIncident, Share, UnitRef, explain, roll_up
from server.evaluation.sanwu.rules import accountability, evaluate_sanwu
from server.evaluation.sanwu.templates import SEED_004
from server.evaluation.sanwu.vocabulary import IncidentKind, UnitTier

TOWNSHIP = UnitRef(1, "/1/2/3/001", "城关镇")
VILLAGE = UnitRef(2, "/1/2/3/001/001", "东村")


def gate_for(unit: UnitRef, tier: UnitTier, *incidents: RecordedIncident):
    view = roll_up([TOWNSHIP, VILLAGE], incidents)[unit.id]
    result = evaluate_sanwu(SEED_004, tier, view.judged())
    outcome = accountability(SEED_004, view.counted_for_consequences())
    label = (SEED_004.accountability.label_zh, SEED_004.accountability.label_en)
    return declaration_gate(result, outcome, explain(view), label)


def test_a_sanwu_unit_passes_the_gate():
    assert gate_for(TOWNSHIP, UnitTier.TOWNSHIP) is None


def test_a_township_failing_for_its_village_is_refused_with_the_rule_and_the_incident():
    incident = RecordedIncident("9", IncidentKind.BEIJING_ESCALATED, dt.date(2026, 5, 3), None, (Share(VILLAGE, 1),))
    refusal = gate_for(TOWNSHIP, UnitTier.TOWNSHIP, incident)
    assert refusal is not None and not refusal.vetoed
    assert [c[0] for c in refusal.failed] == ["NO_BEIJING_PROVINCE_PETITION"]
    text = refusal.describe("zh-CN")
    assert "无进京赴省越级上访" in text and "进京越级访 2026-05-03（东村，1人）" in text
    assert "escalated to Beijing 2026-05-03 (东村, 1)" in refusal.describe("en")
    assert "進京越級訪" in refusal.describe("zh-TW")
    assert set(refusal.params()) == {"reason_zh_cn", "reason_zh_tw", "reason_en"}


def test_a_vetoed_village_is_refused_naming_the_veto():
    """Seed 003: "發生進京到非接待場所上訪2人次（含）以上的予以'一票否決'"."""
    incident = RecordedIncident("3", IncidentKind.BEIJING_NON_RECEPTION, dt.date(2026, 6, 1), None, (Share(VILLAGE, 2),))
    refusal = gate_for(VILLAGE, UnitTier.VILLAGE, incident)
    assert refusal is not None and refusal.vetoed
    assert "一票否决" in refusal.describe("zh-CN") and [i.id for i in refusal.incidents] == ["3"]

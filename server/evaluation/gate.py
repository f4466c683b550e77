"""The declaration gate (申报推荐): who may not be applied for or declared. Pure.

A unit that is not "三无" in the year, or that is vetoed, cannot be applied for or declared:
seed 003 "予以'一票否决'" (a veto) and seed 002 "对没有被命名的行政村…在综合性评先选优中实行否决制度"
(units not designated are barred from comprehensive selections). The refusal names the rule that
failed and the incidents behind it, each with the unit it was attributed to.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from server.evaluation.rollup import ExplainedIncident
from server.evaluation.sanwu.rules import AccountabilityOutcome, SanwuResult
from server.evaluation.sanwu.vocabulary import IncidentKind

LOCALES = ("zh-CN", "zh-TW", "en")

KIND_LABELS: dict[IncidentKind, tuple[str, str, str]] = {
    IncidentKind.BEIJING_ESCALATED: ("进京越级访", "進京越級訪", "escalated to Beijing"),
    IncidentKind.BEIJING_NON_RECEPTION: ("进京非接待场所访", "進京非接待場所訪", "Beijing, non-reception site"),
    IncidentKind.PROVINCE_NON_RECEPTION: ("赴省非接待场所访", "赴省非接待場所訪", "province, non-reception site"),
    IncidentKind.CITY_NON_RECEPTION: ("到市非接待场所访", "到市非接待場所訪", "city, non-reception site"),
    IncidentKind.PROVINCE_ESCALATED: ("赴省越级访", "赴省越級訪", "escalated to the province"),
    IncidentKind.CITY_ESCALATED: ("赴市越级访", "赴市越級訪", "escalated to the city"),
    IncidentKind.COLLECTIVE_TO_COUNTY: ("到县集体访", "到縣集體訪", "collective petition to the county"),
    IncidentKind.COLLECTIVE_TO_CITY: ("到市集体访", "到市集體訪", "collective petition to the city"),
    IncidentKind.COLLECTIVE_ABOVE_COUNTY: ("到县以上集体访", "到縣以上集體訪", "collective petition above the county"),
    IncidentKind.EXTREME_INCIDENT: ("极端恶性事件", "極端惡性事件", "extreme incident"),
    IncidentKind.MEDIA_HYPE: ("舆论负面炒作", "輿論負面炒作", "negative media hype"),
}


@dataclass(frozen=True)
class GateRefusal:
    """Why a unit cannot be applied for or declared."""

    failed: tuple[tuple[str, str, str], ...]  # (code, label_zh, label_en) of each failed 三无 criterion
    vetoed: bool
    accountability_label: tuple[str, str] | None  # (zh, en) of the veto rule, when vetoed
    incidents: tuple[ExplainedIncident, ...]  # the incidents behind the failures and the veto

    def params(self) -> dict[str, str]:
        """Message parameters per locale (`reason_zh_cn`, `reason_zh_tw`, `reason_en`)."""
        return {f"reason_{loc.lower().replace('-', '_')}": self.describe(loc) for loc in LOCALES}

    def describe(self, locale: str) -> str:
        n = LOCALES.index(locale) if locale in LOCALES else 0
        en = n == 2
        sep, colon = ("; ", ": ") if en else ("；", "：")
        parts = []
        if self.failed:
            rules = (", " if en else "、").join(f"“{en_l if en else zh}”" for _, zh, en_l in self.failed)
            parts.append(("not 三无" + colon + rules) if en else ("未达到“三无”" + colon + rules))
        if self.vetoed and self.accountability_label:
            zh, en_l = self.accountability_label
            parts.append(("one-vote veto" + colon + en_l) if en else ("一票否决" + colon + zh))
        if self.incidents:
            lines = []
            for i in self.incidents:
                units = (", " if en else "、").join(name for _, name, _ in i.units)
                kind = KIND_LABELS[i.kind][n]
                lines.append(f"{kind} {i.occurred_on.isoformat()} ({units}, {i.headcount})" if en
                             else f"{kind} {i.occurred_on.isoformat()}（{units}，{i.headcount}人）")
            parts.append(("incidents" + colon if en else "事件" + colon) + (", " if en else "、").join(lines))
        return sep.join(parts)


def declaration_gate(
    result: SanwuResult, accountability: AccountabilityOutcome, explained: Sequence[ExplainedIncident],
    accountability_label: tuple[str, str] | None = None,
) -> GateRefusal | None:
    """None when the unit may be applied for and declared; else the refusal with its reasons."""
    if result.qualifies and not accountability.vetoed:
        return None
    named = {i for c in result.failed for i in c.incident_ids}
    if accountability.vetoed:
        named |= set(accountability.incident_ids)
    return GateRefusal(
        failed=tuple((c.code, c.label_zh, c.label_en) for c in result.failed),
        vetoed=accountability.vetoed,
        accountability_label=accountability_label if accountability.vetoed else None,
        incidents=tuple(e for e in explained if e.id in named),
    )

"""Built-in "三无" rule templates, written as the plain dicts a county stores and edits.

Each template is parsed once at import (`SanwuRule.from_dict`), so a mistake here fails the
import, not an annual review. Labels quote the seeds' own wording.

Choices the seeds leave open, made here and editable by a county:
- Collective criteria count any incident whose destination is at or above the named level with
  the named headcount, escalation kinds included (see `server.evaluation.sanwu.vocabulary`): "到县 5 人以上"
  for a village is also broken by six people at the city or in Beijing.
- Seed 000 and seed 002 do not tell the tiers apart; their wording is applied to all three tiers.
  Seed 002's "越级集体访" (a collective petition that skips a level) is read per tier: above the
  township for a village (at or above the county), above the county for a township (at or above
  the city), above the city for a county (at or above the province). 集体访 means five or more
  people (DESIGN.md's definition, the figure seed 004 uses too), so those criteria count
  headcount ≥ 5.
- Seed 002's "无到市赴省进京非正常访" names *abnormal* petitions at the city, province or Beijing;
  seed 002 lists "赴省进京非正常上访" apart from "越级访" in its own goals, so escalated petitions are
  not counted as abnormal. The three non-reception kinds (CITY_, PROVINCE_, BEIJING_NON_RECEPTION)
  break it.
- Seed 004's "…越级上访（含涉法涉诉）和非接待场所有关人员" is read at the tier's own destinations:
  a county counts non-reception incidents in Beijing, a township in Beijing and the province, a
  village in Beijing, the province and the city.
- Seed 003's accountability counts only incidents in its campaign period (04-01 to 10-01, template
  data a county edits); deductions and accountability stay with the unit an incident is
  attributed to (`consequences`: ATTRIBUTED_UNIT) while the 三无 criteria judge the whole subtree.
- Accountability: every template carries seed 003's rule, counted in 人次 (person-times) as seed
  003 words it ("发生进京到非接待场所上访 1 人次的…诫勉谈话；2 人次（含）以上的予以'一票否决'").
- Deductions: the seeds give no figures. The points below are defaults ordered by severity
  (Beijing above province above city; extreme incident heaviest), capped at 30, for the county to
  set; they are not quoted from any seed.
- Targets: seed 004 (三无乡镇 40 %, 三无村（居）50 %, of the county's units); seed 002 (三无村 90 % of
  the township's villages). Seed 000 sets none of those; its 2023 goal, a fall of the totals to
  50 %, is a reduction target (`server.evaluation.sanwu.reduction`).
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from server.evaluation.sanwu.template import SanwuRule

_EXTREME_OR_MEDIA = {
    "code": "NO_EXTREME_OR_MEDIA_HYPE",
    "label_zh": "无因信访问题引发的极端恶性事件和舆论负面炒作",
    "label_en": "No extreme incident or negative media hype caused by a petition matter",
    "kinds": ["EXTREME_INCIDENT", "MEDIA_HYPE"],
}

_SEED_003_ACCOUNTABILITY = {
    "label_zh": "发生进京到非接待场所上访1人次的，诫勉谈话；2人次（含）以上的，予以“一票否决”",
    "label_en": "One person-time at a non-reception place in Beijing: admonition talk; "
                "two or more: one-vote veto",
    "kinds": ["BEIJING_NON_RECEPTION"],
    "count_by": "PERSON_TIMES",
    "thresholds": [
        {"at_least": 1, "level": "ADMONITION"},
        {"at_least": 2, "level": "VETO"},
    ],
    # 二、整治时间: "从4月1日开始至10月1日结束"; (四) counts "在專項整治行動期間".
    "period": {"start": "04-01", "end": "10-01"},
}

_DEFAULT_DEDUCTIONS = {
    "per_incident": {
        "BEIJING_ESCALATED": "3.00",
        "BEIJING_NON_RECEPTION": "5.00",
        "PROVINCE_NON_RECEPTION": "3.00",
        "CITY_NON_RECEPTION": "2.00",
        "PROVINCE_ESCALATED": "2.00",
        "CITY_ESCALATED": "1.00",
        "COLLECTIVE_TO_COUNTY": "1.00",
        "COLLECTIVE_TO_CITY": "2.00",
        "COLLECTIVE_ABOVE_COUNTY": "3.00",
        "EXTREME_INCIDENT": "10.00",
        "MEDIA_HYPE": "5.00",
    },
    "cap": "30.00",
}

SEED_004_DATA: Mapping[str, Any] = {
    "schema_version": 1,
    "code": "SEED_004",
    "name_zh": "信访工作“三无”县、乡镇、村（居）创建标准（联建联创联评）",
    "name_en": "三无 county, township and village standards (joint creation and evaluation)",
    "source": "seed 004, 二、创建目标及标准; accountability from seed 003; deductions are defaults",
    "tiers": {
        "COUNTY": [
            {
                "code": "NO_BEIJING_PETITION",
                "label_zh": "无进京越级上访：没有发生进京越级上访（含涉法涉诉）和非接待场所有关人员",
                "label_en": "No escalated petition to Beijing (including litigation-related matters) "
                            "and nobody at a non-reception place",
                "kinds": ["BEIJING_ESCALATED", "BEIJING_NON_RECEPTION"],
            },
            {
                "code": "NO_LARGE_COLLECTIVE_ABOVE_COUNTY",
                "label_zh": "无大规模集体上访：没有发生到县以上（不含县）超过50人的集体上访",
                "label_en": "No large collective petition: none of more than 50 people above the "
                            "county level (the county excluded)",
                "destination_at_or_above": "CITY",
                "headcount": {"op": ">", "value": 50},
            },
            _EXTREME_OR_MEDIA,
        ],
        "TOWNSHIP": [
            {
                "code": "NO_BEIJING_PROVINCE_PETITION",
                "label_zh": "无进京赴省越级上访：没有发生进京赴省越级上访（含涉法涉诉）和非接待场所有关人员",
                "label_en": "No escalated petition to Beijing or the province (including "
                            "litigation-related matters) and nobody at a non-reception place",
                "kinds": ["BEIJING_ESCALATED", "BEIJING_NON_RECEPTION", "PROVINCE_ESCALATED",
                          "PROVINCE_NON_RECEPTION"],
            },
            {
                "code": "NO_COLLECTIVE_TO_CITY",
                "label_zh": "无到市5人（包含5人）以上集体上访",
                "label_en": "No collective petition of 5 or more people (5 included) to the city",
                "destination_at_or_above": "CITY",
                "headcount": {"op": ">=", "value": 5},
            },
            _EXTREME_OR_MEDIA,
        ],
        "VILLAGE": [
            {
                "code": "NO_BEIJING_PROVINCE_CITY_PETITION",
                "label_zh": "无进京赴省赴市越级上访："
                            "没有发生进京、赴省、赴市越级上访（含涉法涉诉）和非接待场所有关人员",
                "label_en": "No escalated petition to Beijing, the province or the city (including "
                            "litigation-related matters) and nobody at a non-reception place",
                "kinds": ["BEIJING_ESCALATED", "BEIJING_NON_RECEPTION", "PROVINCE_ESCALATED",
                          "PROVINCE_NON_RECEPTION", "CITY_ESCALATED", "CITY_NON_RECEPTION"],
            },
            {
                "code": "NO_COLLECTIVE_TO_COUNTY",
                "label_zh": "无到县5人（包含5人）以上集体上访",
                "label_en": "No collective petition of 5 or more people (5 included) to the county",
                "destination_at_or_above": "COUNTY",
                "headcount": {"op": ">=", "value": 5},
            },
            _EXTREME_OR_MEDIA,
        ],
    },
    "accountability": _SEED_003_ACCOUNTABILITY,
    "deductions": _DEFAULT_DEDUCTIONS,
    "targets": [
        {"tier": "TOWNSHIP", "scope": "COUNTY", "min_percent": "40",
         "label_zh": "“三无”乡镇达到40%", "label_en": "40 % of townships 三无"},
        {"tier": "VILLAGE", "scope": "COUNTY", "min_percent": "50",
         "label_zh": "“三无”村（居）达到50%", "label_en": "50 % of villages 三无"},
    ],
}

_SEED_000_CRITERIA = [
    {
        "code": "NO_BEIJING_ABNORMAL_PETITION",
        "label_zh": "无进京非正常上访",
        "label_en": "No abnormal petition in Beijing",
        "kinds": ["BEIJING_NON_RECEPTION"],
    },
    {
        "code": "NO_BEIJING_ESCALATED_PETITION",
        "label_zh": "无进京越级上访",
        "label_en": "No escalated petition to Beijing",
        "kinds": ["BEIJING_ESCALATED"],
    },
    {
        "code": "NO_COLLECTIVE_TO_PROVINCE",
        "label_zh": "无到省集访",
        "label_en": "No collective petition (5 or more people) to the province",
        "destination_at_or_above": "PROVINCE",
        "headcount": {"op": ">=", "value": 5},
    },
]

SEED_000_DATA: Mapping[str, Any] = {
    "schema_version": 1,
    "code": "SEED_000",
    "name_zh": "创立“无进京非正常上访、无进京越级上访、无到省集访”活动",
    "name_en": "No abnormal petition in Beijing, no escalated petition to Beijing, "
               "no collective petition to the province",
    "source": "seed 000 (applied to every tier); accountability from seed 003; deductions are defaults",
    "tiers": {tier: _SEED_000_CRITERIA for tier in ("COUNTY", "TOWNSHIP", "VILLAGE")},
    "accountability": _SEED_003_ACCOUNTABILITY,
    "deductions": _DEFAULT_DEDUCTIONS,
    "targets": [],
    # "2023年度目标：全镇进京非正常上访、进京越级上访和到省集访总量下降到50%以上" — a township's plan,
    # applied to the county as a whole (a county may add one per township: scope TOWNSHIP).
    "reductions": [
        {"scope": "COUNTY", "reduce_to_percent": "50", "count_by": "PERSON_TIMES",
         "label_zh": "进京非正常上访、进京越级上访和到省集访总量下降到50%以上",
         "label_en": "Abnormal and escalated petitions in Beijing and collective petitions to the province "
                     "down to 50 % of last year or less"},
    ],
}

_SEED_002_ABNORMAL = {
    "code": "NO_ABNORMAL_PETITION_CITY_PROVINCE_BEIJING",
    "label_zh": "无到市赴省进京非正常访",
    "label_en": "No abnormal petition at the city, the province or in Beijing",
    "kinds": ["BEIJING_NON_RECEPTION", "PROVINCE_NON_RECEPTION", "CITY_NON_RECEPTION"],
}
_SEED_002_BACKLOG = {
    "code": "NO_PETITION_BACKLOG",
    "label_zh": "无信访积案",
    "label_en": "No overdue backlog petition case",
    "max_overdue_backlog": 0,
}


def _seed_002_collective(level: str, zh: str, en: str) -> dict[str, Any]:
    return {
        "code": "NO_ESCALATED_COLLECTIVE_PETITION",
        "label_zh": f"无越级集体访（{zh}5人以上）",
        "label_en": f"No escalated collective petition (5 or more people {en})",
        "destination_at_or_above": level,
        "headcount": {"op": ">=", "value": 5},
    }


SEED_002_DATA: Mapping[str, Any] = {
    "schema_version": 1,
    "code": "SEED_002",
    "name_zh": "“无到市赴省进京非正常访、无越级集体访、无信访积案”三无创建",
    "name_en": "No abnormal petition at city, province or Beijing; no escalated collective "
               "petition; no petition backlog",
    "source": "seed 002 (applied to every tier; 越级 read per tier); accountability from seed 003; "
              "deductions are defaults",
    "tiers": {
        "COUNTY": [_SEED_002_ABNORMAL, _seed_002_collective("PROVINCE", "赴省进京", "to the province or Beijing"),
                   _SEED_002_BACKLOG],
        "TOWNSHIP": [_SEED_002_ABNORMAL, _seed_002_collective("CITY", "到市及以上", "to the city or above"),
                     _SEED_002_BACKLOG],
        "VILLAGE": [_SEED_002_ABNORMAL, _seed_002_collective("COUNTY", "到县及以上", "to the county or above"),
                    _SEED_002_BACKLOG],
    },
    "accountability": _SEED_003_ACCOUNTABILITY,
    "deductions": _DEFAULT_DEDUCTIONS,
    "targets": [
        {"tier": "VILLAGE", "scope": "TOWNSHIP", "min_percent": "90",
         "label_zh": "“三无”村达到90%", "label_en": "90 % of the township's villages 三无"},
    ],
}

SEED_004 = SanwuRule.from_dict(SEED_004_DATA)
SEED_000 = SanwuRule.from_dict(SEED_000_DATA)
SEED_002 = SanwuRule.from_dict(SEED_002_DATA)

DEFAULT_TEMPLATE_CODE = "SEED_004"
BUILT_IN_TEMPLATES: Mapping[str, SanwuRule] = {t.code: t for t in (SEED_004, SEED_000, SEED_002)}


def built_in_template(code: str = DEFAULT_TEMPLATE_CODE) -> SanwuRule:
    """A built-in template by code; KeyError for an unknown code."""
    return BUILT_IN_TEMPLATES[code]


def built_in_template_data(code: str = DEFAULT_TEMPLATE_CODE) -> dict[str, Any]:
    """A fresh, editable copy of a built-in template's dict (what a county starts editing from)."""
    return copy.deepcopy(dict(BUILT_IN_TEMPLATES[code].to_dict()))

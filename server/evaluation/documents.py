"""申报表 / 推荐表: what a declaration's generated document says, assembled from plain data (pure,
no I/O; `server.evaluation.declaration.document.declaration_document` gathers the data,
`server.evaluation.exports` renders it as XLSX and PDF).

Aggregates only, for every reader alike (the township, the county, and the city and province
reviewers it was declared to): the unit's score, grade, rank and "三无" criteria, counts and rates,
its self-assessment points, the names of the 申报材料 files and each step's decision with the
unit and role that took it. No case, no petitioner, no incident's note, no phone number.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from server.dates import CHINA
from server.evaluation.review.result import ReviewRow

STATUS_ZH = {
    "APPLIED": "乡镇已申报",
    "COUNTY_DECLARED": "县已审核上报",
    "CITY_APPROVED": "市初审通过",
    "PROVINCE_RECOMMENDED": "省已推荐",
    "DESIGNATED": "已命名",
    "RETURNED": "已退回",
}
# The step a decision belongs to (by the Casbin action it needed) and what was decided.
STAGE_ZH = {
    "apply": "申报",
    "county_review": "县信访局审核",
    "city_review": "市信访局初审",
    "province_review": "省信访局推荐",
    "designate": "命名",
}
DECISION_ZH = {
    "APPLIED": "申报",
    "COUNTY_DECLARED": "审核通过，向市申报",
    "CITY_APPROVED": "初审通过",
    "PROVINCE_RECOMMENDED": "推荐",
    "DESIGNATED": "命名",
    "RETURNED": "退回",
}
ROLE_ZH = {
    "village_clerk": "村（居）信访信息员",
    "village_head": "村（居）负责人",
    "township_officer": "乡镇信访办经办人",
    "township_leader": "乡镇领导",
    "county_officer": "县信访局经办人",
    "county_leader": "县信访局领导",
    "city_reviewer": "市信访局审核人",
    "province_reviewer": "省信访局审核人",
}
LEVEL_ZH = {"COUNTY": "县（市、区）", "TOWNSHIP": "乡镇（街道）", "VILLAGE": "村（居）"}
TIER_ZH = {"COUNTY": "县", "TOWNSHIP": "乡镇", "VILLAGE": "村（居）"}
# Statuses at which the county has put its name to the declaration: a 推荐表 from then on.
RECOMMENDED = {"COUNTY_DECLARED", "CITY_APPROVED", "PROVINCE_RECOMMENDED", "DESIGNATED"}
NOTICE = "本表由联创系统根据下载时的记录生成，只含汇总数据，不含任何信访事项或信访人信息。"


def document_kind(status: str) -> str:
    """申报表 while the unit's application is with the county (or returned); 推荐表 once the county
    has reviewed it and declared it upwards."""
    return "推荐表" if status in RECOMMENDED else "申报表"


def document_title(county_name: str, year: int, level: str, status: str) -> str:
    return f"{county_name}{year}年度信访工作“三无”{TIER_ZH.get(level, '')}{document_kind(status)}"


def criterion_detail(criterion: dict) -> str:
    """What a "三无" criterion looked at, as counts (never which incident or case)."""
    if criterion.get("overdue_backlog") is not None:
        allowed = criterion.get("max_overdue_backlog")
        return f"逾期未结信访事项 {criterion['overdue_backlog']} 件（允许 {allowed if allowed is not None else 0} 件）"
    broken = len(criterion.get("incident_ids") or ())
    return f"计入事件 {broken} 起" if broken else "无计入事件"


def _percent(value: object) -> str:
    return "—" if value is None else f"{value}%"


def _china(at: dt.datetime | None) -> str:
    return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if at is not None else ""


@dataclass(frozen=True)
class StepFacts:
    act: str  # the Casbin action on "declaration" the step needed (`flows.step_act`)
    to_status: str
    at: dt.datetime
    comment: str | None
    actor_name: str  # display name of the official, "" when unknown
    unit_name: str  # the unit where the role that allowed the step is held
    role: str | None  # that role (None: no current grant allows it any more)


@dataclass(frozen=True)
class FileFacts:
    filename: str
    size: int
    uploaded_at: dt.datetime
    unit_name: str  # the uploader's unit


def content(
    *, county_name: str, year: int, unit_name: str, unit_level: str, township_name: str | None, status: str,
    generated_at: dt.datetime, review_row: ReviewRow | None, review_stored: bool, review_at: dt.datetime,
    template_code: str, config_version: int, sanwu: dict, rates: Sequence, self_lines: Sequence[dict],
    files: Sequence[FileFacts], steps: Sequence[StepFacts],
) -> dict:
    """The document's content as JSON-ready sections, in the order they are printed.

    `review_row` is the unit's row of the county's stored (else live) annual review, `sanwu` its
    "三无" result (`values.plain(SanwuResult)`), `rates` the `rates.Rate`s of the year, `self_lines`
    {code, name, points, max_points} (points None: not assessed)."""
    review = None
    if review_row is not None:
        parts = [{"label": p["label_zh"], "score": p["score"], "weight": p["weight"], "weighted": p["weighted"],
                  "missing": p.get("missing", False)} for p in review_row.breakdown["parts"]]
        review = {
            "score": str(review_row.score), "grade": review_row.grade_zh, "rank": review_row.rank,
            "population_size": review_row.population_size, "vetoed": review_row.vetoed,
            "veto_reasons": list(review_row.veto_reasons), "parts": parts,
            "deductions": review_row.breakdown["deductions"]["total"],
            "subtotal": review_row.breakdown["subtotal"],
        }
    earned = sum(float(x["points"]) for x in self_lines if x["points"] is not None)
    maximum = sum(float(x["max_points"]) for x in self_lines)
    return {
        "title": document_title(county_name, year, unit_level, status),
        "kind": document_kind(status),
        "county_name": county_name,
        "year": year,
        "unit_name": unit_name,
        "unit_level": LEVEL_ZH.get(unit_level, unit_level),
        "township_name": township_name,
        "status": status,
        "status_zh": STATUS_ZH.get(status, status),
        "generated_at": _china(generated_at),
        "review_source": ("县信访局保存的年度考评" if review_stored else "按当前记录实时计算") + f"（{_china(review_at)}）",
        "template": f"{template_code}（第 {config_version} 版）",
        "review": review,
        "sanwu": {
            "qualifies": bool(sanwu.get("qualifies")),
            "criteria": [{"label": c["label_zh"], "passed": bool(c["passed"]), "detail": criterion_detail(c)}
                         for c in sanwu.get("criteria", ())],
        },
        "rates": [
            {"label": r.label_zh, "numerator": r.numerator, "denominator": r.denominator,
             "percent": _percent(r.percent) if r.available else "暂不能统计", "note": r.note or ""}
            for r in rates
        ],
        "self_assessment": {
            "lines": [{"code": x["code"], "name": x["name"],
                       "points": "未自评" if x["points"] is None else str(x["points"]), "max_points": str(x["max_points"])}
                      for x in self_lines],
            "earned": f"{earned:.2f}", "maximum": f"{maximum:.2f}",
        },
        "files": [{"filename": f.filename, "size": _size(f.size), "uploaded_at": _china(f.uploaded_at),
                   "unit_name": f.unit_name} for f in files],
        "steps": [
            {"stage": STAGE_ZH.get(s.act, s.act), "decision": DECISION_ZH.get(s.to_status, s.to_status),
             "unit_name": s.unit_name, "role": ROLE_ZH.get(s.role, s.role) if s.role else "", "actor": s.actor_name,
             "at": _china(s.at), "comment": s.comment or ""}
            for s in steps
        ],
        "notice": NOTICE,
    }


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"

"""The annual review as XLSX (openpyxl) and PDF (reportlab, with a Chinese font embedded), and
the HTTP route that serves them with the session cookie and a permission check.

The PDF embeds (a subset of) a TrueType CJK font found on the machine: `LC_CJK_FONT` if set,
else Debian's fonts-wqy-microhei / fonts-wqy-zenhei / fonts-arphic (the Makefile and .ci/run
install fonts-wqy-microhei). Aggregates only: no case or petitioner appears in either file.
"""
from __future__ import annotations

import io
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server import ids
from server.audit import service as audit
from server.auth.principal import Principal
from server.auth.service import principal_for_token
from server.dates import CHINA
from server.db import SerialSession
from server.errors import NOT_FOUND, UNAUTHENTICATED, DomainError
from server.evaluation.declaration import document
from server.evaluation.review.result import ReviewResult
from server.evaluation.review.service import annual_review
from server.http import error_response, locale_of

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
FONT_NAME = "LcCJK"

LEVEL_ZH = {"TOWNSHIP": "乡镇", "VILLAGE": "村（居）"}
PART_CODES = ("SELF_ASSESSMENT", "PUBLIC_EVALUATION", "ORGANISATIONAL_ASSESSMENT")
HEADERS = ["层级", "排名", "单位", "所属乡镇", "得分", "等次", "“三无”", "一票否决", "未达标准则",
           "自查自评", "群众点评", "组织考评", "加权小计", "事件扣分", "计算式"]


def find_font() -> Path | None:
    configured = os.environ.get("LC_CJK_FONT")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _register_font(font_path: Path | None = None) -> None:
    """Register the CJK TrueType font with reportlab once (its subset is embedded in each PDF)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return
    font_path = font_path or find_font()
    if font_path is None:
        raise DomainError("INTERNAL", "evaluation.EXPORT_FONT_MISSING")
    kwargs = {"subfontIndex": 0} if font_path.suffix.lower() == ".ttc" else {}
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path), **kwargs))


def _pdf_table(data: list[list[Any]], widths: list[float], *, size: float, valign: str) -> Any:  # a reportlab Table
    """A reportlab table in the CJK font with a shaded header row (repeated on each page) and a grid."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(data, repeatRows=1, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), valign),
    ]))
    return table


def _table(result: ReviewResult) -> list[list[Any]]:
    names = {r.unit_id: r.unit_name for r in result.rows}
    lines: list[list[Any]] = []
    for r in result.rows:
        lines.append([
            LEVEL_ZH.get(r.level, r.level), r.rank, r.unit_name,
            names.get(r.parent_id, "") if r.level == "VILLAGE" and r.parent_id is not None else "",
            float(r.score), r.grade_zh, "是" if r.sanwu else "否", "是" if r.vetoed else "",
            "；".join(r.inputs.failed_criteria_zh),
            float(r.part_score("SELF_ASSESSMENT")), float(r.part_score("PUBLIC_EVALUATION")),
            float(r.part_score("ORGANISATIONAL_ASSESSMENT")), float(r.breakdown["subtotal"]),
            float(r.breakdown["deductions"]["total"]), r.breakdown["formula"],
        ])
    return lines


def _title(result: ReviewResult) -> str:
    return f"{result.county_name}{result.year}年度信访工作“三无”创建联评结果"


def review_xlsx(result: ReviewResult, *, template: dict[str, Any], policy: dict[str, Any], computed_at: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "年度考评"
    ws.append([_title(result)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"规则模板：{result.template_code}（第 {result.config_version} 版）  计算时间：{computed_at}"])
    ws.append(HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
    for line in _table(result):
        ws.append(line)
    widths = [8, 6, 16, 12, 8, 8, 7, 8, 30, 9, 9, 9, 9, 9, 60]
    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w
    ws.freeze_panes = "A4"

    inputs = wb.create_sheet("依据明细")
    inputs.append(["单位", "项目", "内容", "分值/结果"])
    for r in result.rows:
        i = r.inputs
        for item in i.self_assessment_lines:
            inputs.append([r.unit_name, "自查自评", f"{item.indicator} {item.name}", f"{item.points} / {item.max_points}"])
        for s in i.public_rater_scores:
            inputs.append([r.unit_name, "群众点评（特邀评议员）", f"评分 #{s.rating_id}", str(s.score)])
        c = i.citizen_ratings
        if c.total:
            inputs.append([r.unit_name, "群众点评（信访人评价）", "满意 / 基本满意 / 不满意",
                           f"{c.satisfied} / {c.basically_satisfied} / {c.dissatisfied}"])
        for s in i.assessor_scores:
            inputs.append([r.unit_name, "组织考评", f"评分 #{s.rating_id}", str(s.score)])
        for inc in i.incidents:
            inputs.append([r.unit_name, "事件", f"#{inc.id} {inc.kind} {inc.occurred_on}", f"{inc.headcount} 人"])
    for col, w in zip("ABCD", (16, 22, 50, 16), strict=True):
        inputs.column_dimensions[col].width = w

    rules = wb.create_sheet("规则与权重")
    rules.append(["模板", template.get("name_zh", template.get("code"))])
    w = policy["weights"]
    rules.append(["自查自评权重", w["self_assessment"]])
    rules.append(["群众点评权重", w["public_evaluation"]])
    rules.append(["组织考评权重", w["organisational_assessment"]])
    for tier, criteria in template.get("tiers", {}).items():
        for c in criteria:
            rules.append([f"“三无”标准（{tier}）", c["label_zh"]])
    rules.column_dimensions["A"].width = 22
    rules.column_dimensions["B"].width = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def review_pdf(result: ReviewResult, *, computed_at: str, font_path: Path | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register_font(font_path)
    title = ParagraphStyle("t", fontName=FONT_NAME, fontSize=15, leading=20)
    small = ParagraphStyle("s", fontName=FONT_NAME, fontSize=8, leading=10)
    cell = ParagraphStyle("c", fontName=FONT_NAME, fontSize=7.5, leading=9)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=_title(result), author="联创")
    story = [
        Paragraph(_title(result), title),
        Paragraph(f"规则模板：{result.template_code}（第 {result.config_version} 版）　计算时间：{computed_at}",
                  small),
        Spacer(1, 4 * mm),
    ]
    head = ["层级", "排名", "单位", "所属乡镇", "得分", "等次", "三无", "否决", "未达标准则",
            "自查自评", "群众点评", "组织考评", "扣分"]
    data = [head]
    for line in _table(result):
        data.append([line[0], line[1], Paragraph(line[2], cell), line[3], f"{line[4]:.2f}", line[5], line[6],
                     line[7], Paragraph(line[8], cell), f"{line[9]:.2f}", f"{line[10]:.2f}", f"{line[11]:.2f}",
                     f"{line[13]:.2f}"])
    story.append(_pdf_table(data, [14 * mm, 10 * mm, 28 * mm, 20 * mm, 14 * mm, 14 * mm, 10 * mm, 10 * mm, 62 * mm,
                                   16 * mm, 16 * mm, 16 * mm, 12 * mm], size=7.5, valign="MIDDLE"))
    doc.build(story)
    return out.getvalue()


MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def _not_found(request: Request) -> JSONResponse:
    return error_response(DomainError(NOT_FOUND), locale_of(request))


def _download(body: bytes, fmt: str, filename: str, display_name: str | None = None) -> Response:
    """The file as an attachment; `display_name` (may be Chinese) as RFC 6266 filename*."""
    disposition = f'attachment; filename="{filename}"'
    if display_name:
        disposition += f"; filename*=UTF-8''{quote(display_name)}"
    return Response(body, media_type=MEDIA[fmt], headers={"content-disposition": disposition,
                                                         "cache-control": "no-store"})


async def _export(request: Request, make: Callable[[AsyncSession, Principal], Awaitable[Response]]) -> Response:
    """Common to the export routes: the signed-in principal from the session cookie, one session,
    `make(db_session, principal)` → Response (its DomainError answered as JSON with a status)."""
    settings = request.app.state.settings
    async with request.app.state.database.session() as raw:
        db_session = cast(AsyncSession, SerialSession(raw))  # every call passed through, statements queued
        principal = await principal_for_token(db_session=db_session, authorizer=request.app.state.authorizer,
                                              token=request.cookies.get(settings.session_cookie))
        if not principal.authenticated:
            return error_response(DomainError(UNAUTHENTICATED), locale_of(request))
        try:
            return await make(db_session, principal)
        except DomainError as error:
            font_missing = error.message_key == "evaluation.EXPORT_FONT_MISSING"
            return error_response(error, locale_of(request), status=500 if font_missing else None)


async def export_route(request: Request) -> Response:
    """GET /exports/annual-review/{county_id}/{year}.{fmt} — the stored (else live) review of a
    county, for a signed-in user who may read the county's evaluation."""
    fmt = request.path_params["fmt"]
    if fmt not in MEDIA:
        return _not_found(request)
    try:
        year = int(request.path_params["year"])
        county_id = ids.decode("Unit", request.path_params["county_id"])
    except (ValueError, DomainError):
        return _not_found(request)

    async def make(db_session: AsyncSession, principal: Principal) -> Response:
        data = await annual_review(db_session=db_session, principal=principal, county_id=county_id,
                                           year=year)
        audit.record(db_session=db_session, tenant_id=data.county.id, actor_id=principal.user_id,
                     action="evaluation.export", object_type="review_run", object_id=data.run_id, format=fmt,
                     year=year)
        await db_session.commit()
        computed = data.computed_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
        if fmt == "xlsx":
            body = review_xlsx(data.result, template=data.template, policy=data.policy, computed_at=computed)
        else:
            body = review_pdf(data.result, computed_at=computed)
        return _download(body, fmt, f"annual-review-{data.county.code}-{year}.{fmt}")

    return await _export(request, make)


# ---------------------------------------------------------------------------------------------
# 申报表 / 推荐表 of a declaration (content: server.evaluation.documents)


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _declaration_sections(doc: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]], tuple[float, ...]]]:
    """(heading, column headers, rows, column shares of the PDF page width) of every section after
    the title, shared by both formats."""
    review = doc["review"]
    if review is None:
        figures = [["考评结果", "该单位不在年度考评的排名范围内"]]
    else:
        figures = [
            ["得分", review["score"]], ["等次", review["grade"]],
            ["排名", f"第 {review['rank']} 名（共 {review['population_size']} 个）"],
            ["一票否决", _yes(review["vetoed"]) + (f"（{'；'.join(review['veto_reasons'])}）" if review["vetoed"] else "")],
            *[[p["label"], f"{p['score']} × {p['weight']} = {p['weighted']}" + ("（缺评分）" if p["missing"] else "")]
              for p in review["parts"]],
            ["加权小计", review["subtotal"]], ["事件扣分", review["deductions"]],
        ]
    figures += [["数据来源", doc["review_source"]], ["规则模板", doc["template"]]]
    sanwu = doc["sanwu"]
    self_assessment = doc["self_assessment"]
    return [
        ("一、申报单位", ["项目", "内容"], [
            ["单位", doc["unit_name"]], ["层级", doc["unit_level"]],
            *([["所属乡镇", doc["township_name"]]] if doc["township_name"] else []),
            ["县（市、区）", doc["county_name"]], ["年度", str(doc["year"])], ["当前环节", doc["status_zh"]],
        ], (0.3, 0.7)),
        ("二、年度考评结果", ["项目", "内容"], figures, (0.3, 0.7)),
        (f"三、“三无”情况：{'达到' if sanwu['qualifies'] else '未达到'}", ["标准", "结果", "依据"],
         [[c["label"], "达标" if c["passed"] else "未达标", c["detail"]] for c in sanwu["criteria"]], (0.55, 0.13, 0.32)),
        ("四、规范化指标（本年度）", ["指标", "分子 / 分母", "比率"],
         [[r["label"], f"{r['numerator']} / {r['denominator']}", r["percent"]] for r in doc["rates"]],
         (0.5, 0.25, 0.25)),
        (f"五、自查自评（{self_assessment['earned']} / {self_assessment['maximum']} 分）", ["编号", "指标", "得分 / 满分"],
         [[x["code"], x["name"], f"{x['points']} / {x['max_points']}"] for x in self_assessment["lines"]],
         (0.1, 0.68, 0.22)),
        ("六、申报材料", ["文件名", "大小", "上传单位", "上传时间"],
         [[f["filename"], f["size"], f["unit_name"], f["uploaded_at"]] for f in doc["files"]], (0.46, 0.12, 0.2, 0.22)),
        ("七、办理过程", ["环节", "决定", "单位", "角色", "经办人", "时间", "意见"],
         [[s["stage"], s["decision"], s["unit_name"], s["role"], s["actor"], s["at"], s["comment"]]
          for s in doc["steps"]], (0.12, 0.12, 0.14, 0.15, 0.1, 0.13, 0.24)),
    ]


def declaration_xlsx(doc: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = doc["kind"]
    ws.append([doc["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"生成时间：{doc['generated_at']}"])
    for heading, headers, rows, _ in _declaration_sections(doc):
        ws.append([])
        ws.append([heading])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
        ws.append(headers)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for line in rows or [["（无）"]]:
            ws.append(line)
    ws.append([])
    ws.append([doc["notice"]])
    for n, w in enumerate((26, 44, 30, 16, 14, 18, 40), start=1):
        ws.column_dimensions[get_column_letter(n)].width = w
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def declaration_pdf(doc: dict[str, Any], *, font_path: Path | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register_font(font_path)
    title = ParagraphStyle("t", fontName=FONT_NAME, fontSize=15, leading=20, alignment=1)
    heading = ParagraphStyle("h", fontName=FONT_NAME, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3)
    small = ParagraphStyle("s", fontName=FONT_NAME, fontSize=8, leading=10)
    cell = ParagraphStyle("c", fontName=FONT_NAME, fontSize=8, leading=10)
    width = A4[0] - 24 * mm
    out = io.BytesIO()
    doc_template = SimpleDocTemplate(out, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                                     bottomMargin=12 * mm, title=doc["title"], author="联创")
    story = [Paragraph(doc["title"], title), Paragraph(f"生成时间：{doc['generated_at']}", small), Spacer(1, 2 * mm)]
    for text, headers, rows, shares in _declaration_sections(doc):
        story.append(Paragraph(text, heading))
        data = [headers] + [[Paragraph(str(v), cell) for v in line] for line in rows]
        if not rows:
            data.append([Paragraph("（无）", cell)] + [""] * (len(headers) - 1))
        story.append(_pdf_table(data, [width * f for f in shares], size=8, valign="TOP"))
    story += [Spacer(1, 4 * mm), Paragraph(doc["notice"], small)]
    doc_template.build(story)
    return out.getvalue()


async def declaration_route(request: Request) -> Response:
    """GET /exports/declarations/{id}.{fmt} — a declaration's 申报表 / 推荐表 generated now, for
    exactly whoever may see the declaration (404 otherwise); audited."""
    fmt = request.path_params["fmt"]
    if fmt not in MEDIA:
        return _not_found(request)
    try:
        declaration_id = ids.decode("Declaration", request.path_params["id"])
    except DomainError:
        return _not_found(request)

    async def make(db_session: AsyncSession, principal: Principal) -> Response:
        doc = await document.declaration_document(db_session=db_session, principal=principal,
                                               declaration_id=declaration_id, fmt=fmt)
        body = declaration_xlsx(doc) if fmt == "xlsx" else declaration_pdf(doc)
        return _download(body, fmt, f"declaration-{doc['file_stem']}.{fmt}",
                         f"{doc['unit_name']}{doc['year']}年度“三无”{doc['kind']}.{fmt}")

    return await _export(request, make)

"""The annual review as XLSX (openpyxl) and PDF (reportlab, with a Chinese font embedded), and
the HTTP route that serves them with the session cookie and a permission check.

The PDF embeds (a subset of) a TrueType CJK font found on the machine: `LC_CJK_FONT` if set,
else Debian's fonts-wqy-microhei / fonts-wqy-zenhei / fonts-arphic (the Makefile and .ci/run
install fonts-wqy-microhei). Aggregates only: no case or petitioner appears in either file.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server import ids
from server.errors import DomainError

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


def _table(result: dict) -> list[list]:
    names = {r["unit_id"]: r["unit_name"] for r in result["rows"]}
    lines = []
    for r in result["rows"]:
        parts = {p["code"]: p for p in r["breakdown"]["parts"]}
        lines.append([
            LEVEL_ZH.get(r["level"], r["level"]), r["rank"], r["unit_name"],
            names.get(r["parent_id"], "") if r["level"] == "VILLAGE" else "",
            float(r["score"]), r["grade_zh"], "是" if r["sanwu"] else "否", "是" if r["vetoed"] else "",
            "；".join(c["label_zh"] for c in r["inputs"]["sanwu"]["criteria"] if not c["passed"]),
            float(parts["SELF_ASSESSMENT"]["score"]), float(parts["PUBLIC_EVALUATION"]["score"]),
            float(parts["ORGANISATIONAL_ASSESSMENT"]["score"]), float(r["breakdown"]["subtotal"]),
            float(r["breakdown"]["deductions"]["total"]), r["breakdown"]["formula"],
        ])
    return lines


def _title(result: dict) -> str:
    return f"{result['county_name']}{result['year']}年度信访工作“三无”创建联评结果"


def review_xlsx(result: dict, *, template: dict, policy: dict, computed_at: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "年度考评"
    ws.append([_title(result)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"规则模板：{result['template_code']}（第 {result['config_version']} 版）  计算时间：{computed_at}"])
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
    for r in result["rows"]:
        i = r["inputs"]
        for line in i["self_assessment_lines"]:
            inputs.append([r["unit_name"], "自查自评", f"{line['indicator']} {line['name']}",
                           f"{line['points']} / {line['max_points']}"])
        for s in i["public_rater_scores"]:
            inputs.append([r["unit_name"], "群众点评（特邀评议员）", f"评分 #{s['rating_id']}", s["score"]])
        c = i["citizen_ratings"]
        if sum(c.values()):
            inputs.append([r["unit_name"], "群众点评（信访人评价）", "满意 / 基本满意 / 不满意",
                           f"{c['satisfied']} / {c['basically_satisfied']} / {c['dissatisfied']}"])
        for s in i["assessor_scores"]:
            inputs.append([r["unit_name"], "组织考评", f"评分 #{s['rating_id']}", s["score"]])
        for inc in i["incidents"]:
            inputs.append([r["unit_name"], "事件", f"#{inc['id']} {inc['kind']} {inc['occurred_on']}",
                           f"{inc['headcount']} 人"])
    for col, w in zip("ABCD", (16, 22, 50, 16)):
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


def review_pdf(result: dict, *, computed_at: str, font_path: Path | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font_path = font_path or find_font()
    if font_path is None:
        raise DomainError("INTERNAL", "evaluation.EXPORT_FONT_MISSING")
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        kwargs = {"subfontIndex": 0} if font_path.suffix.lower() == ".ttc" else {}
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path), **kwargs))
    title = ParagraphStyle("t", fontName=FONT_NAME, fontSize=15, leading=20)
    small = ParagraphStyle("s", fontName=FONT_NAME, fontSize=8, leading=10)
    cell = ParagraphStyle("c", fontName=FONT_NAME, fontSize=7.5, leading=9)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=_title(result), author="联创")
    story = [
        Paragraph(_title(result), title),
        Paragraph(f"规则模板：{result['template_code']}（第 {result['config_version']} 版）　计算时间：{computed_at}",
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
    table = Table(data, repeatRows=1, colWidths=[14 * mm, 10 * mm, 28 * mm, 20 * mm, 14 * mm, 14 * mm, 10 * mm,
                                                 10 * mm, 62 * mm, 16 * mm, 16 * mm, 16 * mm, 12 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story.append(table)
    doc.build(story)
    return out.getvalue()


async def export_route(request: Request) -> Response:
    """GET /exports/annual-review/{county_id}/{year}.{fmt} — the stored (else live) review of a
    county, for a signed-in user who may read the county's evaluation."""
    from server.auth.service import principal_for_token
    from server.db import SerialSession
    from server.evaluation import service

    settings = request.app.state.settings
    database = request.app.state.database
    authorizer = request.app.state.authorizer
    fmt = request.path_params["fmt"]
    if fmt not in ("xlsx", "pdf"):
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    try:
        year = int(request.path_params["year"])
        county_id = ids.decode("Unit", request.path_params["county_id"])
    except (ValueError, DomainError):
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    async with database.session() as raw:
        db_session = SerialSession(raw)
        principal = await principal_for_token(db_session=db_session, authorizer=authorizer,
                                              token=request.cookies.get(settings.session_cookie))
        if not principal.authenticated:
            return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401)
        try:
            data = await service.annual_review(db_session=db_session, principal=principal, county_id=county_id,
                                               year=year)
        except DomainError as error:
            status = {"FORBIDDEN": 403, "NOT_FOUND": 404}.get(error.code, 400)
            return JSONResponse({"error": error.code}, status_code=status)
        from server.audit import service as audit

        audit.record(db_session=db_session, tenant_id=data.county.id, actor_id=principal.user_id,
                     action="evaluation.export", object_type="review_run", object_id=data.run_id, format=fmt,
                     year=year)
        await db_session.commit()
    computed = data.computed_at.astimezone(__import__("server.dates", fromlist=["CHINA"]).CHINA).strftime(
        "%Y-%m-%d %H:%M")
    filename = f"annual-review-{data.county.code}-{year}.{fmt}"
    if fmt == "xlsx":
        body = review_xlsx(data.result, template=data.template, policy=data.policy, computed_at=computed)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        try:
            body = review_pdf(data.result, computed_at=computed)
        except DomainError:
            return JSONResponse({"error": "FONT_MISSING"}, status_code=500)
        media = "application/pdf"
    return Response(body, media_type=media, headers={
        "content-disposition": f'attachment; filename="{filename}"', "cache-control": "no-store"})

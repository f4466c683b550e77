"""Plain HTTP routes of cases: the ledger export, the reply letter (files: server/attachment/routes.py).

    GET  /exports/cases.xlsx?filter=  the ledger; `filter` is the CaseFilter of GraphQL as JSON
    GET  /letters/reply/{caseId}      the printable reply letter with its rating QR code
"""
import html
import json
from urllib.parse import quote

import segno
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from server import ids
from server.case import ledger
from server.case import public as case_public
from server.case import rules as case_rules
from server.case import service as case_service
from server.case.models import CaseStatus, MatterKind
from server.dates import CHINA
from server.errors import NOT_FOUND, DomainError
from server.http import error_response, locale_of, signed_in


async def export_cases(request: Request) -> Response:
    locale = locale_of(request)
    async with signed_in(request) as (db_session, principal):
        try:
            flt = filter_from_json(json.loads(request.query_params.get("filter") or "{}"))
            content = await ledger.export(db_session=db_session, principal=principal, flt=flt)
        except (ValueError, TypeError):
            return error_response(DomainError("INVALID", field=["filter"]), locale)
        except DomainError as error:
            return error_response(error, locale)
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote('信访事项台账.xlsx')}",
        "cache-control": "private, no-store",
    })


def filter_from_json(raw: object) -> case_service.CaseFilter:
    """The ledger's `filter`: the fields of GraphQL's CaseFilter, as JSON (ValueError when malformed)."""
    if not isinstance(raw, dict):
        raise ValueError("filter is not an object")
    statuses = raw.get("status")
    if statuses is not None and not isinstance(statuses, list):
        raise ValueError("status is not a list")
    return case_service.CaseFilter(
        unit_id=ids.decode("Unit", str(raw["unitId"]), field=["filter", "unitId"]) if raw.get("unitId") else None,
        statuses=[CaseStatus(s) for s in statuses] if statuses else None,
        overdue=raw.get("overdue"),
        due_soon=raw.get("dueSoon"),
        flagged=raw.get("flagged"),
        repeat=raw.get("repeat"),
        kind=MatterKind(raw["kind"]) if raw.get("kind") else None,
        search=raw.get("search"),
    )


async def reply_letter(request: Request) -> Response:
    """The written answer now in force to print — the reply (信访处理意见书), or the 复查 / 复核 opinion
    with its stated result — with the QR code of the rating link."""
    locale = locale_of(request)
    settings = request.app.state.settings
    async with signed_in(request) as (db_session, principal):
        try:
            case_id = ids.decode("Case", request.path_params["case_id"])
            case = case_service.readable(principal, await case_service.get(db_session=db_session, case_id=case_id))
            if case is None or not case_service.handles(principal, case) or not case.reply:
                raise DomainError(NOT_FOUND)
            signer, decided_by = case.handler_unit_id, None
            if case.reply_round >= 2:
                rereview = case.reply_round >= 3
                body = case.rereview_body_unit_id if rereview else case.review_body_unit_id
                signer = body or case.review_unit_id or signer
                decided_by = case.rereview_decided_by if rereview else case.review_decided_by
            unit = await db_session.get(case_service.Unit, signer)
            token = await case_public.rating_link(db_session=db_session, settings=settings, case=case)
        except DomainError as error:
            return error_response(error, locale)
    qr = ""
    if token:
        url = f"{settings.public_base_url.rstrip('/')}/public/rate/{token}"
        qr = segno.make(url, error="m").svg_inline(scale=4) + f"<p class=small>扫码评价本次答复（{html.escape(url)}）</p>"
    outcome = case_rules.OUTCOME_ZH.get(case.outcome, "") if case.outcome else ""
    replied = case.replied_at.astimezone(CHINA).strftime("%Y年%m月%d日") if case.replied_at else ""
    due = case.review_request_due_at.astimezone(CHINA).strftime("%Y年%m月%d日") if case.review_request_due_at else ""
    # The answer now in force: the reply, the 复查 opinion (round 2) or the 复核 opinion (round 3),
    # signed by the body that gave it, with the result the reviewer stated.
    title, conclusion, right = "信访事项处理意见书", "", "复查"
    if case.reply_round >= 2:
        rereview = case.reply_round >= 3
        title = "信访事项复核意见书" if rereview else "信访事项复查意见书"
        result = case.rereview_result if rereview else case.review_result
        if result:
            label = "复核结论" if rereview else "复查结论"
            conclusion = f"<p>{label}：{case_rules.review_result_text(result, rereview=rereview)}。</p>"
        right = None if rereview else "复核"
    right = (
        f"<p>如对本意见不服，可以自收到本意见书之日起30日内（{html.escape(due)}前）向上一级机关请求{right}。</p>"
        if right else "<p>本复核意见为终结意见。</p>"
    )
    body = f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"Noto Serif CJK SC","Songti SC",serif;max-width:720px;margin:40px auto;line-height:1.9}}
h1{{text-align:center;font-size:24px}} .small{{font-size:12px;color:#555}} .qr{{float:right;text-align:center}}
@media print{{button{{display:none}}}}</style>
<button onclick="print()">打印</button>
<h1>{title}</h1>
<p>查询码：{html.escape(case.query_code)}</p>
<p>事项：{html.escape(case.title)}</p>
<div class="qr">{qr}</div>
{conclusion}<p>处理意见（{html.escape(outcome)}）：</p><p>{html.escape(case.reply).replace(chr(10), "<br>")}</p>
{right}
<p style="text-align:right">{html.escape(case_rules.issued_by(unit.name if unit else "", decided_by))}<br>{replied}</p>
</html>"""
    return HTMLResponse(body, headers={"cache-control": "private, no-store"})


routes = [
    Route("/exports/cases.xlsx", export_cases),
    Route("/letters/reply/{case_id}", reply_letter),
]

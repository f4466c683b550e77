"""Plain HTTP routes of cases: the ledger export, the reply letter (files: server/attachment/routes.py).

    GET  /exports/cases.xlsx?filter=  the ledger; `filter` is the CaseFilter of GraphQL as JSON
    GET  /letters/reply/{caseId}      the printable reply letter with its rating QR code
    GET  /letters/print.js            the letter's print button
"""
import json
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from server import ids
from server.case import ledger, letter, public_rating
from server.case import queries as case_queries
from server.case.models import CaseStatus, MatterKind
from server.case.visibility import handles, readable
from server.errors import NOT_FOUND, DomainError
from server.http import error_response, locale_of, signed_in
from server.unit.models import Unit


async def export_cases(request: Request) -> Response:
    locale = locale_of(request)
    async with signed_in(request) as (db_session, principal):
        try:
            flt = filter_from_json(json.loads(request.query_params.get("filter") or "{}"))
            content = await ledger.export(
                db_session=db_session, principal=principal, flt=flt, max_rows=request.app.state.settings.case_export_max_rows
            )
        except (ValueError, TypeError):
            return error_response(DomainError("INVALID", field=["filter"]), locale)
        except DomainError as error:
            return error_response(error, locale)
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote('信访事项台账.xlsx')}",
        "cache-control": "private, no-store",
    })


def filter_from_json(raw: object) -> case_queries.CaseFilter:
    """The ledger's `filter`: the fields of GraphQL's CaseFilter, as JSON (ValueError when malformed)."""
    if not isinstance(raw, dict):
        raise ValueError("filter is not an object")
    statuses = raw.get("status")
    if statuses is not None and not isinstance(statuses, list):
        raise ValueError("status is not a list")
    return case_queries.CaseFilter(
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
    with its stated result — with the QR code of the rating link (server/case/letter.py)."""
    locale = locale_of(request)
    settings = request.app.state.settings
    async with signed_in(request) as (db_session, principal):
        try:
            case_id = ids.decode("Case", request.path_params["case_id"])
            case = readable(principal, await case_queries.get(db_session=db_session, case_id=case_id))
            if case is None or not handles(principal, case) or not case.reply:
                raise DomainError(NOT_FOUND)
            signer, decided_by = case.handler_unit_id, None
            if case.reply_round >= 2:
                rereview = case.reply_round >= 3
                body = case.rereview_body_unit_id if rereview else case.review_body_unit_id
                signer = body or case.review_unit_id or signer
                decided_by = case.rereview_decided_by if rereview else case.review_decided_by
            unit = await db_session.get(Unit, signer)
            token = await public_rating.rating_link(db_session=db_session, settings=settings, principal=principal, case=case)
        except DomainError as error:
            return error_response(error, locale)
    url = f"{settings.public_base_url.rstrip('/')}/public/rate/{token}" if token else None
    facts = letter.LetterFacts(case=case, signer_name=unit.name if unit else "", decided_by=decided_by, rating_url=url)
    return HTMLResponse(letter.render(facts, locale), headers={"cache-control": "private, no-store"})


async def print_script(request: Request) -> Response:
    """The letter's print button (a script from this origin: the CSP allows no inline script)."""
    return Response(letter.PRINT_SCRIPT, media_type="text/javascript", headers={"cache-control": "public, max-age=86400"})


routes = [
    Route("/exports/cases.xlsx", export_cases),
    Route("/letters/reply/{case_id}", reply_letter),
    Route(letter.PRINT_SCRIPT_PATH, print_script),
]

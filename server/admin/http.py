"""Sheet uploads for the administration, outside GraphQL (files do not fit in a JSON body).

    POST /admin/import/units?tenantId=<Unit id of the county>&apply=0|1
         [&mode=MERGE|REPLACE][&scope=<Unit id of the county or a township>][&confirm=<n>]
    POST /admin/import/users?tenantId=<Unit id of the county>&apply=0|1
    headers: X-Filename: <url-encoded file name> (required: it also keeps cross-site forms out),
             the session cookie; body: the file's bytes (CSV or XLSX).

Units: `mode=MERGE` (the default) adds and updates and retires nothing; `mode=REPLACE` takes the
sheet as the full list of `scope` (the county when omitted, or one township) and retires what it
leaves out — applied only with `confirm=<the number of retirements the preview showed>`.
`apply=0` is the dry run: a JSON report of what would change and of every row's errors.
`apply=1` answers with NDJSON: `{"progress": {"done": n, "total": m}}` lines while the changes
are written, then one `{"result": {...}}` line (the same report, `applied: true`). The changes are
one transaction: a sheet with any error changes nothing. Refusals (not signed in, not allowed,
too large, not a spreadsheet) are a 4xx JSON `{"errors": [{"code", "message", "field"}]}`.
"""
from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from server import ids
from server.admin import unit_import, user_import
from server.admin.importer import planning, sheet
from server.auth.service import principal_for_token
from server.errors import NOT_FOUND, DomainError
from server.http import error_response
from server.i18n import negotiate, translate


def row_errors(errors: list[sheet.RowError], locale: str) -> list[dict]:
    return [
        {"line": e.line, "column": e.column, "code": e.code,
         "message": translate(f"error.{e.code}", locale, **e.params)}
        for e in errors
    ]


def plan_report(plan: planning.Plan, locale: str, *, applied: bool) -> dict:
    return {
        "ok": plan.ok,
        "applied": applied and plan.ok,
        "layout": plan.layout.value if plan.layout else None,
        "mode": plan.mode.value,
        "scope": plan.scope,
        "rows": plan.rows,
        "skipped": plan.skipped,
        "unchanged": plan.unchanged,
        "counts": plan.counts(),
        "changes": [
            {"kind": c.kind.value, "level": c.level.value, "path": c.path, "newPath": c.new_path, "name": c.name,
             "oldName": c.old_name, "line": c.line}
            for c in plan.changes
        ],
        "errors": row_errors(plan.errors, locale),
    }


def users_report(result: user_import.UserImport, locale: str, *, applied: bool) -> dict:
    return {
        "ok": result.ok,
        "applied": applied and result.ok,
        "rows": [
            {"line": r.line, "username": r.username, "displayName": r.display_name, "unitPath": r.unit_path,
             "role": r.role, "initialPassword": r.password,
             "pending": r.pending}
            for r in result.rows
        ],
        "errors": row_errors(result.errors, locale),
    }


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise DomainError("FILE_TOO_LARGE", field=["file"], max_mb=round(limit / 1_000_000, 1))
    chunks, seen = [], 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise DomainError("FILE_TOO_LARGE", field=["file"], max_mb=round(limit / 1_000_000, 1))
        chunks.append(chunk)
    return b"".join(chunks)


def _unit_options(request: Request) -> dict:
    """mode, scope and the typed confirmation of a unit import, from the query string."""
    params = request.query_params
    try:
        mode = planning.Mode((params.get("mode") or "MERGE").upper())
    except ValueError:
        raise DomainError("BAD_USER_INPUT", field=["mode"]) from None
    scope = params.get("scope")
    confirm = (params.get("confirm") or "").strip()
    return {
        "mode": mode,
        "scope_id": ids.decode("Unit", scope, field=["scope"]) if scope else None,
        "confirm_retire": int(confirm) if confirm.isdigit() else None,
    }


async def import_endpoint(request: Request) -> Response:
    state = request.app.state
    settings, database, authorizer = state.settings, state.database, state.authorizer
    locale = negotiate(request.headers.get("accept-language"))
    kind = request.path_params["kind"]
    if kind not in ("units", "users"):
        return error_response(DomainError(NOT_FOUND), locale)
    apply = request.query_params.get("apply") in ("1", "true")
    filename = unquote(request.headers.get("x-filename", ""))[:255]
    try:
        if not filename:
            raise DomainError("REQUIRED", field=["filename"])
        tenant_id = ids.decode("Unit", request.query_params.get("tenantId", ""), field=["tenantId"])
        async with database.session() as db_session:
            principal = await principal_for_token(
                db_session=db_session, authorizer=authorizer, token=request.cookies.get(settings.session_cookie)
            )
            principal.require_user()
            data = await _read_body(request, settings.import_max_bytes)
            unit_options = _unit_options(request) if kind == "units" else {}
            common = dict(db_session=db_session, principal=principal, tenant_id=tenant_id, filename=filename,
                          data=data, max_bytes=settings.import_max_bytes)
            if kind == "units":
                plan = await unit_import.plan_unit_import(
                    **common, mode=unit_options["mode"], scope_id=unit_options["scope_id"]
                )
                if not apply or not plan.ok:
                    return JSONResponse(plan_report(plan, locale, applied=False))
                unit_import.check_confirmation(plan, unit_options["confirm_retire"])
            else:
                result = await user_import.import_users(**common, apply=False)
                if not apply or not result.ok:
                    return JSONResponse(users_report(result, locale, applied=False))
    except DomainError as error:
        return error_response(error, locale)

    async def stream() -> AsyncIterator[bytes]:
        queue: list[bytes] = []

        async def progress(done: int, total: int) -> None:
            queue.append(json.dumps({"progress": {"done": done, "total": total}}).encode() + b"\n")

        # The changes run inside the generator so progress lines go out while they are written.
        async with database.session() as db_session:
            principal = await principal_for_token(
                db_session=db_session, authorizer=authorizer, token=request.cookies.get(settings.session_cookie)
            )
            try:
                if kind == "units":
                    task = unit_import.apply_unit_import(
                        **{**common, "db_session": db_session, "principal": principal}, **unit_options,
                        progress=progress,
                    )
                else:
                    task = user_import.import_users(**{**common, "db_session": db_session, "principal": principal},
                                              apply=True, progress=progress)
                async for line in _drain(task, queue, locale):
                    yield line
            except DomainError as error:
                await db_session.rollback()
                body = json.loads(error_response(error, locale).body)
                yield json.dumps(body, ensure_ascii=False).encode() + b"\n"

    return StreamingResponse(stream(), media_type="application/x-ndjson")


async def _drain(task, queue: list[bytes], locale: str) -> AsyncIterator[bytes]:
    """Run the apply coroutine step by step, yielding progress lines as soon as they are queued."""
    import asyncio

    runner = asyncio.ensure_future(task)
    while not runner.done():
        await asyncio.wait({runner}, timeout=0.05)
        while queue:
            yield queue.pop(0)
    while queue:
        yield queue.pop(0)
    result = runner.result()
    if isinstance(result, planning.Plan):
        report = plan_report(result, locale, applied=True)
    else:
        report = users_report(result, locale, applied=True)
    yield json.dumps({"result": report}, ensure_ascii=False).encode() + b"\n"


routes = [Route("/admin/import/{kind:str}", import_endpoint, methods=["POST"])]

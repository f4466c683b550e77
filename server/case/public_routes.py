"""The citizen's upload (no account): photos and scanned letters for an online petition.

    POST /public/attachments?unitId=  multipart field `file`; header X-Requested-With: lianchuang.
                                      `unitId` is the public unit the citizen picked (its county
                                      keeps the file). Photos (JPEG, PNG, WebP) and PDF scans only.
                                      Answers {id, filename, contentType, size, expiresAt} where
                                      `id` is the signed, expiring upload token (not the file's
                                      id, which is never shown): it goes into `submitPetition`'s
                                      `attachmentTokens`, as every upload's id goes into its form.

Rate-limited per address (`public_uploads_per_ip_per_hour`); each petition takes at most
`public_uploads_per_petition` files. Nobody can read the file until a petition links it; then
the units handling the case can.
"""
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server import ids
from server.attachment.routes import read_upload
from server.case import public, public_submission
from server.errors import FORBIDDEN, DomainError
from server.http import error_response, locale_of
from server.security.client import client_address


def _caller(request: Request) -> public.Caller:
    settings = request.app.state.settings
    return public.Caller(ip=client_address(request, settings.trusted_proxies), settings=settings)


async def upload(request: Request) -> Response:
    locale = locale_of(request)
    caller = _caller(request)
    try:
        if request.headers.get("x-requested-with") != "lianchuang":
            raise DomainError(FORBIDDEN)
        await public_submission.count_upload(caller)
        unit_id = ids.decode("Unit", request.query_params.get("unitId") or "", field=["unitId"])
        filename, data = await read_upload(request, caller.settings)
        async with request.app.state.database.session() as db_session:
            attachment, token, expires = await public_submission.keep_upload(
                db_session=db_session, caller=caller, unit_id=unit_id, filename=filename, data=data
            )
    except DomainError as error:
        return error_response(error, locale)
    return JSONResponse(
        {
            "id": token, "filename": attachment.filename, "contentType": attachment.content_type,
            "size": attachment.size, "expiresAt": expires.isoformat(),
        },
        status_code=201,
        headers={"cache-control": "no-store"},
    )


routes = [Route("/public/attachments", upload, methods=["POST"])]

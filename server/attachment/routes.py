"""The HTTP routes of stored files (multipart does not fit a GraphQL JSON body).

    POST /attachments[?purpose=evidence]  multipart field `file`; header X-Requested-With: lianchuang.
                                          Photos and scanned PDFs; `evidence` also takes Word and Excel.
                                          Answers {id, filename, contentType, size}; the id is then
                                          passed to the mutation that saves the record.
    GET  /attachments/{id}                the bytes, for whoever may read the record the file belongs to
"""
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server import ids
from server.attachment import access, store
from server.attachment.models import Attachment
from server.errors import FORBIDDEN, DomainError
from server.http import capped, error_response, locale_of, signed_in
from server.settings import Settings

PURPOSES = {"": store.PHOTOS_AND_SCANS, "evidence": store.DOCUMENTS}


async def read_upload(request: Request, settings: Settings) -> tuple[str, bytes]:
    """The one file of a multipart upload, refused before reading when it is plainly too large.

    The custom header keeps other sites' forms from posting here (they cannot set it without CORS).
    """
    if request.headers.get("x-requested-with") != "lianchuang":
        raise DomainError(FORBIDDEN)
    length = request.headers.get("content-length")
    limit = settings.attachment_max_mb * 1024 * 1024
    too_large = DomainError("FILE_TOO_LARGE", "error.ATTACHMENT_SIZE", field=["file"], max=settings.attachment_max_mb)
    if length and length.isdigit() and int(length) > limit + 1024 * 1024:
        raise too_large
    # The multipart envelope adds a little to the file; the body is cut off past that.
    form = await capped(request, limit + 64 * 1024, too_large).form(max_files=1, max_fields=5)
    upload_file = form.get("file")
    if upload_file is None or isinstance(upload_file, str):
        raise DomainError("REQUIRED", field=["file"])
    data = await upload_file.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return upload_file.filename or "file", data


def described(attachment: Attachment, **extra: object) -> dict:
    return {
        "id": ids.encode("Attachment", attachment.id), "filename": attachment.filename,
        "contentType": attachment.content_type, "size": attachment.size, **extra,
    }


async def upload(request: Request) -> Response:
    locale = locale_of(request)
    settings = request.app.state.settings
    accepted = PURPOSES.get(request.query_params.get("purpose", ""))
    if accepted is None:
        return error_response(DomainError("INVALID", field=["purpose"]), locale)
    async with signed_in(request) as (db_session, principal):
        try:
            user_id = principal.require_user()
            filename, data = await read_upload(request, settings)
            attachment = await store.keep(
                db_session=db_session, settings=settings, tenant_id=principal.tenant_id, user_id=user_id,
                filename=filename, data=data, accepted=accepted,
            )
            await db_session.commit()
        except DomainError as error:
            return error_response(error, locale)
    return JSONResponse(described(attachment), status_code=201)


def file_response(attachment: Attachment, data: bytes) -> Response:
    return Response(data, media_type=attachment.content_type, headers={
        "content-disposition": f"inline; filename*=UTF-8''{quote(attachment.filename)}",
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
    })


async def download(request: Request) -> Response:
    locale = locale_of(request)
    async with signed_in(request) as (db_session, principal):
        try:
            attachment_id = ids.decode("Attachment", request.path_params["attachment_id"])
            attachment = await access.read(db_session=db_session, principal=principal, attachment_id=attachment_id)
        except DomainError as error:
            return error_response(error, locale)
    return file_response(attachment, store.content(request.app.state.settings, attachment))


routes = [
    Route("/attachments", upload, methods=["POST"]),
    Route("/attachments/{attachment_id}", download),
]

"""Shared pieces of the plain HTTP routes (files that do not fit a GraphQL JSON body)."""
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Message

from server.auth.principal import Principal
from server.auth.service import principal_for_token
from server.errors import FORBIDDEN, NOT_FOUND, RATE_LIMITED, UNAUTHENTICATED, DomainError, ValidationErrors
from server.i18n import negotiate, translate

STATUS = {UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, RATE_LIMITED: 429, "FILE_TOO_LARGE": 413}


def locale_of(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def error_response(error: DomainError, locale: str, status: int | None = None) -> JSONResponse:
    """A refusal as JSON `{"errors": [{"code", "message", "field"}]}` with a fitting status: the one
    error shape of every plain HTTP endpoint (exports, imports, files)."""
    errors = error.errors if isinstance(error, ValidationErrors) else [error]
    body = {
        "errors": [
            {"code": e.code, "message": translate(e.message_key, locale, **e.params), "field": e.field}
            for e in errors
        ]
    }
    return JSONResponse(body, status_code=status or STATUS.get(error.code, 400))


@asynccontextmanager
async def signed_in(request: Request) -> AsyncIterator[tuple[AsyncSession, Principal]]:
    """A database session and the principal behind the request's session cookie."""
    database = request.app.state.database
    settings = request.app.state.settings
    async with database.session() as db_session:
        principal = await principal_for_token(
            db_session=db_session,
            authorizer=request.app.state.authorizer,
            token=request.cookies.get(settings.session_cookie),
        )
        yield db_session, principal


def capped(request: Request, limit: int, refusal: DomainError) -> Request:
    """The request with a body that raises `refusal` as soon as more than `limit` bytes came —
    chunked bodies without Content-Length included — so nothing larger is ever read whole."""
    seen = 0
    receive = request.receive

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise refusal
        return message

    return Request(request.scope, counted)

"""GraphQL over HTTP (the GraphQL-over-HTTP spec) on Starlette.

- `application/graphql-response+json` when the client accepts it, with 4xx for requests that
  could not be executed; `application/json` (always 200) otherwise.
- One database session per request, closed when the response is sent.
- Request bodies above the configured limit are refused before parsing.
- Automatic persisted queries (`schema/persisted.py`): a query may be sent as its SHA-256 only.
- Answers are private to the signed-in user: never stored by a browser or proxy cache.
"""
import json

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from schema.context import build_context
from schema.errors import format_error
from schema.persisted import PersistedQueries
from server.auth.policy import Authorizer
from server.db import Database
from server.errors import BAD_USER_INPUT, DomainError
from server.i18n import negotiate, translate
from server.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json"


def _wants_graphql_response(accept: str) -> bool:
    """Prefer the new media type when listed at least as high as application/json."""
    best: dict[str, float] = {}
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        best[media.strip().lower()] = max(q, best.get(media.strip().lower(), 0.0))
    return GRAPHQL_RESPONSE in best and best[GRAPHQL_RESPONSE] >= best.get("application/json", 0.0)


class LianchuangGraphQL(GraphQL):
    def __init__(self, schema, *, settings: Settings, database: Database, authorizer: Authorizer) -> None:
        super().__init__(schema, graphql_ide=None if settings.production else "graphiql")
        self.settings = settings
        self.database = database
        self.authorizer = authorizer
        self.persisted = PersistedQueries(settings.graphql_persisted_queries)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["lc.settings"] = self.settings
        scope["lc.authorizer"] = self.authorizer
        scope["lc.database"] = self.database
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope)
        locale = negotiate(request.headers.get("accept-language"))
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > self.settings.graphql_max_body_bytes:
            await self._refuse(scope, receive, send, 413, "error.REQUEST_TOO_LARGE", locale)
            return
        async with self.database.session() as db_session:
            scope["lc.db_session"] = db_session
            try:
                await super().__call__(scope, self._capped(receive), send)
            except TooLarge:
                await self._refuse(scope, receive, send, 413, "error.REQUEST_TOO_LARGE", locale)
            except NotUtf8:
                await self._refuse(scope, receive, send, 400, "error.BAD_USER_INPUT", locale)

    def decode_json(self, data: str | bytes) -> object:
        """A body that is not UTF-8 is the client's mistake (400), not a fault."""
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise NotUtf8 from None
        return super().decode_json(data)

    def encode_json(self, data: object) -> str:
        """The answer as compact JSON. orjson writes it several times faster than the standard
        library (a page of the case list: ~5 % of the request's CPU before); what it refuses — a
        lone surrogate, an integer beyond 64 bits — the standard library writes, as before.
        A str, not orjson's bytes: Strawberry sends bytes over the WebSocket as a binary frame,
        which the browser's graphql-ws client refuses (it closed every live subscription)."""
        try:
            return orjson.dumps(data).decode()
        except orjson.JSONEncodeError:
            return json.dumps(data, separators=(",", ":"))

    def _capped(self, receive: Receive) -> Receive:
        """A chunked body without Content-Length is cut off at the limit too."""
        seen = 0
        limit = self.settings.graphql_max_body_bytes

        async def wrapped():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        return wrapped

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, key: str, locale: str) -> None:
        body = {"errors": [{"message": translate(key, locale), "extensions": {"code": BAD_USER_INPUT}}]}
        await JSONResponse(body, status_code=status)(scope, receive, send)

    def should_render_graphql_ide(self, request) -> bool:
        # A GET with only the hash of a persisted query is a query, not a visit to GraphiQL.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def execute_single(self, request, request_adapter, sub_response, context, root_value, request_data):
        try:
            request_data.query = self.persisted.resolve(request_data.query, request_data.extensions)
        except DomainError as error:
            return ExecutionResult(data=None, errors=[GraphQLError(error.code, original_error=error)])
        return await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )

    async def get_context(self, request, response):
        return await build_context(request, response if isinstance(response, Response) else None)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.lc_accept = request.headers.get("accept", "")  # type: ignore[attr-defined]
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        locale = negotiate(request.headers.get("accept-language"))
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [format_error(e, locale) for e in result.errors]
        if result.data is None and result.errors and not _executed(result):
            data.pop("data")
        if result.extensions:
            data["extensions"] = result.extensions
        return data

    def create_response(self, response_data, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["cache-control"] = "private, no-store"
        if _wants_graphql_response(getattr(sub_response, "lc_accept", "")):
            response.headers["content-type"] = GRAPHQL_RESPONSE + "; charset=utf-8"
            if isinstance(response_data, dict) and "data" not in response_data and not sub_response.status_code:
                response.status_code = 400
        return response

    def _handle_errors(self, errors, response_data) -> None:
        """Errors are already formatted and logged in `process_result`."""


class TooLarge(Exception):
    pass


class NotUtf8(Exception):
    pass


def _executed(result: ExecutionResult) -> bool:
    """Did execution start? Parse and validation errors have no path and no data."""
    return any(e.path for e in (result.errors or []))


__all__ = ["LianchuangGraphQL"]

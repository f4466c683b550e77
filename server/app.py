"""The Starlette application: GraphQL at /graphql, the PWA at /, a health check.

The GraphQL endpoint is handed in by the caller (`lianchuang.app.create_app` builds it from
`schema/`): server/ never imports schema/.
"""
import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

from server.admin.http import routes as admin_routes
from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.attachment.routes import routes as attachment_routes
from server.attachment.store import purge_unlinked
from server.auth.policy import Authorizer
from server.case import files as case_files
from server.case.public_routes import routes as public_case_routes
from server.case.routes import routes as case_routes
from server.db import Database
from server.evaluation.assessment import evidence as evaluation_evidence
from server.evaluation.declaration import files as declaration_files
from server.evaluation.exports import declaration_route, export_route
from server.events import PostgresRelay, broker, relay_dsn
from server.ratelimit import limiter
from server.screening import disputes as screening_disputes
from server.security.config import refuse_unsafe
from server.security.headers import SecurityHeaders
from server.settings import Settings, get_settings

log = logging.getLogger("lianchuang")

# The domains whose records own files (GET /attachments/{id}): importing each registers, with
# server.attachment.access, who may read its files. create_app checks that every kind has one.
ATTACHMENT_OWNERS = (case_files, screening_disputes, declaration_files, evaluation_evidence)


class PwaFiles(StaticFiles):
    """The built PWA; unknown paths fall back to index.html so client routes survive a reload."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or path.startswith("assets/"):
                raise
            response = await super().get_response("index.html", scope)
        if path in ("sw.js", "registerSW.js", "index.html", ".", "") or path.endswith(".webmanifest"):
            response.headers["cache-control"] = "no-cache"
        elif path.startswith("assets/"):
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        elif path.startswith("icons/"):
            response.headers["cache-control"] = "public, max-age=604800"
        return response


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _purge_uploads_every(settings: Settings, database: Database) -> None:
    while True:
        await asyncio.sleep(settings.upload_purge_minutes * 60)
        try:
            async with database.session() as db_session:
                removed = await purge_unlinked(db_session=db_session, settings=settings)
            if removed:
                log.info("removed %d uploads never saved with a record", removed)
        except Exception:
            log.warning("purging unsaved uploads failed", exc_info=True)


# Builds the GraphQL endpoint (HTTP and WebSocket) for this process's settings, database and policy.
GraphQLFactory = Callable[[Settings, Database, Authorizer], ASGIApp]


def create_app(
    settings: Settings | None = None, database: Database | None = None, *, graphql: GraphQLFactory
) -> Starlette:
    unread = set(Attachment.OWNER_COLUMNS) - attachment_access.registered_columns()
    if unread:
        raise RuntimeError(f"no domain registered who may read the files of {sorted(unread)}")
    settings = settings or get_settings()
    refuse_unsafe(settings)
    limiter.configure(settings.rate_limit_storage)
    database = database or Database(settings.database_url, echo=settings.sql_echo)
    authorizer = Authorizer(database.engine)
    graphql_app = graphql(settings, database, authorizer)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await authorizer.reload()
        dsn = relay_dsn(settings.database_url)
        relay = PostgresRelay(broker, dsn) if dsn else None
        if relay is not None:
            await relay.start()
        purging = (
            asyncio.create_task(_purge_uploads_every(settings, database), name="lianchuang-purge-uploads")
            if settings.upload_purge_minutes > 0 else None
        )
        # What start-up built (modules, the schema, the mappers, the policy) lives as long as the
        # process: frozen out of the collector, so that the full collections that come every few
        # requests do not walk it each time (the annual review's third request paid 0.2–0.7 s).
        gc.collect()
        gc.freeze()
        yield
        if purging is not None:
            purging.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purging
        if relay is not None:
            await relay.stop()
        await database.dispose()

    routes = [
        Route("/healthz", healthz),
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        Route("/exports/annual-review/{county_id}/{year}.{fmt}", export_route),
        Route("/exports/declarations/{id}.{fmt}", declaration_route),
        *admin_routes,
        WebSocketRoute("/graphql", graphql_app),
        *attachment_routes,
        *case_routes,
        *public_case_routes,
    ]
    if (settings.pwa_dist / "index.html").exists():
        routes.append(Mount("/", app=PwaFiles(directory=settings.pwa_dist, html=True)))
    else:
        routes.append(
            Route("/", lambda r: PlainTextResponse("PWA not built: run `make run` (or `make pwa`)."))
        )
    # Compressed answers: the PWA's first load on slow 4G, and large GraphQL lists.
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[
        Middleware(SecurityHeaders, graphiql=not settings.production),
        Middleware(GZipMiddleware, minimum_size=1024),
    ])
    app.state.settings = settings
    app.state.database = database
    app.state.authorizer = authorizer
    return app

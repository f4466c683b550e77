"""Per-request context: one database session, the principal, the locale and the DataLoaders."""
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from server.auth.models import RoleGrant, User
from server.auth.policy import Authorizer
from server.auth.principal import Principal
from server.auth.service import principal_for_token
from server.case import queries as case_queries
from server.case.models import Case
from server.db import Database, SerialSession
from server.holidays import service as holiday_service
from server.i18n import negotiate
from server.settings import Settings
from server.unit.models import Unit

Row = TypeVar("Row", Unit, User)


def _serial(session: AsyncSession) -> AsyncSession:
    """The session shared by the request's resolvers: SerialSession passes every call through
    (queueing the statements), so to the services it is the session."""
    return cast(AsyncSession, SerialSession(session))


def _by_id_loader(db_session: AsyncSession, model: type[Row]) -> DataLoader[int, Row | None]:
    async def load(ids: list[int]) -> list[Row | None]:
        rows = await db_session.scalars(select(model).where(model.id.in_(ids)))
        found = {row.id: row for row in rows}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def _roles_loader(db_session: AsyncSession) -> DataLoader[int, list[str]]:
    async def load(user_ids: list[int]) -> list[list[str]]:
        rows = await db_session.execute(
            select(RoleGrant.user_id, RoleGrant.role).where(RoleGrant.user_id.in_(user_ids))
        )
        roles: dict[int, set[str]] = {}
        for user_id, role in rows:
            roles.setdefault(user_id, set()).add(role)
        return [sorted(roles.get(i, ())) for i in user_ids]

    return DataLoader(load_fn=load)


def _case_loader(db_session: AsyncSession) -> DataLoader[int, Case | None]:
    async def load(case_ids: list[int]) -> list[Case | None]:
        return await case_queries.get_many(db_session=db_session, case_ids=case_ids)

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    case: DataLoader[int, Case | None]
    unit: DataLoader[int, Unit | None]
    user: DataLoader[int, User | None]
    roles: DataLoader[int, list[str]]


@dataclass
class Context:
    request: Request
    response: Response
    db: AsyncSession
    settings: Settings
    authorizer: Authorizer
    principal: Principal
    locale: str
    loaders: Loaders
    session_token: str | None = None
    database: Database | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @contextlib.asynccontextmanager
    async def open_session(self) -> AsyncIterator[AsyncSession]:
        """A session of its own, for work outside the request (subscription updates), decided by
        the current policy like a request (a socket may outlive a change made elsewhere)."""
        assert self.database is not None
        async with self.database.session() as session:
            await self.authorizer.ensure_current(session)
            yield session

    def with_db(self, session: AsyncSession) -> "Context":
        db = _serial(session)
        return replace(
            self,
            db=db,
            loaders=_loaders(db),
        )


def _loaders(db_session: AsyncSession) -> Loaders:
    return Loaders(
        case=_case_loader(db_session),
        unit=_by_id_loader(db_session, Unit),
        user=_by_id_loader(db_session, User),
        roles=_roles_loader(db_session),
    )


async def build_context(request: Request, response: Response | None) -> Context:
    settings: Settings = request.scope["lc.settings"]
    authorizer: Authorizer = request.scope["lc.authorizer"]
    database: Database = request.scope["lc.database"]
    token = request.cookies.get(settings.session_cookie)
    if "lc.db_session" in request.scope:
        db_session = _serial(request.scope["lc.db_session"])
        principal = await principal_for_token(db_session=db_session, authorizer=authorizer, token=token)
        await holiday_service.refresh_if_stale(db_session, settings.calendar_check_seconds)
    else:
        # A websocket lives long: it must not hold a connection. Subscriptions open their own
        # (`open_session`); on a WebSocket the context has neither `db` nor `response` (None).
        db_session = cast(AsyncSession, None)
        async with database.session() as session:
            principal = await principal_for_token(db_session=session, authorizer=authorizer, token=token)
    return Context(
        request=request,
        response=cast(Response, response),
        db=db_session,
        settings=settings,
        authorizer=authorizer,
        principal=principal,
        locale=negotiate(request.headers.get("accept-language")),
        loaders=_loaders(db_session),
        session_token=token,
        database=database,
    )

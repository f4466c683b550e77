"""The ceiling for this stack: a hand-written Starlette + SQL endpoint that returns the same JSON
as the GraphQL case list (20 rows with unit, leader and deadline state), for the benchmark only.

It trusts a session cookie like the real app (one query) and applies the list's own rules in
plain SQL: the viewer's subtrees (by 属地 or handling unit), and never an accusation against a
viewer's unit or a unit above it (信访工作条例 Art. 30, `not_hidden_from` in
server/case/visibility.py). It skips GraphQL parsing, validation, Casbin and the ORM.
"""
import contextlib
import functools
import hashlib
import os
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Row, TextualSelect, text
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from server import ids
from server.dates import deadline_state, utcnow
from server.db import UtcDateTime, create_engine
from server.pagination import encode_cursor

PRINCIPAL = text(
    "SELECT u.tenant_id, un.path FROM sessions s JOIN users u ON u.id = s.user_id "
    "JOIN role_grants g ON g.user_id = u.id JOIN units un ON un.id = g.unit_id WHERE s.token_hash = :h"
)
# Per scope: inside the subtree by 属地 or handling unit, and not an accusation against the
# scope's unit or a unit above it (the accused path is the scope's path or a prefix of it).
# Parameters typed and the limit a parameter, as the GraphQL list sends its statement: the same
# plan for both, so the comparison measures the stacks, not two plans (an untyped, literal-limit
# version took PostgreSQL 3–11 ms a page at 1 M cases against ~1 ms for the list's).
SCOPE = (
    "((c.unit_path = CAST(:p{i} AS VARCHAR) OR c.unit_path LIKE CAST(:q{i} AS VARCHAR) "
    "OR c.handler_unit_path = CAST(:p{i} AS VARCHAR) OR c.handler_unit_path LIKE CAST(:q{i} AS VARCHAR)) "
    "AND (c.accused_unit_path IS NULL OR (CAST(:p{i} AS VARCHAR) <> c.accused_unit_path "
    "AND CAST(:p{i} AS VARCHAR) NOT LIKE (c.accused_unit_path || CAST('/%' AS VARCHAR)))))"
)


@functools.lru_cache(maxsize=8)
def list_sql(scopes: int) -> TextualSelect:
    """The first page's statement for a viewer with this many grants (one for the bench's viewers)."""
    where = " OR ".join(SCOPE.format(i=i) for i in range(scopes))
    return text(
        "SELECT c.id, c.title, c.status, c.registered_at, c.due_at, un.name AS unit_name, l.display_name AS leader "
        "FROM cases c JOIN units un ON un.id = c.unit_id LEFT JOIN users l ON l.id = c.leader_id "
        f"WHERE c.tenant_id = :tenant AND ({where}) "
        "ORDER BY c.registered_at DESC, c.id DESC LIMIT :limit"
    ).columns(registered_at=UtcDateTime(), due_at=UtcDateTime())


async def page_rows(conn: AsyncConnection, token: str) -> list[Row[Any]] | None:
    """The first page's rows (and one more) for the session `token`; None when it is unknown."""
    grants = (await conn.execute(PRINCIPAL, {"h": hashlib.sha256(token.encode()).hexdigest()})).all()
    if not grants:
        return None
    params: dict[str, Any] = {"tenant": grants[0][0], "limit": 21}
    for i, (_, path) in enumerate(grants):
        params[f"p{i}"], params[f"q{i}"] = path, path + "/%"
    return list((await conn.execute(list_sql(len(grants)), params)).all())


def answer(rows: list[Row[Any]] | None) -> dict[str, Any]:
    """The JSON the GraphQL case list answers for these rows."""
    if rows is None:
        return {"errors": [{"message": "UNAUTHENTICATED"}]}
    now = utcnow()
    edges = [
        {
            "cursor": encode_cursor(r.registered_at, r.id),
            "node": {
                "id": ids.encode("Case", r.id), "title": r.title, "status": r.status,
                "registeredAt": r.registered_at.isoformat(),
                "dueAt": r.due_at.isoformat() if r.due_at else None,
                "deadlineState": str(deadline_state(r.due_at, now)),
                "overdue": str(deadline_state(r.due_at, now)) == "OVERDUE",
                "unit": {"name": r.unit_name}, "leader": {"displayName": r.leader} if r.leader else None,
            },
        }
        for r in rows[:20]
    ]
    return {"data": {"cases": {
        "edges": edges,
        "pageInfo": {"hasNextPage": len(rows) > 20, "endCursor": edges[-1]["cursor"] if edges else None},
    }}}


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    app.state.engine = create_engine(os.environ["DATABASE_URL"])
    yield
    await app.state.engine.dispose()


async def first_page(conn: AsyncConnection, token: str) -> dict[str, Any]:
    """The case list's first page (20 rows) for the session `token`, as the GraphQL list answers it."""
    return answer(await page_rows(conn, token))


async def cases(request: Request) -> JSONResponse:
    async with request.app.state.engine.connect() as conn:
        rows = await page_rows(conn, request.cookies.get("lc_session", ""))
    return JSONResponse(answer(rows))


app = Starlette(routes=[Route("/graphql", cases, methods=["POST"]), Route("/healthz", lambda r: JSONResponse({"status": "ok"}))],
                lifespan=lifespan)

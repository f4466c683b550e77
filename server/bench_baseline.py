"""The ceiling for this stack: a hand-written Starlette + SQL endpoint that returns the same JSON
as the GraphQL case list (20 rows with unit, leader and deadline state), for the benchmark only.

It trusts a session cookie like the real app (one query) and filters by the same subtree, but
skips GraphQL parsing, validation, Casbin and the ORM.
"""
import hashlib
import os

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from server import ids
from server.dates import deadline_state, utcnow
from server.db import UtcDateTime, create_engine
from server.pagination import encode_cursor

engine = create_engine(os.environ["DATABASE_URL"])

PRINCIPAL = text(
    "SELECT u.tenant_id, un.path FROM sessions s JOIN users u ON u.id = s.user_id "
    "JOIN role_grants g ON g.user_id = u.id JOIN units un ON un.id = g.unit_id WHERE s.token_hash = :h"
)
LIST = text(
    "SELECT c.id, c.title, c.status, c.registered_at, c.due_at, un.name AS unit_name, l.display_name AS leader "
    "FROM cases c JOIN units un ON un.id = c.unit_id LEFT JOIN users l ON l.id = c.leader_id "
    "WHERE c.tenant_id = :tenant AND (c.unit_path = :path OR c.unit_path LIKE :pattern "
    "OR c.handler_unit_path = :path OR c.handler_unit_path LIKE :pattern) "
    "ORDER BY c.registered_at DESC, c.id DESC LIMIT 21"
).columns(registered_at=UtcDateTime(), due_at=UtcDateTime())


async def cases(request: Request) -> JSONResponse:
    token = request.cookies.get("lc_session", "")
    async with engine.connect() as conn:
        principal = (await conn.execute(PRINCIPAL, {"h": hashlib.sha256(token.encode()).hexdigest()})).first()
        if principal is None:
            return JSONResponse({"errors": [{"message": "UNAUTHENTICATED"}]})
        rows = (await conn.execute(LIST, {"tenant": principal[0], "path": principal[1], "pattern": principal[1] + "/%"})).all()
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
    return JSONResponse({"data": {"cases": {
        "edges": edges,
        "pageInfo": {"hasNextPage": len(rows) > 20, "endCursor": edges[-1]["cursor"] if edges else None},
    }}})


app = Starlette(routes=[Route("/graphql", cases, methods=["POST"]), Route("/healthz", lambda r: JSONResponse({"status": "ok"}))])

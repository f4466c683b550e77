"""The client's idempotency key (`clientMutationId`): a create retried by the phone's outbox answers
the record the first try made. One reading of the key and one lookup for every record that takes
one (cases, incidents, screening reports, disputes, mediations, meetings): each table has a unique
(tenant, recording user, key) constraint, so a concurrent retry loses the race and reads the winner."""
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import Validator

MAX_LENGTH = 64

T = TypeVar("T")


def client_key(check: Validator, value: str | None, field: list[str] | None = None) -> str | None:
    """The key as sent, trimmed (None when blank); a key over 64 characters is a field error."""
    key = (value or "").strip() or None
    if key is not None and len(key) > MAX_LENGTH:
        check.add("TOO_LONG", field or ["input", "clientMutationId"], max=MAX_LENGTH)
    return key


async def by_client_key(
    db_session: AsyncSession, model: type[T], user_column: Any, *, tenant_id: int | None, user_id: int | None,
    key: str | None,
) -> T | None:
    """The record `user_id` already made with this key in the tenant, if any (`user_column` is the
    model's recording-user column). No key, or no user (a citizen's online submission), finds none."""
    if key is None or user_id is None:
        return None
    query: Any = select(model).where(
        model.tenant_id == tenant_id,  # type: ignore[attr-defined]
        user_column == user_id,
        model.client_mutation_id == key,  # type: ignore[attr-defined]
    )
    found: T | None = await db_session.scalar(query)
    return found

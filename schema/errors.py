"""Turning domain errors into GraphQL: `userErrors` for mutations, `extensions.code` on top."""
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from graphql import GraphQLError, GraphQLFormattedError

from server.errors import BAD_USER_INPUT, INTERNAL, TOP_LEVEL_CODES, DomainError, ValidationErrors
from server.i18n import translate

log = logging.getLogger("lianchuang.graphql")

T = TypeVar("T")
P = TypeVar("P")


@strawberry.type
class UserError:
    field: list[str] | None
    message: str
    code: str


def user_errors(error: DomainError, locale: str) -> list[UserError]:
    errors = error.errors if isinstance(error, ValidationErrors) else [error]
    return [
        UserError(field=e.field, message=translate(e.message_key, locale, **e.params), code=e.code)
        for e in errors
    ]


async def as_payload(
    locale: str, run: Callable[[], Awaitable[T]], build: Callable[[T | None, list[UserError]], P]
) -> P:
    """Run a mutation; a refusal the user can fix becomes `userErrors` instead of an exception.

    Not signed in stays a top-level UNAUTHENTICATED error, as the API contract says.
    """
    try:
        return build(await run(), [])
    except DomainError as error:
        if error.code == "UNAUTHENTICATED":
            raise
        return build(None, user_errors(error, locale))


def format_error(error: GraphQLError, locale: str) -> GraphQLFormattedError:
    """The JSON of one top-level error, with a translated message and `extensions.code`."""
    original = error.original_error
    formatted = error.formatted
    if isinstance(original, DomainError):
        code = original.code if original.code in TOP_LEVEL_CODES else BAD_USER_INPUT
        formatted["message"] = translate(original.message_key, locale, **original.params)
        if original.field:
            formatted.setdefault("extensions", {})["field"] = original.field
    elif original is None or not error.path:
        # The request's own mistakes: syntax, validation (including the depth, alias and token
        # limits), variables of the wrong type or null where required. Only GraphQL's words are
        # kept, never an exception's text.
        code = BAD_USER_INPUT
        if "exceeds maximum" in error.message or "maximum number of" in error.message.lower():
            formatted["message"] = translate("error.QUERY_TOO_COMPLEX", locale) + f" ({error.message})"
        elif original is not None:
            formatted["message"] = translate("error.BAD_USER_INPUT", locale) + f" ({error.message.split('; ')[0]})"
    else:
        code = INTERNAL
        log.error("unhandled error in resolver", exc_info=original)
        formatted["message"] = translate("error.INTERNAL", locale)
    formatted.setdefault("extensions", {})["code"] = code
    return formatted


class FormattedError(GraphQLError):
    """An error whose JSON is `format_error`'s (for transports that call `.formatted`)."""

    def __init__(self, error: GraphQLError, locale: str) -> None:
        super().__init__(
            error.message, error.nodes, error.source, error.positions, error.path, error.original_error,
            error.extensions,
        )
        self._formatted = format_error(error, locale)

    @property
    def formatted(self) -> GraphQLFormattedError:
        return self._formatted

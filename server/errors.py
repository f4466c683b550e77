"""The one error type of the domain.

Services raise `DomainError`; the GraphQL layer turns it into `userErrors` (for mutations) or
a top-level error with `extensions.code` (for queries and access failures).
"""
from collections.abc import Sequence

# Top-level codes (API conventions in DESIGN.md).
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
CONFLICT = "CONFLICT"
RATE_LIMITED = "RATE_LIMITED"
INTERNAL = "INTERNAL"
# The client sent only the hash of a query this process has not seen (schema/persisted.py).
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"

TOP_LEVEL_CODES = {UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, INTERNAL, PERSISTED_QUERY_NOT_FOUND, "QUERY_TOO_COSTLY"}


class DomainError(Exception):
    """A refusal the user can understand.

    `code` is stable (REQUIRED, TOO_LONG, FORBIDDEN, ...); `message_key` names the message in
    the i18n catalogue, formatted with `params`; `field` is the input path it concerns.
    """

    def __init__(
        self,
        code: str,
        message_key: str | None = None,
        *,
        field: Sequence[str] | None = None,
        **params: object,
    ) -> None:
        self.code = code
        self.message_key = message_key or f"error.{code}"
        self.field = list(field) if field else None
        self.params = params
        super().__init__(f"{code}: {self.message_key} {field or ''} {params or ''}".strip())


class ValidationErrors(DomainError):
    """Several field errors found at once, so the form can show them all together."""

    def __init__(self, errors: list[DomainError]) -> None:
        self.errors = errors
        super().__init__(BAD_USER_INPUT, "error.BAD_USER_INPUT")


class Validator:
    """Collects field errors and raises them together."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, code: str, field: Sequence[str], message_key: str | None = None, **params: object) -> None:
        self.errors.append(DomainError(code, message_key, field=field, **params))

    def text(
        self, value: str | None, field: Sequence[str], *, required: bool = True, max_length: int
    ) -> str | None:
        cleaned = (value or "").strip()
        if not cleaned:
            if required:
                self.add("REQUIRED", field)
            return None
        if len(cleaned) > max_length:
            self.add("TOO_LONG", field, max=max_length)
            return None
        return cleaned

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)

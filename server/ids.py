"""Opaque global ids: `base64url("Case:42")`. Clients must treat them as strings."""
import base64
import binascii

from server.errors import DomainError


def encode(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode(type_name: str, global_id: str, *, field: list[str] | None = None) -> int:
    """The primary key behind an id of the given type; a malformed id is a user error."""
    try:
        if len(global_id) > 64:
            raise ValueError
        padded = global_id + "=" * (-len(global_id) % 4)
        kind, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        pk = int(raw)
        if kind != type_name or pk <= 0 or pk >= 2**63:
            raise ValueError
        return pk
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise DomainError("INVALID_ID", field=field) from None


def decode_any(global_id: str, *, field: list[str] | None = None) -> tuple[str, int]:
    """The type name and primary key behind an id of any type; a malformed id is a user error."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        kind = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")[0] if len(global_id) <= 64 else ""
    except (ValueError, UnicodeDecodeError, binascii.Error):
        kind = ""
    if not kind.isidentifier():
        raise DomainError("INVALID_ID", field=field)
    return kind, decode(kind, global_id, field=field)

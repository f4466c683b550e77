"""Authenticate once: the `SignedIn` permission guards every field that needs a signed-in user.

Strawberry runs a field's permission classes before its resolver (`PermissionExtension`), so a
resolver never asks for the user itself. A refusal is the domain's own error — UNAUTHENTICATED
(请先登录) when nobody is signed in, FORBIDDEN (PASSWORD_CHANGE_REQUIRED) while a one-time password
has not been changed — formatted like every other top-level error (`schema/errors.py`), so clients
see exactly what they saw before. What a signed-in user may do is decided in `server/`.
"""
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info


class SignedIn(BasePermission):
    message = "UNAUTHENTICATED"  # never shown: has_permission raises the translated DomainError

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.principal.require_user()
        return True


def signed_in() -> list[FieldExtension]:
    """`extensions=signed_in()` on a field, mutation or subscription (one extension per field; no
    schema directive, so the SDL stays as it is)."""
    return [PermissionExtension(permissions=[SignedIn()], use_directives=False)]


def requires_sign_in(field: Any) -> bool:
    """Does this Strawberry field carry the `SignedIn` permission? (For the tests that classify fields.)"""
    return any(
        isinstance(extension, PermissionExtension) and any(isinstance(p, SignedIn) for p in extension.permissions)
        for extension in getattr(field, "extensions", ())
    )

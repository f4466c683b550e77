"""Signing in and out; `me`."""
import strawberry
from strawberry.types import Info

from schema.errors import UserError, as_payload
from schema.types import User
from server.auth import service as auth_service
from server.auth.models import User as UserModel
from server.security.client import client_address


@strawberry.type
class LoginPayload:
    user: User | None
    user_errors: list[UserError]


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The signed-in user; null when not signed in.")
    async def me(self, info: Info) -> User | None:
        principal = info.context.principal
        if not principal.authenticated:
            return None
        user = await info.context.db.get(UserModel, principal.user_id)
        return User.of(user) if user else None


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Signs in and sets the HttpOnly session cookie.")
    async def login(self, info: Info, username: str, password: str) -> LoginPayload:
        ctx = info.context

        async def run() -> UserModel:
            user, token = await auth_service.login(
                db_session=ctx.db, settings=ctx.settings, username=username, password=password,
                address=client_address(ctx.request, ctx.settings.trusted_proxies),
            )
            ctx.response.set_cookie(
                ctx.settings.session_cookie,
                token,
                max_age=ctx.settings.session_days * 86400,
                httponly=True,
                samesite="lax",
                secure=ctx.settings.production,
                path="/",
            )
            return user

        return await as_payload(ctx.locale, run, lambda u, errors: LoginPayload(
            user=User.of(u) if u else None, user_errors=errors
        ))

    @strawberry.mutation
    async def logout(self, info: Info) -> bool:
        ctx = info.context
        await auth_service.logout(db_session=ctx.db, token=ctx.session_token)
        ctx.response.delete_cookie(ctx.settings.session_cookie, path="/")
        return True

"""Signing in and out, and finding who a session cookie belongs to."""
import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.models import RoleGrant, SignInSession, User
from server.auth.passwords import hash_password, needs_rehash, verify_password
from server.auth.policy import Authorizer
from server.auth.principal import Grant, Principal
from server.dates import as_utc, utcnow
from server.errors import DomainError
from server.settings import Settings
from server.unit.models import Unit


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def login(
    *, db_session: AsyncSession, settings: Settings, username: str, password: str
) -> tuple[User, str]:
    """Check the password; return the user and a new session token. One transaction."""
    now = utcnow()
    user = await db_session.scalar(select(User).where(User.username == username.strip()[:64]))
    if user is not None and user.locked_until is not None and as_utc(user.locked_until) > now:
        minutes = max(1, int((as_utc(user.locked_until) - now).total_seconds() // 60) + 1)
        raise DomainError("LOCKED", field=["username"], minutes=minutes)
    ok = verify_password(user.password_hash if user else None, password[:1024])
    if user is None or not ok or not user.is_active:
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= settings.login_max_failures:
                user.locked_until = now + dt.timedelta(minutes=settings.login_lock_minutes)
                user.failed_logins = 0
            audit.record(
                db_session=db_session, tenant_id=user.tenant_id, actor_id=None,
                action="auth.login_failed", object_type="user", object_id=user.id,
            )
            await db_session.commit()
        raise DomainError("INVALID_CREDENTIALS", field=["password"])
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    token = start_session(db_session=db_session, settings=settings, user=user)
    audit.record(
        db_session=db_session, tenant_id=user.tenant_id, actor_id=user.id,
        action="auth.login", object_type="user", object_id=user.id,
    )
    await db_session.commit()
    return user, token


def start_session(*, db_session: AsyncSession, settings: Settings, user: User) -> str:
    """A new session for a user whose credentials were checked; returns the cookie token."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    db_session.add(
        SignInSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + dt.timedelta(days=settings.session_days),
        )
    )
    return token


async def logout(*, db_session: AsyncSession, token: str | None) -> None:
    if token:
        await db_session.execute(delete(SignInSession).where(SignInSession.token_hash == _token_hash(token)))
        await db_session.commit()


async def principal_for_token(
    *, db_session: AsyncSession, authorizer: Authorizer, token: str | None
) -> Principal:
    """The principal behind a session cookie; anonymous when missing, expired or inactive.

    One query on every request: the session, the user and the roles with their units' paths.
    """
    anonymous = Principal(authorizer=authorizer)
    if not token or len(token) > 128:
        return anonymous
    rows = (
        await db_session.execute(
            select(User.id, User.tenant_id, User.unit_id, RoleGrant.role, RoleGrant.unit_id, Unit.path)
            .select_from(SignInSession)
            .join(User, User.id == SignInSession.user_id)
            .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
            .outerjoin(Unit, (Unit.id == RoleGrant.unit_id) & Unit.retired_at.is_(None))
            .where(
                SignInSession.token_hash == _token_hash(token),
                SignInSession.expires_at > utcnow(),
                User.is_active.is_(True),
            )
        )
    ).all()
    if not rows:
        return anonymous
    user_id, tenant_id, unit_id = rows[0][:3]
    return Principal(
        authorizer=authorizer,
        user_id=user_id,
        tenant_id=tenant_id,
        unit_id=unit_id,
        grants=tuple(Grant(role=r, unit_id=u, unit_path=p) for *_, r, u, p in rows if r and p),
    )


def principal_for_user(user: User, authorizer: Authorizer) -> Principal:
    """`user.grants` (with their units) must be loaded."""
    grants = tuple(
        Grant(role=g.role, unit_id=g.unit_id, unit_path=g.unit.path)
        for g in user.grants
        if g.unit.retired_at is None
    )
    return Principal(
        authorizer=authorizer,
        user_id=user.id,
        tenant_id=user.tenant_id,
        unit_id=user.unit_id,
        grants=grants,
    )

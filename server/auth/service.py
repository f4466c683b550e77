"""Signing in and out, and finding who a session cookie belongs to."""
import datetime as dt
import hashlib
import secrets

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin.rules import password_problems
from server.audit import service as audit
from server.auth.models import RoleGrant, SignInSession, User
from server.auth.passwords import hash_password, needs_rehash, verify_password
from server.auth.policy import VERSION as policy_version
from server.auth.policy import Authorizer
from server.auth.principal import Grant, Principal
from server.dates import utcnow
from server.db import UtcDateTime
from server.errors import RATE_LIMITED, DomainError, ValidationErrors
from server.ratelimit import limiter
from server.settings import Settings
from server.tenant.service import get_settings as tenant_settings
from server.unit.models import Unit


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def login(
    *, db_session: AsyncSession, settings: Settings, username: str, password: str, address: str = "unknown"
) -> tuple[User, str]:
    """Check the password; return the user and a new session token. One transaction.

    Throttled without a lock anyone could trigger (OWASP ASVS 2.2): failures are counted per
    address and per (address, account name) in every process's shared rate-limit storage; past
    the free attempts each further failure makes that key wait longer (doubling, up to the most).
    A wait answers RATE_LIMITED before any password is checked; the right password from another
    address is never held up. Unknown and known names get the same answers and the same work
    (a password hash is checked either way)."""
    now = utcnow()
    name = username.strip()[:64]
    keys = _throttle_keys(address, name)
    wait = max([await limiter.waiting(key) for key in keys])
    if wait:
        raise DomainError(RATE_LIMITED, "error.SIGN_IN_WAIT", field=["password"], seconds=wait)
    user = await db_session.scalar(select(User).where(User.username == name))
    ok = verify_password(user.password_hash if user else None, password[:1024])
    if user is None or not ok or not user.is_active:
        await _count_failure(db_session, settings, user, keys)
        if user is not None:
            user.failed_logins += 1
            audit.record(
                db_session=db_session, tenant_id=user.tenant_id, actor_id=None,
                action="auth.login_failed", object_type="user", object_id=user.id,
            )
            await db_session.commit()
        raise DomainError("INVALID_CREDENTIALS", field=["password"])
    await limiter.clear_failures(keys[1])
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


def _throttle_keys(address: str, name: str) -> tuple[str, str]:
    return f"sign-in/ip/{address}", f"sign-in/ip-name/{address}/{name.lower()}"


async def _count_failure(db_session: AsyncSession, settings: Settings, user: User | None, keys: tuple[str, str]) -> None:
    per_account, longest = await _throttle(db_session, settings, user)
    window = settings.login_window_minutes * 60
    for key, free in ((keys[0], settings.login_free_attempts_per_ip), (keys[1], per_account)):
        failures = await limiter.add_failure(key, max(window, longest))
        if failures >= free:
            await limiter.wait(key, throttle_delay(failures - free, longest))


def throttle_delay(over: int, longest: int) -> int:
    """Seconds to wait after the `over`-th failure past the free ones: 15, 30, 60 ... up to `longest`."""
    return int(min(longest, 15 * 2 ** min(over, 20)))


async def _throttle(db_session: AsyncSession, settings: Settings, user: User | None) -> tuple[int, int]:
    """(free failures per address and account, longest wait in seconds): the county's settings
    for its accounts, the process's otherwise (and for names that match no account)."""
    if user is None or user.tenant_id is None:
        return settings.login_free_attempts_per_account, settings.login_max_delay_seconds
    ts = await tenant_settings(db_session=db_session, tenant_id=user.tenant_id)
    return (
        getattr(ts, "login_max_failures", settings.login_free_attempts_per_account),
        getattr(ts, "login_lock_minutes", settings.login_max_delay_seconds // 60) * 60,
    )


async def change_password(
    *, db_session: AsyncSession, settings: Settings, principal: Principal,
    old_password: str, new_password: str, token: str | None,
) -> User:
    """The signed-in user's new password (the one-time password is replaced here). Other
    sessions of the user end; this one stays. One transaction."""
    if principal.user_id is None:
        raise DomainError("UNAUTHENTICATED")
    user = await db_session.get(User, principal.user_id)
    if user is None or not user.is_active:
        raise DomainError("UNAUTHENTICATED")
    if not verify_password(user.password_hash, old_password[:1024]):
        raise DomainError("INVALID_CREDENTIALS", "error.WRONG_PASSWORD", field=["oldPassword"])
    min_length, min_classes = settings_password_policy(settings)
    if user.tenant_id is not None:
        ts = await tenant_settings(db_session=db_session, tenant_id=user.tenant_id)
        min_length = getattr(ts, "password_min_length", min_length)
        min_classes = getattr(ts, "password_min_classes", min_classes)
    problems = password_problems(new_password, min_length=min_length, min_classes=min_classes, username=user.username)
    if new_password == old_password:
        problems.append("PASSWORD_UNCHANGED")
    if problems:
        raise ValidationErrors([
            DomainError(code, field=["newPassword"], min=min_length, classes=min_classes) for code in problems
        ])
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    keep = _token_hash(token) if token else ""
    await db_session.execute(
        delete(SignInSession).where(SignInSession.user_id == user.id, SignInSession.token_hash != keep)
    )
    audit.record(
        db_session=db_session, tenant_id=user.tenant_id, actor_id=user.id,
        action="auth.password_changed", object_type="user", object_id=user.id,
    )
    await db_session.commit()
    return user


def settings_password_policy(settings: Settings) -> tuple[int, int]:
    """Accounts outside any county (platform operators): the process's password policy."""
    return getattr(settings, "password_min_length", 10), getattr(settings, "password_min_classes", 3)


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


# Built once (every request runs it): only the token's hash and the time change. The policy's
# version rides along, so checking that the process decides by the current policy costs no round trip.
_PRINCIPAL = (
    select(
        User.id, User.tenant_id, User.unit_id, User.must_change_password,
        RoleGrant.role, RoleGrant.unit_id, Unit.path, policy_version,
    )
    .select_from(SignInSession)
    .join(User, User.id == SignInSession.user_id)
    .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
    .outerjoin(Unit, (Unit.id == RoleGrant.unit_id) & Unit.retired_at.is_(None))
    .where(
        SignInSession.token_hash == bindparam("token_hash"),
        SignInSession.expires_at > bindparam("now", type_=UtcDateTime()),
        User.is_active.is_(True),
    )
)


async def principal_for_token(
    *, db_session: AsyncSession, authorizer: Authorizer, token: str | None
) -> Principal:
    """The principal behind a session cookie; anonymous when missing, expired or inactive.

    One query on every request: the session, the user, the roles with their units' paths and
    the policy's version — the process reloads the policy before deciding anything when another
    process changed it (an anonymous viewer has no role the policy could decide for).
    """
    anonymous = Principal(authorizer=authorizer)
    if not token or len(token) > 128:
        return anonymous
    rows = (await db_session.execute(_PRINCIPAL, {"token_hash": _token_hash(token), "now": utcnow()})).all()
    if not rows:
        return anonymous
    user_id, tenant_id, unit_id, must_change = rows[0][:4]
    await authorizer.ensure_current(db_session, rows[0][-1])
    return Principal(
        authorizer=authorizer,
        user_id=user_id,
        tenant_id=tenant_id,
        unit_id=unit_id,
        grants=() if must_change else tuple(
            Grant(role=r, unit_id=u, unit_path=p) for *_, r, u, p, _version in rows if r and p
        ),
        must_change_password=bool(must_change),
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

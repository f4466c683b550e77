"""Production refuses to start with a setting left at an unsafe default, and says which."""
from server.settings import Settings

DEFAULT_SECRET_KEY = Settings.model_fields["secret_key"].default
MIN_SECRET_LENGTH = 32


class UnsafeConfiguration(RuntimeError):
    pass


def unsafe_settings(settings: Settings) -> list[str]:
    """The settings a production process must not run with, each with what to do."""
    if not settings.production:
        return []
    problems = []
    if settings.secret_key == DEFAULT_SECRET_KEY or len(settings.secret_key) < MIN_SECRET_LENGTH:
        problems.append(
            f"SECRET_KEY: set a random secret of at least {MIN_SECRET_LENGTH} characters "
            "(it signs rating links and upload tokens), e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    base = settings.public_base_url
    if base.startswith(("http://127.", "http://localhost", "http://0.0.0.0")):
        problems.append("PUBLIC_BASE_URL: set the address citizens reach (printed in the QR code of reply letters)")
    return problems


def refuse_unsafe(settings: Settings) -> None:
    problems = unsafe_settings(settings)
    if problems:
        raise UnsafeConfiguration(
            "refusing to start in production with unsafe settings:\n  " + "\n  ".join(problems)
        )

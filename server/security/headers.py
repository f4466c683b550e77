"""Security headers on every HTTP answer of the PWA and the API.

- Content-Security-Policy: scripts, styles, fonts, workers and connections only from this origin
  (styles may be inline: the UI kit sets style attributes); images also as data:/blob: (photo
  previews); no plugins; no framing by anyone (frame-ancestors 'none'); forms post only here.
- Referrer-Policy no-referrer: a rating link's token in the address never leaves in a Referer.
- X-Content-Type-Options nosniff, X-Frame-Options DENY (older browsers), a Permissions-Policy
  that allows the camera to this origin only (photo capture) and nothing that locates a person.
GraphiQL (served outside production only) loads its code from elsewhere and keeps no CSP.
"""
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = [
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(self), geolocation=(), microphone=(), payment=()"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, graphiql: bool) -> None:
        self.app = app
        self.graphiql = graphiql

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                ide = self.graphiql and scope["path"] == "/graphql" and any(
                    k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers
                )
                if not ide and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers.extend(h for h in HEADERS if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

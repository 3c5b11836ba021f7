"""Security headers applied to every response."""

from __future__ import annotations

from flask import Flask, Response, abort, request

# Scripts and styles only from our own origin: no inline script can run even if markup slipped
# through. Video players are the only allowed frames, and only after a click (see videos).
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


def register_security_headers(app: Flask) -> None:
    """Add CSP, nosniff, referrer policy and framing protection to every response."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


# Search reads text only through the index (never the database), and typed text is treated as
# plain words whatever it holds, so these answer normally instead of refusing NUL.
NUL_TOLERANT_ENDPOINTS = frozenset({"search.index", "search_api.suggest", "search_api.search"})


def register_input_checks(app: Flask) -> None:
    """Refuse NUL characters in the path, query string and form: no text here may hold one, and
    PostgreSQL cannot store or even compare them (a 500 instead of a clear 400)."""

    @app.before_request
    def refuse_nul_characters() -> None:
        if request.endpoint in NUL_TOLERANT_ENDPOINTS:
            return
        values = [request.path]
        for source in (request.args, request.form):
            for items in source.listvalues():
                values.extend(items)
        values.extend(request.args.keys())
        if any("\x00" in value for value in values):
            abort(400, description="The request contains a NUL character; remove it and retry.")

"""Rate limits on posting, voting, flagging, login and registration (Flask-Limiter).

Each action is limited twice: per account and per client address, with shared buckets (asking,
answering, commenting and editing draw on one "posting" allowance). Limits are settings (see
README); storage is RATELIMIT_STORAGE_URI: memory:// for one process, redis:// in production.
Failed logins are also limited per username, whether or not the account exists, so the limit
reveals nothing about which accounts exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from community import permissions as perm
from community.extensions import limiter


def address_key() -> str:
    """Bucket per client address (behind a proxy, configure ProxyFix so this is the client)."""
    return "addr:" + (get_remote_address() or "unknown")


def account_key() -> str:
    """Bucket per logged-in account; visitors fall back to their address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return address_key()


def username_key() -> str:
    """Bucket per username typed on the login form (hashed; exists or not, same treatment)."""
    name = (request.form.get("username") or "").strip().lower()[:100]
    return "login:" + hashlib.sha256(name.encode()).hexdigest()[:32]


def _setting(name: str) -> Callable[[], str]:
    """A limit read from the app's settings at request time."""

    def provider() -> str:
        return str(current_app.config[name])

    provider.__name__ = f"limit_{name.lower()}"
    return provider


def _exempt_moderators() -> bool:
    """Moderators and admins clean up in bulk; they are not throttled on posting."""
    return perm.is_moderator(current_user)


def _failed_login(response: Any) -> bool:
    """Only failed logins count against a username."""
    return bool(response.status_code == 401)


def _per_account_and_address(action: str, **options: Any) -> tuple[Any, Any]:
    """The two shared limits of an action: RATELIMIT_<ACTION>_ACCOUNT and _ADDRESS."""

    def limit(who: str, key: Callable[[], str]) -> Any:
        return limiter.shared_limit(
            _setting(f"RATELIMIT_{action.upper()}_{who.upper()}"),
            scope=f"{action}-{who}",
            key_func=key,
            methods=["POST"],
            **options,
        )

    return limit("account", account_key), limit("address", address_key)


# Built once at import, so the same limit groups are reused by every app instance (Flask-Limiter
# keys limits by the view's qualified name and de-duplicates equal groups).
POSTING = _per_account_and_address("posting", exempt_when=_exempt_moderators)
VOTING = _per_account_and_address("voting")
FLAGGING = _per_account_and_address("flagging")
LOGIN = (
    limiter.shared_limit(
        _setting("RATELIMIT_LOGIN_ADDRESS"),
        scope="login-address",
        key_func=address_key,
        methods=["POST"],
    ),
    limiter.shared_limit(
        _setting("RATELIMIT_LOGIN_USERNAME"),
        scope="login-username",
        key_func=username_key,
        methods=["POST"],
        deduct_when=_failed_login,
    ),
)
REGISTER = (
    limiter.shared_limit(
        _setting("RATELIMIT_REGISTER_ADDRESS"),
        scope="register-address",
        key_func=address_key,
        methods=["POST"],
    ),
)

# Core endpoints and the limits they get (our own flag route is decorated directly).
CORE_ENDPOINTS = {
    "questions.ask": POSTING,
    "questions.answer": POSTING,
    "questions.comment": POSTING,
    "questions.edit": POSTING,
    "questions.edit_answer": POSTING,
    "questions.vote": VOTING,
    "auth.login": LOGIN,
    "auth.register": REGISTER,
}


def apply_limits(app: Flask) -> None:
    """Wrap the core's posting, voting, login and registration views with our limits."""
    for endpoint, decorators in CORE_ENDPOINTS.items():
        view: Any = app.view_functions.get(endpoint)
        if view is None:
            continue
        for decorate in decorators:
            view = decorate(view)
        app.view_functions[endpoint] = view


def flag_limits(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate the flag route with the flagging limits."""
    for decorate in FLAGGING:
        view = decorate(view)
    return view

"""Signed unsubscribe links that work without logging in."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from community.exceptions import DomainError

SALT = "community.notifications.unsubscribe"


class BadUnsubscribeLink(DomainError):
    """The link was altered, truncated or is too old."""

    status = 400


def _serializer() -> URLSafeTimedSerializer:
    """A serializer keyed on the app's secret, with its own salt."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_unsubscribe_token(user_id: int) -> str:
    """A token naming the user, signed and timestamped."""
    return _serializer().dumps({"u": user_id})


def read_unsubscribe_token(token: str) -> int:
    """The user id in a valid token; BadUnsubscribeLink (400) otherwise."""
    max_age = current_app.config["NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS"] * 86400
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as err:
        raise BadUnsubscribeLink(
            "This unsubscribe link has expired. Log in and turn e-mails off on your "
            "notifications page instead."
        ) from err
    except BadSignature as err:
        raise BadUnsubscribeLink(
            "This unsubscribe link is not valid. Copy the whole link from the e-mail, or log in "
            "and turn e-mails off on your notifications page."
        ) from err
    user_id = data.get("u") if isinstance(data, dict) else None
    if not isinstance(user_id, int):
        raise BadUnsubscribeLink("This unsubscribe link is not valid.")
    return user_id

"""Small route-side helpers shared by blueprints: one commit per request, form checks."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy.exc import IntegrityError

from community.exceptions import Conflict, ValidationFailed
from community.extensions import db

CLASH_MESSAGE = "That change clashes with another one made at the same time. Try again."


def commit() -> None:
    """Commit the request's unit of work; a constraint clash becomes a 409, not a 500.

    The busiest read-only pages call it too: a transaction that wrote nothing ends the same with
    COMMIT as with the teardown's ROLLBACK, but on PostgreSQL a ROLLBACK also makes psycopg drop
    the connection's prepared statements, so every statement would be planned again.
    """
    try:
        db.session.commit()
    except IntegrityError as err:
        db.session.rollback()
        raise Conflict(CLASH_MESSAGE) from err


def require_form(form: Any) -> None:
    """Validate a submitted form (CSRF included) or raise ValidationFailed with its errors."""
    if not form.validate_on_submit():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        raise ValidationFailed(
            "The form could not be processed: "
            + "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()),
            errors,
        )


def wants_json() -> bool:
    """Whether the client asked for JSON (fetch from our scripts) rather than HTML."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )

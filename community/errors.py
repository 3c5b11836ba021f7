"""Error handlers: domain errors and HTTP errors as HTML pages, or JSON under /api."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from community.exceptions import DomainError
from community.extensions import db
from community.routing import CLASH_MESSAGE

logger = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    401: "Log in required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Cannot process",
    429: "Slow down",
    500: "Something went wrong",
    503: "Unavailable",
}


def _respond(status: int, message: str, errors: dict[str, list[str]] | None = None) -> Any:
    """Render an error as JSON for the API and fetch callers, as a page otherwise."""
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        body: dict[str, Any] = {"error": TITLES.get(status, "Error"), "message": message}
        if errors:
            body["errors"] = errors
        return jsonify(body), status
    return render_template(
        "errors/error.html", status=status, title=TITLES.get(status, "Error"), message=message
    ), status


def register_error_handlers(app: Flask) -> None:
    """Map domain errors, CSRF failures and HTTP errors to friendly responses."""

    @app.errorhandler(DomainError)
    def domain_error(err: DomainError) -> Any:
        db.session.rollback()
        return _respond(err.status, err.message, err.errors)

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError) -> Any:
        db.session.rollback()
        return _respond(
            400, "Your form expired or was not sent from this site. Reload the page and try again."
        )

    @app.errorhandler(IntegrityError)
    @app.errorhandler(StaleDataError)
    def clash(err: Exception) -> Any:
        # Safety net: a constraint clash that surfaced before the route's commit (an autoflush)
        # is still a conflict between two writers, never a server error.
        db.session.rollback()
        logger.info("write conflict on %s %s: %s", request.method, request.path, type(err).__name__)
        return _respond(409, CLASH_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Any:
        status = err.code or 500
        if status == 429:
            return _respond(429, "Too many requests; please wait a little and try again.")
        return _respond(status, err.description or TITLES.get(status, "Error"))

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> Any:
        db.session.rollback()
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, "Something went wrong on our side. It has been logged.")

"""Health check and other site-wide pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from community.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    """200 when the database and the search index are usable, 503 otherwise."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as err:  # noqa: BLE001 - any failure means unhealthy; report its type only
        db.session.rollback()
        checks["database"] = f"error: {type(err).__name__}"
    probe = current_app.extensions.get("community.index_health")
    checks["search"] = probe() if probe else "ok"
    healthy = all(v == "ok" for v in checks.values())
    return jsonify(
        {"status": "ok" if healthy else "error", "checks": checks}
    ), 200 if healthy else 503

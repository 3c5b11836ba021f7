"""JSON endpoints of the deflection package under /api/v1 (described in community/api/openapi.py)."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user

from community.deflection import health, queries, rollups
from community.deflection.events import record_client_event
from community.extensions import csrf, limiter
from community.models import utcnow
from community.routing import commit

bp = Blueprint("deflection_api", __name__, url_prefix="/api/v1")

TAG_RE = re.compile(r"^[a-z0-9][a-z0-9+#.\-]{0,39}$")


# CSRF exemption, on purpose: navigator.sendBeacon cannot send the X-CSRFToken header, and this
# endpoint needs no protection from forged cross-site requests because it acts on no identity:
# it never reads the login session or any cookie, only an anonymous random session token in the
# body, which any client could send directly anyway. A cross-site HTML form cannot produce the
# application/json body required below. What protects the data is strict validation, the
# per-session cap and rate limit, and idempotency (see community/deflection/events.py).
@csrf.exempt
@bp.post("/deflection/events")
@limiter.limit("600 per minute")
def record_event() -> Any:
    """Record one ask-session event sent by deflection.js (beacon); duplicates are no-ops."""
    limit = current_app.config["DEFLECTION_MAX_PAYLOAD_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        abort(413, f"An event is at most {limit} bytes.")
    if not request.is_json:
        abort(415, "Send the event as application/json.")
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        abort(413, f"An event is at most {limit} bytes.")
    stored = record_client_event(request.get_json(silent=True))
    commit()
    return jsonify({"stored": stored}), 201 if stored else 200


@bp.get("/stats/deflection")
def deflection_stats() -> Any:
    """Deflection figures for ``?days=N`` (or ``start``/``end``); staff and admins only."""
    queries.require_dashboard(current_user)
    now = utcnow()
    period = queries.parse_period(request.args, now.date())
    rollups.ensure_rollups(current_user, period.start, period.end_exclusive, now)
    commit()
    return jsonify(queries.get_deflection_report(current_user, period, now).as_dict())


@bp.get("/stats/expectation")
def expectation() -> Any:
    """The ask page's one-line expectation for ``?tags=a b``; null when data is too thin."""
    raw = request.args.get("tags", "")[:300]
    names = [n for n in re.split(r"[\s,]+", raw.lower()) if TAG_RE.fullmatch(n)][:5]
    found = health.get_expectation(names, utcnow())
    if found is None:
        return jsonify({"expectation": None})
    return jsonify(
        {
            "expectation": {
                "tag": found.tag,
                "hours": found.hours,
                "sample": found.sample,
                "text": found.text,
            }
        }
    )

"""A suspended member who tries to post sees why, and until when (a 403 page)."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_login import current_user

from community.routing import wants_json

# POSTs to these blueprints write content (ask, answer, comment, vote, edit, flag).
WRITING_BLUEPRINTS = frozenset({"questions", "moderation", "videos"})
# Pages that exist only to write.
WRITING_PAGES = frozenset({"questions.ask", "questions.edit", "questions.edit_answer"})


def refuse_suspended_writer() -> Any:
    """before_request: answer 403 with the reason and end date instead of running the view."""
    if not current_user.is_authenticated or not current_user.is_suspended():
        return None
    writing = (request.method == "POST" and request.blueprint in WRITING_BLUEPRINTS) or (
        request.endpoint in WRITING_PAGES
    )
    if not writing:
        return None
    until, reason = current_user.suspended_until, current_user.suspension_reason or ""
    message = f"Your account is suspended until {until:%Y-%m-%d %H:%M} UTC."
    if request.path.startswith("/api/") or wants_json():
        return jsonify(
            {
                "error": "Not allowed",
                "message": message,
                "suspended_until": until.isoformat(),
                "reason": reason,
            }
        ), 403
    return render_template("moderation/suspended.html", until=until, reason=reason), 403


def register(app: Flask) -> None:
    """Install the check."""
    app.before_request(refuse_suspended_writer)

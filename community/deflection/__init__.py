"""Deflection: the ask-session event log, outcome metrics, dashboard reads and service levels.

``init_app`` wires the package into the app: the ``community.after_ask`` and
``community.suggestion_opened`` hooks the core calls, the public, API and staff blueprints, the
``flask deflection`` commands and the template helper the solved panel uses.
"""

from __future__ import annotations

from flask import Flask, request

from community.deflection.events import is_token


def ask_context() -> dict[str, object] | None:
    """The ask session a page was opened from (``?ask=<token>&rank=<n>``), validated, or None."""
    token = request.args.get("ask", "")
    if not is_token(token):
        return None
    rank = request.args.get("rank", "")
    return {"token": token, "rank": int(rank) if rank.isdigit() and 0 < int(rank) <= 50 else None}


def init_app(app: Flask) -> None:
    """Register hooks, blueprints, commands and template helpers."""
    from community.deflection.api import bp as api_bp
    from community.deflection.cli import deflection_cli
    from community.deflection.events import record_opened_from_page, record_question_posted
    from community.deflection.routes import bp as public_bp
    from community.staff.routes import bp as staff_bp

    app.extensions["community.after_ask"] = record_question_posted
    app.extensions["community.suggestion_opened"] = record_opened_from_page
    for bp in (public_bp, api_bp, staff_bp):
        app.register_blueprint(bp)
    app.cli.add_command(deflection_cli)
    app.jinja_env.globals["deflection_ask_context"] = ask_context

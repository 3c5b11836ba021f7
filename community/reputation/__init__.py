"""Reputation, ranks, badges and leaderboards: recognising the people who help others."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Subscribe to domain signals, register the blueprint, commands and template helpers."""
    from community.models import utcnow
    from community.reputation import badges, receivers, rules
    from community.reputation.cli import reputation_cli
    from community.reputation.queries import get_recognition
    from community.reputation.routes import bp

    receivers.connect()
    app.register_blueprint(bp)
    app.cli.add_command(reputation_cli)
    app.jinja_env.globals.update(
        badge_info=badges.BY_CODE.get,
        rank_for=rules.rank_for,
        reputation_reason=rules.reason_label,
        get_recognition=get_recognition,
        now_utc=utcnow,
    )

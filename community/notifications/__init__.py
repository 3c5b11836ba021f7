"""Notifications: the bell, follows, digest e-mails and unsubscribe links."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user


def init_app(app: Flask) -> None:
    """Subscribe to domain signals; register the blueprint, command and the bell's count."""
    from community.notifications import queries, receivers
    from community.notifications.cli import notifications_cli
    from community.notifications.routes import bp

    receivers.connect()
    app.register_blueprint(bp)
    app.cli.add_command(notifications_cli)
    app.jinja_env.globals["is_following"] = lambda target_type, target_id: queries.is_following(
        current_user, target_type, target_id
    )
    app.jinja_env.globals["tag_id_for"] = queries.get_tag_id

    @app.context_processor
    def unread_notifications() -> dict[str, Any]:
        """The bell's number, counted lazily: one indexed COUNT, only when a page shows it."""
        cache: dict[str, int] = {}

        def count() -> int:
            if "n" not in cache:
                authenticated = getattr(current_user, "is_authenticated", False)
                cache["n"] = queries.count_unread(current_user.id) if authenticated else 0
            return cache["n"]

        return {"unread_notification_count": count}

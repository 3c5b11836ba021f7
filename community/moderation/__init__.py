"""Moderation and trust: flags, the review queue, moderator actions with an audit log, spam
control (rate limits, link limits, blocked words) and suspensions."""

from __future__ import annotations

from flask import Flask

from community.config import ConfigError


def init_app(app: Flask) -> None:
    """Register the blueprint, rate limits, content checks, signal subscribers and helpers."""
    from community import signals
    from community.moderation import limits, queries, service, spam, suspension
    from community.moderation.diff import diff_revisions
    from community.moderation.routes import bp

    cfg = app.config
    if int(cfg["FLAG_HIDE_THRESHOLD"]) < 1:
        raise ConfigError("FLAG_HIDE_THRESHOLD must be at least 1")
    if int(cfg["MAX_LINKS_NEW_MEMBER"]) < 0:
        raise ConfigError("MAX_LINKS_NEW_MEMBER must not be negative")
    app.register_blueprint(bp)
    limits.apply_limits(app)
    suspension.register(app)
    spam.connect()
    signals.answer_accepted.connect(service.on_answer_accepted)
    signals.answer_unaccepted.connect(service.on_answer_unaccepted)
    app.jinja_env.globals.update(
        revision_diff=diff_revisions,
        moderation_info_request=queries.get_info_request,
        first_answerer_in=queries.first_answerer_in,
        flag_reasons=queries.FLAG_LABELS,
        close_reasons=service.CLOSE_REASONS,
        suspension_days=service.SUSPENSION_DAYS,
    )
    app.extensions["community.moderation"] = {"list_duplicates_of": queries.list_duplicates_of}

"""The video library: staff-curated how-to videos, member proposals, cards in posts."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the blueprint, the template helpers for video cards, and the post receivers."""
    from community.video_library import cards, queries
    from community.video_library.post_links import connect_receivers
    from community.video_library.routes import bp

    app.register_blueprint(bp)
    connect_receivers()
    app.jinja_env.globals.update(
        video_card_lookup=cards.video_card_lookup,
        video_card=cards.video_card,
        question_videos=queries.list_question_videos,
    )
    app.jinja_env.filters["with_video_cards"] = cards.with_video_cards

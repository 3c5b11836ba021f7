"""Links to search results, whatever their kind."""

from __future__ import annotations

from flask import current_app, url_for


def item_url(kind: str, item_id: int) -> str:
    """Return the page of an indexed item (a question, or a video once the library exists)."""
    if kind == "question":
        return url_for("questions.detail", question_id=item_id)
    if kind == "video" and "videos.detail" in current_app.view_functions:
        return url_for("videos.detail", video_id=item_id)
    return f"/{kind}s/{item_id}"

"""Approved videos reach the index and the suggestions; removed ones leave it."""

from __future__ import annotations

from community.extensions import db
from community.search.runtime import get_search
from community.video_library import service


def _suggest(text: str) -> list[dict]:
    return [h.to_dict() for h in get_search().index().suggest(text, limit=5)]


def test_video_added_by_staff_is_suggested_then_removed(app, make_user, make_tag):
    staff = make_user("staff")
    make_tag("router")
    video = service.add_video(
        staff,
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        title="Factory reset the AX5400 router with the reset button",
        description="Hold the recessed reset button for ten seconds.",
        tags="router",
    )
    db.session.commit()
    hits = _suggest("how to factory reset my router")
    assert any(h["kind"] == "video" and h["doc_id"] == f"v:{video.id}" for h in hits), hits
    service.remove_video(staff, video)
    db.session.commit()
    assert not any(
        h["doc_id"] == f"v:{video.id}" for h in _suggest("how to factory reset my router")
    )

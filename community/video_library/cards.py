"""Video cards at render time: library titles for the cards in stored post HTML.

Posts are rendered (and sanitised) once on write, when the library may not know the video yet,
so stored cards carry a generic title. Pages enrich them when shown: collect the (provider, id)
pairs of every card on the page, look them all up in ONE query, then rebuild each card from its
parsed data with the title and duration (``community.markup.refresh_video_cards``). Titles stay
current when staff edit a video, and a removed video falls back to the generic card and link.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from community.markup import (
    CardDetails,
    find_video_cards,
    refresh_video_cards,
    video_card_html,
    video_keys,
)
from community.models import Video
from community.video_library.queries import get_card_details
from community.videos import VideoLink


def _html_of(items: Iterable[Any]) -> Iterable[str]:
    """Stored HTML from posts (objects with body_html), strings, or lists of either."""
    for item in items:
        if item is None:
            continue
        if isinstance(item, str):
            yield item
        elif isinstance(item, list | tuple):
            yield from _html_of(item)
        else:
            yield getattr(item, "body_html", "") or ""


def video_card_lookup(*items: Any) -> dict[tuple[str, str], CardDetails]:
    """Library details for every card in the given posts, in one query (none if no cards)."""
    keys: set[tuple[str, str]] = set()
    for html in _html_of(items):
        if "video-card" in html:
            keys |= video_keys(find_video_cards(html))
    return get_card_details(keys)


def with_video_cards(html: str, lookup: Mapping[tuple[str, str], CardDetails] | None) -> Markup:
    """Stored, sanitised post HTML with its cards rebuilt using library titles."""
    if not html or "video-card" not in html:
        return Markup(html or "")  # noqa: S704 - stored HTML was sanitised on write by markup.py
    return Markup(refresh_video_cards(html, lookup))  # noqa: S704 - same; cards rebuilt from ids


def video_card(video: Video) -> Markup:
    """The click-to-play card of a library video (for the video page and lists)."""
    link = VideoLink(video.provider, video.external_id, video.start_seconds)
    details = CardDetails(video.title, video.duration_seconds)
    return Markup(video_card_html(link, details))  # noqa: S704 - built from parsed, escaped parts

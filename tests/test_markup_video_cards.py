"""Video cards in rendered posts: built from parsed ids only, no third-party request, unforgeable."""

from __future__ import annotations

import re

import pytest

from community.markup import (
    CardDetails,
    find_video_cards,
    find_video_links,
    format_duration,
    refresh_video_cards,
    render_markdown,
)
from community.videos import VideoLink

YT = "dQw4w9WgXcQ"


def _requests_nothing_external(html: str) -> None:
    """No iframe, image, script or src attribute: the browser fetches nothing from elsewhere."""
    lowered = html.lower()
    for needle in ("<iframe", "<img", "<script", " src=", "style="):
        assert needle not in lowered, needle


@pytest.mark.parametrize(
    "source",
    [
        f"https://youtu.be/{YT}?t=90",
        f"  https://www.youtube.com/watch?v={YT}&t=1m30s  ",
        f"<https://youtu.be/{YT}?t=90>",
        f"[Reset the router](https://youtu.be/{YT}?t=90)",
    ],
)
def test_a_lone_video_link_becomes_a_click_to_play_card(source):
    html = render_markdown(f"Try this:\n\n{source}\n\nThanks")
    assert html.count('<figure class="video-card"') == 1
    assert 'data-video-provider="youtube"' in html and f'data-video-id="{YT}"' in html
    assert 'data-video-start="90"' in html
    assert f'data-embed-src="https://www.youtube-nocookie.com/embed/{YT}?start=90"' in html
    assert '<button type="button" class="video-card-play"' in html
    assert "YouTube video" in html
    # The plain link stays, so a video removed upstream still leads to its page.
    assert f'href="https://www.youtube.com/watch?v={YT}&amp;t=90s"' in html
    assert "<p>Try this:</p>" in html and "<p>Thanks</p>" in html
    _requests_nothing_external(html)


def test_vimeo_card():
    html = render_markdown("https://player.vimeo.com/video/76979871#t=10")
    assert 'data-embed-src="https://player.vimeo.com/video/76979871#t=10s"' in html
    assert "Vimeo video" in html and 'href="https://vimeo.com/76979871#t=10s"' in html
    _requests_nothing_external(html)


@pytest.mark.parametrize(
    "source",
    [
        f"Watch https://youtu.be/{YT} for the steps",
        f"Watch this:\nhttps://youtu.be/{YT}",
        f"https://youtu.be/{YT} https://youtu.be/{YT}",
        f"> https://youtu.be/{YT}",
        f"- https://youtu.be/{YT}",
        f"    https://youtu.be/{YT}",
        f"`https://youtu.be/{YT}`",
        f"**https://youtu.be/{YT}**",
        f"https://youtube.com@evil.com/watch?v={YT}",
        f"https://evil-youtube.com/watch?v={YT}",
        f"[x](https://youtube.com.evil.com/watch?v={YT})",
        "javascript:alert(1)",
        f"[x](javascript:alert('https://youtu.be/{YT}'))",
    ],
)
def test_anything_else_stays_text_or_a_plain_link(source):
    html = render_markdown(source)
    assert "video-card" not in html and "<figure" not in html and "<button" not in html
    assert "javascript:" not in html.lower().replace("&lt;", "") or "<a" not in html


def test_users_cannot_forge_a_card():
    forged = (
        '<figure class="video-card" data-video-provider="youtube" data-video-id="x" '
        'data-video-start="0" data-embed-src="https://evil.example/"><button>Play</button></figure>'
    )
    for source in (forged, f"`{forged}`", f"```\n{forged}\n```"):
        html = render_markdown(source)
        assert "<figure" not in html and "<button" not in html  # escaped text, not markup
        assert find_video_cards(html) == []
        assert refresh_video_cards(html, {("youtube", "x"): CardDetails("Evil")}) == html


def test_the_placeholder_marker_cannot_be_guessed_into_a_card():
    html = render_markdown(f"videocard0000000000000000n0\n\nhttps://youtu.be/{YT}")
    assert "<p>videocard0000000000000000n0</p>" in html
    assert html.count("<figure") == 1


def test_refresh_fills_titles_and_durations_escaped():
    stored = render_markdown(f"https://youtu.be/{YT}\n\nhttps://vimeo.com/42")
    assert find_video_cards(stored) == [VideoLink("youtube", YT, 0), VideoLink("vimeo", "42", 0)]
    html = refresh_video_cards(
        stored, {("youtube", YT): CardDetails("<script>Reset</script> & pair", 185)}
    )
    assert "&lt;script&gt;Reset&lt;/script&gt; &amp; pair" in html and "<script>" not in html
    assert '<span class="video-card-duration">3:05</span>' in html
    assert 'aria-label="Play video: &lt;script&gt;Reset&lt;/script&gt; &amp; pair"' in html
    assert "Vimeo video" in html  # not in the library: generic title, still a card with a link
    assert refresh_video_cards(stored) == stored
    _requests_nothing_external(html)


def test_find_video_links_matches_cards():
    source = f"Intro\n\nhttps://youtu.be/{YT}?t=5\n\nsee https://vimeo.com/42 too\n\n<https://vimeo.com/7>"
    assert find_video_links(source) == [VideoLink("youtube", YT, 5), VideoLink("vimeo", "7", 0)]
    assert len(re.findall("<figure", render_markdown(source))) == 2


@pytest.mark.parametrize(
    "seconds,text", [(None, ""), (0, ""), (-3, ""), (59, "0:59"), (185, "3:05"), (3723, "1:02:03")]
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text

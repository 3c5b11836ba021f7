"""Markdown to sanitised HTML: the one place that imports the sanitiser (nh3).

Raw HTML in Markdown is disabled in the parser and whatever HTML the renderer produces is then
cleaned against an allow-list, so a parser bug cannot become an XSS.

Video cards: a top-level paragraph holding only one supported video link (see
``community.videos``) becomes a click-to-play card. The card is inserted *after* sanitising, built
from the parsed (provider, id, start) only, so the allow-list stays as narrow as before: users can
never write a ``<figure>``, a ``<button>`` or a ``data-*`` attribute themselves, and nothing of the
raw URL reaches the card. Titles from the video library are filled in at render time by
``refresh_video_cards`` (one batched query per page, see ``community.video_library.cards``).
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from community.videos import (
    VideoLink,
    embed_url,
    generic_title,
    parse_video_url,
    provider_name,
    watch_url,
)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "del",
    "s",
    "sup",
    "sub",
    "kbd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _is_same_origin(url: str) -> bool:
    """Whether a URL stays on this site (a path), rather than naming another host."""
    stripped = url.strip()
    parts = urlsplit(stripped)
    return not (parts.scheme or parts.netloc or stripped.startswith(("//", "\\", "/\\")))


def _render_image(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Images from other hosts become links: the CSP would block them, and loading them would
    tell a third party who reads the page (no request leaves without the visitor's click)."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if _is_same_origin(src):
        return str(renderer.image(tokens, idx, options, env))
    alt = renderer.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{html.escape(src)}">{html.escape(alt)}</a>'


_md.add_render_rule("image", _render_image)


def sanitize_html(html: str) -> str:
    """Clean HTML against the allow-list; links get rel="nofollow ugc noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
        strip_comments=True,
    )


def render_plain(text: str) -> str:
    """Render short plain text (comments) as escaped HTML with inline Markdown only."""
    return sanitize_html(_md.renderInline(text))


def plain_text(source: str) -> str:
    """Strip Markdown/HTML to plain text, e.g. for search documents and snippets."""
    return html.unescape(nh3.clean(_md.render(source), tags=set())).strip()


# --- video cards -------------------------------------------------------------------------------

_LINK_REL = "nofollow ugc noopener noreferrer"
# Matches only cards this module wrote: users cannot produce <figure> or data-* (not allowed).
VIDEO_CARD_RE = re.compile(
    r'<figure class="video-card" data-video-provider="(youtube|vimeo)" '
    r'data-video-id="([A-Za-z0-9_-]{1,12})" data-video-start="([0-9]{1,5})"[^>]*>.*?</figure>',
    re.DOTALL,
)


class CardDetails(NamedTuple):
    """What the library knows about a video shown in a card."""

    title: str
    duration_seconds: int | None = None


def format_duration(seconds: int | None) -> str:
    """3:05 or 1:02:03; empty when unknown."""
    if not seconds or seconds < 0:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_card_html(link: VideoLink, details: CardDetails | None = None) -> str:
    """Card markup for a parsed link: data attributes and a play button, never an iframe.

    The player is created by static/js/video-card.js only when the visitor presses the button;
    the plain link to the video's page stays, so a video removed upstream still leads somewhere.
    """
    title = details.title if details else generic_title(link.provider)
    duration = format_duration(details.duration_seconds if details else None)
    esc = html.escape
    duration_html = f' <span class="video-card-duration">{esc(duration)}</span>' if duration else ""
    return (
        f'<figure class="video-card" data-video-provider="{link.provider}" '
        f'data-video-id="{esc(link.video_id)}" data-video-start="{int(link.start)}" '
        f'data-embed-src="{esc(embed_url(link))}">'
        f'<div class="video-card-player"><button type="button" class="video-card-play" '
        f'aria-label="Play video: {esc(title)}"><span aria-hidden="true">&#9654;</span> Play'
        f"</button></div>"
        f'<figcaption><span class="video-card-title">{esc(title)}</span>{duration_html} '
        f'<a class="video-card-link" href="{esc(watch_url(link))}" rel="{_LINK_REL}">'
        f"Watch on {provider_name(link.provider)}</a></figcaption></figure>"
    )


def _paragraph_video_link(tokens: list[Token], i: int) -> VideoLink | None:
    """The video link if tokens[i] opens a top-level paragraph holding only that link."""
    if i + 2 >= len(tokens):
        return None
    opening, inline = tokens[i], tokens[i + 1]
    if opening.type != "paragraph_open" or opening.level != 0 or inline.type != "inline":
        return None
    content = inline.content.strip()
    if content.startswith("<") and content.endswith(">"):
        content = content[1:-1]  # an autolink: <https://youtu.be/...>
    link = parse_video_url(content)
    if link is None:
        children = inline.children or []
        kinds = [c.type for c in children]
        if kinds == ["link_open", "text", "link_close"]:  # [label](https://youtu.be/...)
            link = parse_video_url(children[0].attrGet("href"))
    return link


def find_video_links(source: str) -> list[VideoLink]:
    """The video links in a Markdown text that render as cards, in order."""
    tokens = _md.parse(source)
    found = (_paragraph_video_link(tokens, i) for i in range(len(tokens)))
    return [link for link in found if link is not None]


def render_markdown(source: str) -> str:
    """Render user Markdown to safe HTML, with click-to-play cards for lone video links."""
    tokens = _md.parse(source)
    # A per-call random marker stands in for each card through sanitising; users cannot guess it.
    marker = f"videocard{secrets.token_hex(8)}n"
    cards: dict[str, VideoLink] = {}
    for i in range(len(tokens)):
        link = _paragraph_video_link(tokens, i)
        if link is not None:
            key = f"{marker}{len(cards)}"
            cards[key] = link
            placeholder = Token("text", "", 0, content=key)
            tokens[i + 1].children = [placeholder]
    cleaned = sanitize_html(_md.renderer.render(tokens, _md.options, {}))
    for key, link in cards.items():
        cleaned = cleaned.replace(f"<p>{key}</p>", video_card_html(link), 1)
    return cleaned


def find_video_cards(rendered: str) -> list[VideoLink]:
    """The video links of the cards in stored HTML (for one batched title lookup)."""
    links = []
    for match in VIDEO_CARD_RE.finditer(rendered):
        provider, video_id, start = match.groups()
        links.append(VideoLink(provider, video_id, int(start)))
    return links


def refresh_video_cards(
    rendered: str, details: Mapping[tuple[str, str], CardDetails] | None = None
) -> str:
    """Rebuild every card in stored HTML from its parsed data, with library titles when known."""
    lookup = details or {}

    def rebuild(match: re.Match[str]) -> str:
        provider, video_id, start = match.groups()
        link = VideoLink(provider, video_id, int(start))
        try:
            return video_card_html(link, lookup.get((provider, video_id)))
        except ValueError:
            return match.group(0)

    return VIDEO_CARD_RE.sub(rebuild, rendered)


def video_keys(links: Iterable[VideoLink]) -> set[tuple[str, str]]:
    """(provider, id) pairs of links, the key the library is looked up by."""
    return {(link.provider, link.video_id) for link in links}

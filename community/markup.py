"""Markdown to sanitised HTML: the one place that imports the sanitiser (nh3).

Raw HTML in Markdown is disabled in the parser and whatever HTML the renderer produces is then
cleaned against an allow-list, so a parser bug cannot become an XSS.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

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


def render_markdown(source: str) -> str:
    """Render user Markdown to safe HTML."""
    return sanitize_html(_md.render(source))


def render_plain(text: str) -> str:
    """Render short plain text (comments) as escaped HTML with inline Markdown only."""
    return sanitize_html(_md.renderInline(text))


def plain_text(source: str) -> str:
    """Strip Markdown/HTML to plain text, e.g. for search documents and snippets."""
    return html.unescape(nh3.clean(_md.render(source), tags=set())).strip()

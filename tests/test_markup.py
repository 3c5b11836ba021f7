"""Markdown rendering and sanitising (the one sanitiser)."""

from __future__ import annotations

import pytest

from community.markup import plain_text, render_markdown, render_plain


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<svg onload=alert(1)>",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](JaVaScRiPt:alert(1))",
        "<iframe src=//evil>",
    ],
)
def test_dangerous_markup_is_neutralised(source):
    html = render_markdown(source)
    lowered = html.lower()
    assert (
        "<script" not in lowered
        and "onerror=" not in lowered
        and "javascript:" not in lowered.replace("&lt;", "")
        or "<a" not in lowered
    )
    assert "<iframe" not in lowered and "<svg" not in lowered and 'href="javascript' not in lowered
    assert 'src="javascript' not in lowered and 'href="data:' not in lowered


def test_markdown_features_survive():
    html = render_markdown("**bold** `code`\n\n- a\n- b\n\n[link](https://example.com)")
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html and "<li>a</li>" in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html


def test_plain_helpers():
    assert render_plain("a *b*") == "a <em>b</em>"
    # Raw HTML is never markup in posts: it stays visible text.
    assert plain_text("**Hi** & <b>there</b>") == "Hi & <b>there</b>"


def test_images_from_other_hosts_become_links():
    html = render_markdown("![router](https://example.com/r.png) ![local](/static/r.png)")
    assert (
        '<a href="https://example.com/r.png" rel="nofollow ugc noopener noreferrer">router</a>'
        in html
    )
    assert '<img src="/static/r.png" alt="local">' in html
    for source in ("![x](//evil.example/p.png)", "![x](HTTP://evil.example/p.png)"):
        assert "<img" not in render_markdown(source) and "<img" not in render_plain(source)

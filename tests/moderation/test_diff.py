"""The revision diff escapes everything and marks only what changed."""

from __future__ import annotations

from types import SimpleNamespace

from community.moderation.diff import diff_revisions, diff_text


def test_unchanged_lines_far_from_changes_are_collapsed():
    old = "\n".join(f"line {i}" for i in range(20))
    new = old.replace("line 10", "line ten")
    html = str(diff_text(old, new))
    assert "line 2<" not in html and "line 8" in html and "line 12" in html
    assert "<del>10</del>" in html and "<ins>ten</ins>" in html


def test_everything_is_escaped():
    html = str(diff_text("<b>a</b>", '<img src=x onerror="alert(1)">'))
    assert "<img" not in html and "<b>" not in html and 'onerror="' not in html
    assert "img src=x onerror=&#34;alert(1)&#34;" in html and "&lt;" in html


def test_added_and_removed_lines():
    html = str(diff_text("keep\ndrop me", "keep\nnew one\nand another"))
    assert 'class="diff-old"' in html and html.count('class="diff-new"') == 2


def test_revisions_title_tags_body():
    old = SimpleNamespace(title="Printer jams", tags="printer", body="Same body")
    new = SimpleNamespace(title="Printer jams daily", tags="printer paper", body="Same body")
    d = diff_revisions(old, new)
    assert "daily</ins>" in str(d["title"]) and str(d["tags"]) == "<ins>paper</ins>"
    assert d["body"] is None

"""A readable diff between two revisions of a post: changed lines with the changed words marked.

Everything user-written is HTML-escaped here; the result is Markup safe to render as is.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from markupsafe import Markup, escape

CONTEXT_LINES = 2
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def _words(line: str) -> list[str]:
    """Split a line into words, runs of spaces and punctuation (joined back losslessly)."""
    return _WORDS.findall(line)


def _inline(old: str, new: str) -> tuple[Markup, Markup]:
    """Two versions of one line with removed words in <del> and added words in <ins>."""
    a, b = _words(old), _words(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(Markup("<del>%s</del>") % removed)
        if added:
            right.append(Markup("<ins>%s</ins>") % added)
    return Markup("").join(left), Markup("").join(right)


def _line(kind: str, sign: str, content: Any) -> Markup:
    """One diff line: kind is 'same', 'old' or 'new'."""
    return Markup(
        '<span class="diff-{}"><span class="diff-sign" aria-hidden="true">{}</span>{}</span>'
    ).format(kind, sign, content)


def diff_text(old: str, new: str) -> Markup:
    """Line diff with two lines of context and word marks inside changed lines."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    out: list[Markup] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group_no, group in enumerate(matcher.get_grouped_opcodes(CONTEXT_LINES)):
        if group_no:
            out.append(_line("gap", " ", "…"))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out.extend(_line("same", " ", escape(line)) for line in a[i1:i2])
                continue
            olds, news = a[i1:i2], b[j1:j2]
            paired = min(len(olds), len(news)) if op == "replace" else 0
            marked = [_inline(o, n) for o, n in zip(olds[:paired], news[:paired], strict=True)]
            out.extend(_line("old", "-", left) for left, _ in marked)
            out.extend(_line("old", "-", escape(line)) for line in olds[paired:])
            out.extend(_line("new", "+", right) for _, right in marked)
            out.extend(_line("new", "+", escape(line)) for line in news[paired:])
    return Markup("\n").join(out)


def diff_revisions(old: Any, new: Any) -> dict[str, Markup | None]:
    """Title, tags and body differences between two revisions (None where nothing changed)."""
    title = None
    if (old.title or "") != (new.title or ""):
        left, right = _inline(old.title or "", new.title or "")
        title = Markup("{} → {}").format(left, right)
    tags = None
    if (old.tags or "") != (new.tags or ""):
        before, after = set((old.tags or "").split()), set((new.tags or "").split())
        parts = [Markup("<del>{}</del>").format(t) for t in sorted(before - after)]
        parts += [Markup("<ins>{}</ins>").format(t) for t in sorted(after - before)]
        tags = Markup(" ").join(parts)
    body = diff_text(old.body, new.body) if old.body != new.body else None
    return {"title": title, "tags": tags, "body": body}

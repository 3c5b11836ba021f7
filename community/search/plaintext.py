"""Markdown source to the plain words worth indexing (link targets and URLs dropped)."""

from __future__ import annotations

import re

# Inline link or image targets: "[text](https://...)" keeps "[text]".
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
# Reference definitions: "[1]: https://..." lines.
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
# Bare and angle-bracket URLs.
_URL = re.compile(r"<?(?:https?|ftp)://[^\s>)]+>?", re.IGNORECASE)
#: Characters of a question's text, and of each answer, that a search document keeps.
QUESTION_CHARS = 6000
ANSWER_CHARS = 3000

# Markdown punctuation that carries no words: emphasis, headings, quotes, fences, tables.
_MARKUP = str.maketrans(dict.fromkeys("*_`~#>|[]", " "))


def markdown_to_text(source: str | None, limit: int | None = None) -> str:
    """Return ``source`` without Markdown punctuation, link targets or URLs, cut to ``limit``."""
    if not source:
        return ""
    text = source[: limit * 2] if limit else source
    # The regular expressions only run when their marker is there (most posts have no links).
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    if "]:" in text:
        text = _REFERENCE.sub(" ", text)
    if "://" in text:
        text = _URL.sub(" ", text)
    text = " ".join(text.replace("![", " ").translate(_MARKUP).split())
    if limit and len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit]
    return text


def question_text(title: str | None, body: str | None, limit: int | None = None) -> str:
    """Return the plain text of a question's body, or "" when it only repeats the title.

    Imported threads without a text get their title as text; indexing it again would count every
    title word twice and push such threads above better matches.
    """
    text = markdown_to_text(body, limit)
    return "" if " ".join(text.split()) == " ".join((title or "").split()) else text

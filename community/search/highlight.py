"""HTML-escaped highlighting: matched words wrapped in ``<mark>``, everything else escaped."""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from community.search.schema import analyze_spans, clean_text

SNIPPET_SCAN_CHARS = 20_000


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def matched_spans(text: str, stems: Collection[str]) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the words of ``text`` whose stem is in ``stems``."""
    return [(s, e) for stem, s, e in analyze_spans(text) if stem in stems]


def highlight_title(title: str, stems: Collection[str]) -> str:
    """Return ``title`` escaped, with words matching ``stems`` wrapped in ``<mark>``."""
    text = clean_text(title)
    return _marked(text, matched_spans(text, stems))


def snippet(body: str, stems: Collection[str], width: int = 220) -> str:
    """Return an escaped excerpt of ``body`` around the densest group of matched words."""
    text = clean_text(body[:SNIPPET_SCAN_CHARS])
    spans = matched_spans(text, stems)
    if not spans:
        cut = text[:width]
        return escape(cut) + ("…" if len(text) > width else "")
    best_start, best_count = spans[0][0], 0
    j = 0
    for i, (start, _end) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] - start <= width:
            j += 1
        if j - i + 1 > best_count:
            best_start, best_count = start, j - i + 1
    begin = max(0, best_start - width // 4)
    if begin > 0:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space >= 0 and begin - space < 20 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin + width // 2 else end
    inner = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
    html = _marked(text[begin:end], inner)
    return ("…" if begin > 0 else "") + html + ("…" if end < len(text) else "")

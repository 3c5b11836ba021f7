"""A static check of rendered pages: nothing in them could run script or load a foreign resource.

Parses with the standard library's html.parser (which decodes entities in attribute values the
way a browser does) and reports every element or attribute that could execute or exfiltrate.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that user content must never produce, whatever their attributes.
FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "svg",
    "math",
    "style",
    "template",
    "xmp",
    "noscript",
    "portal",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "lowsrc",
    "dynsrc",
}
# What a browser ignores before the scheme: ASCII whitespace and C0 controls anywhere in it.
_IGNORED = re.compile(r"[\x00-\x20\u200b\u200c\u200d\ufeff]+")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
LOCAL_STATIC = "/static/"


def _scheme_is_bad(value: str) -> bool:
    """Whether a URL value would run script (javascript:, vbscript:) or inline a document (data:)."""
    squashed = _IGNORED.sub("", value).lower()
    return squashed.startswith(BAD_SCHEMES)


def _is_foreign(value: str) -> bool:
    """Whether a URL makes the browser contact another host on its own (absolute or //host)."""
    squashed = _IGNORED.sub("", value).lower()
    return squashed.startswith(("http:", "https:", "//", "\\\\", "/\\"))


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            src = values.get("src", "")
            if not src.startswith(LOCAL_STATIC):
                self.problems.append(f"<script> not from our static files: {src!r}")
            self._in_script = True
        if tag == "link" and not values.get("href", "").startswith(LOCAL_STATIC):
            self.problems.append(f"<link> to {values.get('href')!r}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "form" and _is_foreign(values.get("action", "")):
            self.problems.append(f"<form> posting to {values.get('action')!r}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=...> inline style")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc=...>")
            if name in URL_ATTRIBUTES and _scheme_is_bad(value):
                self.problems.append(f"<{tag} {name}={value[:40]!r}> dangerous URL")
            if name in URL_ATTRIBUTES - {"href", "action"} and _is_foreign(value):
                # href/action only act on a click; src-like attributes load on their own.
                self.problems.append(f"<{tag} {name}={value[:40]!r}> loads a foreign resource")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("inline script content")


def audit_html(html: str) -> list[str]:
    """Every problem found in a page; an empty list means nothing executable or foreign."""
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.problems

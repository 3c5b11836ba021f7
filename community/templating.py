"""Jinja globals and filters."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request, url_for

from community import permissions
from community.models import utcnow


def timeago(value: datetime | None, now: datetime | None = None) -> str:
    """A short relative time such as '3 hours ago'."""
    if value is None:
        return ""
    seconds = int(((now or utcnow()) - value).total_seconds())
    if seconds < 60:
        return "just now"
    for unit, size in (
        ("year", 31536000),
        ("month", 2592000),
        ("day", 86400),
        ("hour", 3600),
        ("minute", 60),
    ):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def url_with(**changes: Any) -> str:
    """The current URL's query string with some arguments changed (for pagers and sorts)."""
    args = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return request.path + ("?" + urlencode(args) if args else "")


@lru_cache(maxsize=4096)
def _cached_path(script_root: str, endpoint: str, values: tuple[tuple[str, Any], ...]) -> str:
    return url_for(endpoint, **dict(values))


def cached_url_for(endpoint: str, **values: Any) -> str:
    """``url_for`` for links that repeat across pages (tags, profiles): built once per process.

    Only for relative URLs whose arguments are plain values; lists show dozens of them.
    """
    return _cached_path(request.script_root, endpoint, tuple(sorted(values.items())))


def register_templating(app: Flask) -> None:
    """Expose permission predicates and helpers to templates."""
    app.jinja_env.globals.update(perm=permissions, url_with=url_with, cached_url_for=cached_url_for)
    app.jinja_env.filters["timeago"] = timeago
    app.jinja_env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    app.jinja_env.globals["site_name"] = lambda: app.config["SITE_NAME"]

"""Jinja globals and filters."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for
from jinja2 import Environment, pass_environment
from markupsafe import Markup

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


# An attribute a user-like object may lack (``user.reputation is defined`` in a template).
_MISSING = object()


@lru_cache(maxsize=8192)
def _user_link_html(
    script_root: str,
    username: str,
    role: str,
    display_role: str | None,
    reputation: Any,
    badge: Any,
) -> Markup:
    """The HTML of one user link (see ``user_link``)."""
    href = cached_url_for("users.profile", username=username)
    html = Markup('<a class="user" href="{}">{}</a>').format(href, username)
    if display_role:
        html += Markup(' <span class="badge role-{}">{}</span>').format(role, display_role)
    if reputation is not _MISSING:
        html += Markup(
            ' <span class="rep" title="Reputation">{}'
            '<span class="visually-hidden"> reputation</span></span>'
        ).format(reputation)
    if badge:
        html += Markup(' <span class="badge award award-{}" title="{}">{}</span>').format(
            badge.tier, badge.description, badge.name
        )
    return html


@pass_environment
def user_link(env: Environment, user: Any) -> Markup:
    """A member's name linked to their profile, with role badge, reputation and top award.

    Pages show dozens of these for a few hundred distinct people: each distinct link is built
    once per process (a macro call per name cost more than the rest of a list row).
    """
    if not user:
        return Markup('<span class="user">deleted user</span>')
    top_badge = getattr(user, "top_badge", None)
    badge_info: Any = env.globals.get("badge_info")  # from the reputation package, if installed
    return _user_link_html(
        request.script_root,
        user.username,
        getattr(user, "role", ""),
        getattr(user, "display_role", None),
        getattr(user, "reputation", _MISSING),
        badge_info(top_badge) if top_badge and badge_info else None,
    )


@lru_cache(maxsize=4096)
def _tag_list_html(script_root: str, names: tuple[str, ...]) -> Markup:
    """The HTML of one list of tags (see ``tag_list``)."""
    items = Markup("").join(
        Markup('<li><a class="tag" href="{}">{}</a></li>').format(
            cached_url_for("questions.index", tag=name), name
        )
        for name in names
    )
    return Markup('<ul class="tags" aria-label="Tags">{}</ul>').format(items)


def tag_list(tags: Any) -> Markup:
    """A post's tags as links to their question lists (built once per distinct set of names)."""
    return _tag_list_html(request.script_root, tuple(t.name for t in tags))


def memoized_macro(template: str, name: str, maxsize: int = 2048) -> Callable[..., Markup]:
    """Macro ``name`` of ``template``, its HTML built once per distinct (hashable) arguments.

    For fragments that show nothing but their arguments (no current_user, request or settings;
    links depend on the script root, which is part of the key), repeated across requests and
    viewers: rendering the rows was most of the list page's work.
    """

    @lru_cache(maxsize=maxsize)
    def render(script_root: str, *args: Hashable) -> Markup:
        macro = getattr(current_app.jinja_env.get_template(template).module, name)
        return Markup(macro(*args))  # noqa: S704 - a macro's output, escaped by Jinja

    def call(*args: Hashable) -> Markup:
        return render(request.script_root, *args)

    return call


def register_templating(app: Flask) -> None:
    """Expose permission predicates and helpers to templates."""
    app.jinja_env.globals.update(
        perm=permissions,
        url_with=url_with,
        cached_url_for=cached_url_for,
        user_link=user_link,
        tag_list=tag_list,
        # A list row is the same for every viewer: its question summary and the time text.
        question_summary=memoized_macro("questions/_summary.html", "question_summary"),
    )
    app.jinja_env.filters["timeago"] = timeago
    app.jinja_env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    app.jinja_env.globals["site_name"] = lambda: app.config["SITE_NAME"]

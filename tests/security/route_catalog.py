"""Every route of the app, from its url_map, turned into concrete URLs with real object ids.

Security tests walk the whole url_map instead of a hand-written list, so a new route is covered
(or the test says exactly what to add). When a branch adds a URL argument, give it a value in
``ARGUMENT_VALUES``; when a route needs a specific object, add an override in ``OVERRIDES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class Objects:
    """Ids of real rows the URLs point at: a question, an answer on it, users."""

    question_id: int
    answer_id: int  # an answer on question_id, by someone other than the asker
    own_answer_id: int  # an answer written by the asker (on another question)
    user_id: int
    username: str
    comment_id: int = 0  # a comment by "other" on the question
    video_id: int = 0  # an approved library video
    link_id: int = 0  # a member's pending video proposal on the question
    notification_id: int = 0  # a notification for the asker
    unsubscribe_token: str = ""  # the asker's signed unsubscribe link


# URL argument -> value, given the objects and the values chosen for the rule's other arguments.
ARGUMENT_VALUES: dict[str, Callable[[Objects, dict[str, Any]], Any]] = {
    "question_id": lambda o, a: o.question_id,
    "answer_id": lambda o, a: o.answer_id,
    "post_id": lambda o, a: {"answers": o.answer_id, "comments": o.comment_id}.get(
        a.get("kind"), o.question_id
    ),
    "user_id": lambda o, a: o.user_id,
    "username": lambda o, a: o.username,
    "slug": lambda o, a: "a-slug",
    "filename": lambda o, a: "css/site.css",
    "video_id": lambda o, a: o.video_id,
    "link_id": lambda o, a: o.link_id,
    "notification_id": lambda o, a: o.notification_id,
    "token": lambda o, a: o.unsubscribe_token,
    "name": lambda o, a: "router",  # a tag name
}
# (endpoint, argument) -> value, when a route must act on a particular object.
OVERRIDES: dict[tuple[str, str], Callable[[Objects], Any]] = {
    ("questions.edit_answer", "answer_id"): lambda o: o.own_answer_id,
    ("questions.official", "answer_id"): lambda o: o.own_answer_id,
}


@dataclass
class Route:
    """One concrete request target: endpoint, URL rule, method and URL."""

    endpoint: str
    rule: str
    method: str
    url: str
    variant: str = ""  # the chosen any(...) values, e.g. "answers"

    @property
    def key(self) -> str:
        """'METHOD endpoint rule [variant]', unique per route variant."""
        return f"{self.method} {self.endpoint} {self.rule}" + (
            f" [{self.variant}]" if self.variant else ""
        )


_PLACEHOLDER = re.compile(r"<(?:[^>]*:)?(\w+)>")
_ANY = re.compile(r"<any\(([^)]*)\):(\w+)>")


def _any_values(rule: Rule) -> dict[str, list[str]]:
    """Values of ``any(...)`` arguments, read from the rule text: each one is a separate URL."""
    return {
        name: [item.strip() for item in items.split(",")] for items, name in _ANY.findall(rule.rule)
    }


def iter_routes(app: Flask, objects: Objects, methods: set[str] | None = None) -> Iterator[Route]:
    """Every (rule, method) of the app as a concrete URL; ``any`` arguments give one URL each."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        choices = _any_values(rule)
        names = sorted(choices)
        for combo in product(*(choices[n] for n in names)) if names else [()]:
            values: dict[str, Any] = dict(zip(names, combo, strict=True))
            for arg in sorted(rule.arguments - set(values)):
                override = OVERRIDES.get((rule.endpoint, arg))
                if override is not None:
                    values[arg] = override(objects)
                elif rule.defaults and arg in rule.defaults:
                    values[arg] = rule.defaults[arg]  # fixed by the rule, not in its URL
                elif arg in ARGUMENT_VALUES:
                    values[arg] = ARGUMENT_VALUES[arg](objects, values)
                else:
                    raise KeyError(
                        f"route {rule.rule} has argument {arg!r}: give it a value in "
                        "tests/security/route_catalog.py ARGUMENT_VALUES"
                    )
            url = _url_for_rule(rule, values)
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                if methods is None or method in methods:
                    yield Route(rule.endpoint, rule.rule, method, url, ",".join(combo))


def _url_for_rule(rule: Rule, values: dict[str, Any]) -> str:
    """The URL of exactly this rule (url_for could pick a sibling rule of the same endpoint)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), rule.rule)

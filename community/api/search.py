"""JSON search API under /api/v1: suggestions while asking, and full search.

A blueprint of its own (registered by the search package) so the core API module stays untouched;
errors under /api are JSON whichever blueprint raised them.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import ServiceUnavailable

from community.exceptions import ValidationFailed
from community.search.errors import SearchError
from community.search.queries import (
    SEARCH_PER_PAGE,
    SUGGEST_MAX,
    Result,
    get_search_page,
    list_suggestions,
)
from community.search_pages.links import item_url

logger = logging.getLogger(__name__)

bp = Blueprint("search_api", __name__, url_prefix="/api/v1")

TEXT_MAX = 2000  # characters of title or body considered (more only slows the query)
PAGE_MAX = 500
PER_PAGE_MAX = 50
BOOLEANS = {"": False, "0": False, "false": False, "no": False, "off": False}
BOOLEANS |= {"1": True, "true": True, "yes": True, "on": True}


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    """Read an integer query argument within [low, high], else a 422 naming the argument."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ValidationFailed(
            f"{name} must be a whole number from {low} to {high}.",
            {name: [f"A whole number from {low} to {high}."]},
        )
    return value


def _bool_arg(name: str) -> bool:
    raw = (request.args.get(name) or "").strip().lower()
    if raw not in BOOLEANS:
        raise ValidationFailed(f"{name} must be true or false.", {name: ["true or false"]})
    return BOOLEANS[raw]


def _text_arg(name: str) -> str:
    return (request.args.get(name) or "")[:TEXT_MAX]


def serialize_result(result: Result, with_snippet: bool = False) -> dict[str, Any]:
    """Return the JSON form of a result (HTML fields are escaped, with <mark> only)."""
    data: dict[str, Any] = {
        "kind": result.kind,
        "id": result.id,
        "title": result.title,
        "url": item_url(result.kind, result.id),
        "solved": result.solved,
        "answers": result.answers,
        "score": result.score,
        "highlights": result.highlights,
        "tags": result.tags,
        "title_html": result.title_html,
    }
    if with_snippet:
        data["snippet_html"] = result.snippet_html
    return data


@bp.get("/suggest")
def suggest() -> Any:
    """Up to ``limit`` existing questions (and videos) similar to the text being typed."""
    limit = _int_arg("limit", 5, 1, SUGGEST_MAX)
    try:
        results = list_suggestions(current_user, _text_arg("q"), _text_arg("body"), limit)
    except SearchError as err:
        logger.warning("suggest: index unavailable", exc_info=True)
        raise ServiceUnavailable("Suggestions are unavailable right now.") from err
    return jsonify({"results": [serialize_result(r) for r in results]})


@bp.get("/search")
def search() -> Any:
    """One page of search results with snippets, filters and a did-you-mean suggestion."""
    page_no = _int_arg("page", 1, 1, PAGE_MAX)
    per_page = _int_arg("per_page", SEARCH_PER_PAGE, 1, PER_PAGE_MAX)
    tag = (request.args.get("tag") or "").strip()[:40] or None
    solved = _bool_arg("solved")
    try:
        page = get_search_page(current_user, _text_arg("q"), tag, solved, page_no, per_page)
    except SearchError as err:
        logger.warning("search: index unavailable", exc_info=True)
        raise ServiceUnavailable("Search is unavailable right now.") from err
    return jsonify(
        {
            "results": [serialize_result(r, with_snippet=True) for r in page.results],
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "pages": page.pages,
            "did_you_mean": page.did_you_mean,
        }
    )

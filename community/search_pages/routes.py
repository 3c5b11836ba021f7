"""The search page: full results with snippets, tag and solved filters, did-you-mean."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from community.pagination import parse_page
from community.questions.queries import list_tags
from community.search.errors import SearchError
from community.search.queries import get_search_page

logger = logging.getLogger(__name__)

bp = Blueprint("search", __name__)

QUERY_MAX = 300
TRUE_VALUES = {"1", "true", "on", "yes"}


@bp.get("/search")
def index() -> Any:
    """Search questions; an empty result offers to ask with the words already typed."""
    q = " ".join((request.args.get("q") or "")[:QUERY_MAX].split())
    tag = (request.args.get("tag") or "").strip()[:40] or None
    solved = (request.args.get("solved") or "").lower() in TRUE_VALUES
    page_no = parse_page(request.args.get("page"))
    context: dict[str, Any] = {"q": q, "tag": tag, "solved": solved, "tags": list_tags()}
    if not q and not tag and not solved:
        return render_template("search/results.html", page=None, error=None, **context)
    try:
        page = get_search_page(
            current_user, q, tag, solved, page_no, current_app.config["QUESTIONS_PER_PAGE"]
        )
    except SearchError:
        logger.warning("search page: index unavailable", exc_info=True)
        error = "Search is unavailable right now. Please try again in a minute."
        return render_template("search/results.html", page=None, error=error, **context), 503
    return render_template("search/results.html", page=page, error=None, **context)

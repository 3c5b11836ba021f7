"""Reads for the search page, the suggestion API and the ask page.

The index holds no hidden content, but a hit can be a moment stale (hidden after it was indexed),
so every page of hits is re-checked against the database in one statement before it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from community.extensions import db
from community.models import Question
from community.pagination import Page
from community.search.engine import Hit
from community.search.runtime import get_search
from community.search.sources import parse_doc_id

SUGGEST_MAX = 10
SEARCH_PER_PAGE = 20
STALE_MARGIN = 3  # extra suggestions fetched so that filtering stale ones still fills the list


@dataclass(frozen=True)
class Result:
    """One suggestion or search result, ready to render (HTML fields are already escaped)."""

    kind: str
    id: int
    title: str
    title_html: str
    solved: bool
    answers: int
    score: int
    tags: list[str]
    highlights: list[str]  # the words that matched, as typed: the reason it was suggested
    snippet_html: str = ""


@dataclass
class ResultPage(Page[Result]):
    """One page of search results: the shared pager fields plus "did you mean"."""

    did_you_mean: str | None = None

    @property
    def results(self) -> Sequence[Result]:
        """The results on this page (the pager's ``items``)."""
        return self.items


def _result(hit: Hit, kind: str, item_id: int) -> Result:
    return Result(
        kind=kind,
        id=item_id,
        title=hit.title,
        title_html=hit.title_html,
        solved=hit.solved,
        answers=hit.answers,
        score=hit.score,
        tags=list(hit.tags),
        highlights=list(hit.matched),
        snippet_html=hit.snippet_html,
    )


def _visible_results(hits: Sequence[Hit]) -> list[Result]:
    """Turn hits into results, dropping any whose question is hidden or gone (one statement)."""
    parsed = [(hit, parse_doc_id(hit.doc_id)) for hit in hits]
    question_ids = [p[1] for _hit, p in parsed if p is not None and p[0] == "question"]
    visible: set[int] = set()
    if question_ids:
        visible = set(
            db.session.scalars(
                select(Question.id).where(
                    Question.id.in_(question_ids), Question.is_hidden.is_(False)
                )
            )
        )
    results: list[Result] = []
    for hit, p in parsed:
        if p is None:
            continue
        kind, item_id = p
        if kind == "question" and item_id not in visible:
            continue
        results.append(_result(hit, kind, item_id))
    return results


def list_suggestions(viewer: Any, title: str, body: str = "", limit: int = 5) -> list[Result]:
    """Return up to ``limit`` existing items similar to a question being typed.

    ``viewer`` is accepted for symmetry with other queries: suggestions show only public content.
    Raises IndexUnavailable when the index cannot be read even after reopening it.
    """
    limit = max(1, min(int(limit), SUGGEST_MAX))
    search = get_search()
    if not search.enabled or not (title or "").strip() and not (body or "").strip():
        return []
    hits = search.run(lambda index: index.suggest(title, body, limit + STALE_MARGIN))
    return _visible_results(hits)[:limit]


def get_search_page(
    viewer: Any,
    q: str,
    tag: str | None = None,
    solved_only: bool = False,
    page: int = 1,
    per_page: int = SEARCH_PER_PAGE,
) -> ResultPage:
    """Return one page of search results for ``q`` with optional tag and solved filters."""
    search = get_search()
    if not search.enabled:
        return ResultPage(items=[], page=page, per_page=per_page, total=0)
    found = search.run(lambda index: index.search(q, tag, solved_only, page, per_page))
    results = _visible_results(found.hits)
    hidden = len(found.hits) - len(results)
    return ResultPage(
        items=results,
        page=page,
        per_page=per_page,
        total=max(0, found.total - hidden),
        did_you_mean=found.did_you_mean,
    )

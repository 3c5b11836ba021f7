"""The search engine facade: suggestions while typing, the search page, did-you-mean."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh import scoring
from whoosh.searching import Searcher

from community.search.documents import stored_aliases, stored_tags
from community.search.highlight import highlight_title, snippet
from community.search.index import IndexStore
from community.search.query import (
    MAX_INPUT_CHARS,
    QueryTerms,
    RankingConfig,
    apply_priors,
    search_terms,
    select_terms,
)
from community.search.retrieval import Clause, plan, top_docs
from community.search.schema import SPELL_ANALYZER, analyze, clean_text

MAX_PER_PAGE = 100
MAX_PAGE = 500


@dataclass(frozen=True)
class Hit:
    """One search result, renderable without a database round trip."""

    kind: str
    doc_id: str
    external_id: str | None
    title: str
    solved: bool
    answers: int
    score: int
    tags: list[str]
    title_html: str  # escaped title, matched words in <mark>
    matched: list[str]  # the words that matched, as the user typed them ("the reason")
    snippet_html: str = ""  # escaped body excerpt with <mark> (search page only)
    relevance: float = 0.0
    aliases: list[str] = field(default_factory=list)  # other external ids this hit stands for
    duplicates: list[str] = field(default_factory=list)  # doc_ids of identical copies folded in
    copy_ids: list[str] = field(default_factory=list)  # the ids in ``aliases`` that came from them

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class SearchPage:
    """One page of search results."""

    total: int
    page: int
    per_page: int
    hits: list[Hit]
    did_you_mean: str | None = None


class SearchIndex(IndexStore):
    """An index directory plus the query API. One instance per process; thread-safe."""

    def __init__(
        self,
        path: Any,
        *,
        config: RankingConfig | None = None,
        cache_size: int = 256,
        **kwargs: Any,
    ) -> None:
        super().__init__(path, **kwargs)
        self.config = config or RankingConfig()
        self.k1, self.b, self.field_b = 1.5, 0.75, {"title": 0.5}
        self.weighting = scoring.BM25F(B=self.b, K1=self.k1, title_B=self.field_b["title"])
        self._cache: OrderedDict[tuple[Any, ...], list[Hit]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def _weighted(self, searcher: Searcher) -> Searcher:
        searcher.weighting = self.weighting
        return searcher

    # -- suggestions -----------------------------------------------------------------------
    def suggest(
        self, title: str, body: str = "", limit: int = 5, *, collapse: bool | None = None
    ) -> list[Hit]:
        """Return up to ``limit`` documents similar to a question being typed.

        Identical copies (same title and body) are folded into one hit unless ``collapse`` is
        False (default: ``config.collapse_duplicates``). Any text is accepted (it is treated
        as plain words); raises only IndexUnavailable.
        """
        if collapse is None:
            collapse = self.config.collapse_duplicates
        limit = max(1, min(int(limit), 50))
        title = (title or "")[:MAX_INPUT_CHARS]
        body = (body or "")[:MAX_INPUT_CHARS]
        searcher = self._weighted(self.searcher())
        key = (self._local.name, searcher.reader().generation(), title, body, limit, collapse)
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        terms = select_terms(searcher, title, body, self.config)
        hits = self._run(searcher, terms, limit, collapse)
        with self._cache_lock:
            self._cache[key] = hits
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return hits

    def _run(self, searcher: Searcher, terms: QueryTerms, limit: int, collapse: bool) -> list[Hit]:
        config = self.config
        clauses = [
            Clause(fieldname, stem, weight * boost)
            for stem, weight in terms.weights.items()
            for fieldname, boost in (
                ("title", config.title_field_boost),
                ("body", config.body_field_boost),
            )
            if weight * boost > 0
        ]
        kept = plan(searcher, clauses, config.postings_budget)
        if not kept:
            return []
        pool = max(limit * 3, config.pool)
        found = top_docs(searcher, kept, pool, k1=self.k1, b=self.b, field_b=self.field_b)
        ranked = []
        for rank, (docnum, score, stems) in enumerate(found):
            stored = searcher.stored_fields(docnum)
            rel = apply_priors(
                score, bool(stored.get("solved")), int(stored.get("score") or 0), config
            )
            ranked.append((rel, rank, stems, stored))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        hits: list[Hit] = []
        seen: set[str] = set()
        for rel, _rank, stems, stored in ranked:
            key = stored.get("content_key", "")
            if collapse and key:
                if key in seen:
                    continue
                seen.add(key)
            hits.append(self._hit(searcher, stored, stems, terms, rel, copies=collapse))
            if len(hits) == limit:
                break
        return hits

    def _copies(self, searcher: Searcher, stored: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the other documents with exactly the same text (double posts, re-imports)."""
        key = stored.get("content_key")
        if not key:
            return []
        return [
            other
            for other in searcher.documents(content_key=key)
            if other["doc_id"] != stored["doc_id"]
        ][:20]

    def _hit(
        self,
        searcher: Searcher,
        stored: dict[str, Any],
        stems: set[str],
        terms: QueryTerms,
        rel: float,
        body: bool = False,
        copies: bool = False,
    ) -> Hit:
        matched = [terms.surface.get(s, s) for s in terms.weights if s in stems]
        title = stored.get("title", "")
        aliases = stored_aliases(stored)
        folded = self._copies(searcher, stored) if copies else []
        copy_ids: list[str] = []
        for other in folded:
            if other.get("external_id"):
                copy_ids.append(other["external_id"])
            copy_ids.extend(stored_aliases(other))
        return Hit(
            kind=stored.get("kind", ""),
            doc_id=stored["doc_id"],
            external_id=stored.get("external_id") or None,
            title=title,
            solved=bool(stored.get("solved")),
            answers=int(stored.get("answers") or 0),
            score=int(stored.get("score") or 0),
            tags=stored_tags(stored),
            title_html=highlight_title(title, stems),
            matched=matched,
            snippet_html=snippet(stored.get("body", ""), stems) if body else "",
            relevance=round(rel, 4),
            aliases=aliases + copy_ids,
            duplicates=[other["doc_id"] for other in folded],
            copy_ids=copy_ids,
        )

    # -- search page -----------------------------------------------------------------------
    def search(
        self,
        q: str,
        tag: str | None = None,
        solved_only: bool = False,
        page: int = 1,
        per_page: int = 20,
    ) -> SearchPage:
        """Return one page of results for search-box text ``q`` with optional filters."""
        page = max(1, min(int(page), MAX_PAGE))
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        searcher = self._weighted(self.searcher())
        q = (q or "")[:MAX_INPUT_CHARS]
        filters = self._filters(tag, solved_only)
        terms = search_terms(searcher, q)
        total, hits = self._page(searcher, terms, filters, page, per_page)
        suggestion = None
        if total == 0 or len(terms.weights) < len(set(analyze(q))):
            suggestion = self._did_you_mean(searcher, q, filters)
        return SearchPage(total, page, per_page, hits, suggestion)

    def _filters(self, tag: str | None, solved_only: bool) -> wq.Query | None:
        parts: list[wq.Query] = []
        if tag and clean_text(tag).strip():
            parts.append(wq.Term("tags", clean_text(tag).strip().lower()))
        if solved_only:
            parts.append(wq.Term("solved", True))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _page(
        self,
        searcher: Searcher,
        terms: QueryTerms,
        filters: wq.Query | None,
        page: int,
        per_page: int,
    ) -> tuple[int, list[Hit]]:
        if terms.weights:
            query: wq.Query = wq.Or(
                [wq.Term("title", s, boost=self.config.title_field_boost) for s in terms.weights]
                + [wq.Term("body", s) for s in terms.weights]
            )
        elif filters is not None:
            query = wq.Every()
        else:
            return 0, []
        results = searcher.search_page(query, page, pagelen=per_page, filter=filters, terms=True)
        if results.pagenum != page:  # past the last page: Whoosh clamps, we answer empty
            return results.total, []
        hits = [
            self._hit(searcher, hit.fields(), _stems(hit), terms, hit.score or 0.0, body=True)
            for hit in results
        ]
        return results.total, hits

    def _did_you_mean(self, searcher: Searcher, q: str, filters: wq.Query | None) -> str | None:
        text = clean_text(q)
        corrector = searcher.corrector("spell")
        changed = False
        out: list[str] = []
        last = 0
        for token in SPELL_ANALYZER(text, chars=True):
            word = token.text
            out.append(text[last : token.startchar])
            last = token.endchar
            if searcher.doc_frequency("spell", word) == 0:
                fixes = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
                if fixes:
                    word, changed = fixes[0], True
            out.append(word if word != token.text else text[token.startchar : token.endchar])
        if not changed:
            return None
        out.append(text[last:])
        corrected = " ".join("".join(out).split())
        terms = search_terms(searcher, corrected)
        total, _ = self._page(searcher, terms, filters, 1, 1)
        return corrected if total else None


def _stems(hit: Any) -> set[str]:
    """Return the matched terms of a Whoosh hit (searched with ``terms=True``) as strings."""
    return {t.decode("utf-8") if isinstance(t, bytes) else t for _f, t in hit.matched_terms()}

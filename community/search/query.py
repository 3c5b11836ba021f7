"""Turn user text into Whoosh queries. User text is only ever words: no query syntax is parsed."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.searching import Searcher

from community.search.schema import analyze, clean_text

#: Input beyond this many characters is ignored (a 100 KB paste must not cost 100 KB of work).
MAX_INPUT_CHARS = 4000


@dataclass(frozen=True)
class RankingConfig:
    """Tunable weights of the suggestion query. Defaults were tuned on train splits only."""

    title_field_boost: float = 1.5  # a term matching the document title counts this much more
    body_field_boost: float = 1.0
    title_term_weight: float = 1.0  # terms typed in the question title
    body_term_weight: float = 0.5  # terms from the question body (context)
    max_title_terms: int = 12
    max_body_terms: int = 12  # highest-IDF body terms kept
    min_body_idf_ratio: float = 0.0  # body terms with idf below ratio*max idf are dropped
    solved_prior: float = 0.05  # score *= 1 + solved_prior if solved
    vote_prior: float = 0.02  # score *= 1 + vote_prior * log1p(votes) for positive votes
    pool: int = 20  # candidates fetched before priors re-rank them
    postings_budget: int = 12_000  # most postings one suggestion may read (latency bound)
    collapse_duplicates: bool = True  # show one hit for documents with identical text
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryTerms:
    """The weighted stems a query is built from, and the words the user typed for each stem."""

    weights: dict[str, float]
    surface: dict[str, str]
    title_order: list[str]


def _surface_map(text: str) -> dict[str, str]:
    """Map each stem of ``text`` to the first word that produced it (for "matched because")."""
    from community.search.schema import analyze_spans

    out: dict[str, str] = {}
    for stem, start, end in analyze_spans(text):
        out.setdefault(stem, text[start:end].lower())
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _idf(searcher: Searcher, stem: str) -> float:
    n = searcher.doc_count_all() or 1
    df = searcher.doc_frequency("title", stem) + searcher.doc_frequency("body", stem)
    if df == 0:
        return 0.0
    return math.log(1 + (n - min(df, n) + 0.5) / (min(df, n) + 0.5))


def select_terms(searcher: Searcher, title: str, body: str, config: RankingConfig) -> QueryTerms:
    """Pick and weight the stems of a suggestion query: title stems first, best body stems next.

    Stems absent from the index are dropped (they cannot match); when there are too many, the
    lowest-IDF ones go first.
    """
    title = clean_text(title[:MAX_INPUT_CHARS])
    body = clean_text(body[:MAX_INPUT_CHARS])
    title_stems = _unique(analyze(title))
    idf = {s: _idf(searcher, s) for s in title_stems}
    title_stems = [s for s in title_stems if idf[s] > 0]
    if len(title_stems) > config.max_title_terms:
        keep = set(sorted(title_stems, key=lambda s: -idf[s])[: config.max_title_terms])
        title_stems = [s for s in title_stems if s in keep]
    weights = {s: config.title_term_weight for s in title_stems}

    body_stems = [s for s in _unique(analyze(body)) if s not in weights]
    for s in body_stems:
        idf[s] = _idf(searcher, s)
    body_stems = [s for s in body_stems if idf[s] > 0]
    body_stems.sort(key=lambda s: -idf[s])
    if body_stems:
        floor = config.min_body_idf_ratio * idf[body_stems[0]]
        body_stems = [s for s in body_stems if idf[s] >= floor]
    if config.body_term_weight > 0:
        for s in body_stems[: config.max_body_terms]:
            weights[s] = config.body_term_weight

    surface = _surface_map(body)
    surface.update(_surface_map(title))
    return QueryTerms(weights=weights, surface=surface, title_order=title_stems)


def build_query(terms: QueryTerms, config: RankingConfig) -> wq.Query | None:
    """Return an OR query over title and body for the weighted stems, or None if empty."""
    clauses: list[wq.Query] = []
    for stem, weight in terms.weights.items():
        for fieldname, field_boost in (
            ("title", config.title_field_boost),
            ("body", config.body_field_boost),
        ):
            if weight * field_boost > 0:  # a zero boost would break Whoosh's block skipping
                clauses.append(wq.Term(fieldname, stem, boost=weight * field_boost))
    if not clauses:
        return None
    return wq.Or(clauses)


def apply_priors(relevance: float, solved: bool, votes: int, config: RankingConfig) -> float:
    """Nudge a relevance score toward solved and well-voted documents (mild, multiplicative)."""
    factor = 1.0
    if solved:
        factor += config.solved_prior
    if votes > 0:
        factor += config.vote_prior * math.log1p(votes)
    return relevance * factor


def search_terms(searcher: Searcher, text: str) -> QueryTerms:
    """Stems of a search-box query: every word counts the same, unknown words dropped."""
    text = clean_text(text[:MAX_INPUT_CHARS])
    stems = [s for s in _unique(analyze(text)) if _idf(searcher, s) > 0][:32]
    return QueryTerms(
        weights=dict.fromkeys(stems, 1.0), surface=_surface_map(text), title_order=stems
    )

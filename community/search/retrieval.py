"""Fast term-at-a-time BM25 over Whoosh postings, for the latency-critical suggestion path.

Whoosh's matcher tree costs microseconds per posting in Python; suggestions need a few
milliseconds for tens of thousands of postings. This module reads postings block by block
(whole arrays at once) and accumulates BM25 scores in a dict, with the same formula, IDF and
field statistics as ``whoosh.scoring.BM25F``. When a query would read too many postings,
the least informative (lowest IDF x weight) field/term pairs are dropped first.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

_BYTE_LENGTHS = [byte_to_length(b) for b in range(256)]
_CACHE_ENTRIES = 256
_lengths_cache: dict[tuple[str, str], bytes] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Clause:
    """One field/term pair of a query with its boost."""

    field: str
    term: str
    boost: float


def _field_lengths(leaf: Any, fieldname: str) -> bytes:
    """Return the per-document length bytes of ``fieldname`` in one segment (cached).

    Lengths never change for a segment (deletions do not touch them), so the cache is keyed
    by segment id and survives reader reopening.
    """
    key = (leaf.segment().segment_id(), fieldname)
    with _cache_lock:
        cached = _lengths_cache.get(key)
    if cached is not None:
        return cached
    perdoc = leaf._perdoc
    column = f"_{fieldname}_len"
    if perdoc.has_column(column):
        data = bytes(perdoc.column_reader(column, LENGTHS_COLUMN))
    else:
        data = bytes(leaf.doc_count_all())
    with _cache_lock:
        _lengths_cache[key] = data
        while len(_lengths_cache) > _CACHE_ENTRIES:
            _lengths_cache.pop(next(iter(_lengths_cache)))
    return data


Block = tuple[Sequence[int], Sequence[float]]


def _blocks(leaf: Any, fieldname: str, term: str) -> Iterator[Block]:
    """Yield ``(docnums, weights)`` arrays of a term's postings in one segment, block by block."""
    if (fieldname, term) not in leaf:
        return
    fmt = leaf.schema[fieldname].format
    matcher = leaf._terms.matcher(fieldname, leaf._text_to_bytes(fieldname, term), fmt)
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            yield matcher._ids, matcher._weights
            matcher._next_block()
        return
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():  # pragma: no cover - other codecs
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def plan(searcher: Searcher, clauses: Sequence[Clause], budget: int) -> list[Clause]:
    """Keep the most informative clauses whose postings fit in ``budget`` (at least one)."""
    scored = []
    for clause in clauses:
        df = searcher.doc_frequency(clause.field, clause.term)
        if df:
            value = searcher.idf(clause.field, clause.term) * clause.boost
            scored.append((value, df, clause))
    scored.sort(key=lambda item: -item[0])
    kept: list[Clause] = []
    spent = 0
    for _value, df, clause in scored:
        if kept and spent + df > budget:
            continue
        kept.append(clause)
        spent += df
    return kept


def top_docs(
    searcher: Searcher,
    clauses: Sequence[Clause],
    limit: int,
    *,
    k1: float = 1.2,
    b: float = 0.75,
    field_b: dict[str, float] | None = None,
) -> list[tuple[int, float, set[str]]]:
    """Return ``(docnum, score, matched_terms)`` of the ``limit`` best documents."""
    field_b = field_b or {}
    acc: dict[int, float] = {}
    term_blocks: list[tuple[str, int, list[Sequence[int]]]] = []
    for leaf, base in searcher.reader().leaf_readers():
        for clause in clauses:
            avgfl = searcher.avg_field_length(clause.field) or 1.0
            bb = field_b.get(clause.field, b)
            norm = [k1 * (1 - bb + bb * length / avgfl) for length in _BYTE_LENGTHS]
            factor = searcher.idf(clause.field, clause.term) * (k1 + 1) * clause.boost
            lengths = _field_lengths(leaf, clause.field)
            get = acc.get
            seen: list[Sequence[int]] = []
            for ids, weights in _blocks(leaf, clause.field, clause.term):
                seen.append(ids)
                for docnum, tf in zip(ids, weights, strict=False):
                    key = base + docnum
                    acc[key] = get(key, 0.0) + factor * tf / (tf + norm[lengths[docnum]])
            term_blocks.append((clause.term, base, seen))
        if leaf.has_deletions():
            for docnum in leaf.deleted_docs_set:
                acc.pop(base + docnum, None)
    best = heapq.nlargest(limit, acc.items(), key=itemgetter(1))
    matched: dict[int, set[str]] = {docnum: set() for docnum, _ in best}
    for term, base, blocks in term_blocks:
        wanted = {d - base for d in matched if d >= base}
        for ids in blocks:
            for local in wanted.intersection(ids):
                matched[base + local].add(term)
    return [(docnum, score, matched[docnum]) for docnum, score in best]

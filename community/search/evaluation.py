"""Retrieval metrics, the evaluation runner, and the loader of the deflection dataset."""

from __future__ import annotations

import gzip
import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

#: A fixed creation time for imported documents (the dataset has none).
IMPORTED_AT = datetime(2016, 1, 1, tzinfo=UTC)


def recall_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Return |relevant ∩ top-k| / |relevant| (0.0 when nothing is relevant)."""
    rel = set(relevant)
    if not rel:
        return 0.0
    return len(rel.intersection(ranked[:k])) / len(rel)


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """Return 1/rank of the first relevant id in the top ``k``, or 0.0."""
    rel = set(relevant)
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in rel:
            return 1.0 / rank
    return 0.0


def hit_at(ranked: Sequence[str], relevant: Iterable[str], k: int = 5) -> float:
    """Return 1.0 if any relevant id is in the top ``k``, else 0.0."""
    return 1.0 if set(relevant).intersection(ranked[:k]) else 0.0


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the ``pct`` percentile (nearest rank) of ``values``; 0.0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def summarize(rankings: Sequence[tuple[Sequence[str], Sequence[str]]]) -> dict[str, float]:
    """Average the metrics over ``(ranked, relevant)`` pairs."""
    n = len(rankings)
    if n == 0:
        return {"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr@10": 0.0, "hit@5": 0.0}
    return {
        "recall@1": sum(recall_at(r, rel, 1) for r, rel in rankings) / n,
        "recall@5": sum(recall_at(r, rel, 5) for r, rel in rankings) / n,
        "recall@10": sum(recall_at(r, rel, 10) for r, rel in rankings) / n,
        "mrr@10": sum(reciprocal_rank(r, rel, 10) for r, rel in rankings) / n,
        "hit@5": sum(hit_at(r, rel, 5) for r, rel in rankings) / n,
    }


class Suggester(Protocol):
    """Anything with the engine's ``suggest`` signature."""

    def suggest(self, title: str, body: str = "", limit: int = 5) -> Sequence[Any]: ...


def hit_external_ids(hit: Any) -> list[str]:
    """Return the external id and alias ids of a hit (engine Hit or a plain id string)."""
    if isinstance(hit, str):
        return [hit]
    ids = [hit.external_id] if hit.external_id else []
    return ids + list(getattr(hit, "aliases", []) or [])


def evaluate(
    engine: Suggester,
    queries: Iterable[Mapping[str, Any]],
    k: int = 10,
    aliases: Mapping[str, Sequence[str]] | None = None,
    warmup: int = 3,
) -> dict[str, Any]:
    """Run every query through ``engine.suggest(title, body, k)`` and score the rankings.

    A hit counts for its external id and for every alias of it (from the hit itself, or from
    ``aliases``: external id -> other ids). Returns the metrics, ``p50_ms``/``p95_ms``, ``n``,
    and ``per_query``: ``[{"qid", "ranked"}]`` (external ids, best first, aliases expanded
    only for scoring).
    """
    queries = list(queries)
    for query in queries[:warmup]:
        engine.suggest(query["title"], query.get("body", ""), k)
    pairs: list[tuple[list[str], list[str]]] = []
    per_query: list[dict[str, Any]] = []
    latencies: list[float] = []
    for query in queries:
        started = time.perf_counter()
        hits = engine.suggest(query["title"], query.get("body", ""), k)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = [hit_external_ids(h)[0] if hit_external_ids(h) else "" for h in hits][:k]
        relevant = set(query["relevant"])
        scored: list[str] = []
        for hit in list(hits)[:k]:
            ids = hit_external_ids(hit)
            for ext in list(ids):
                ids.extend((aliases or {}).get(ext, ()))
            match = next((i for i in ids if i in relevant), None)
            scored.append(match if match is not None else (ids[0] if ids else ""))
        pairs.append((scored, sorted(relevant)))
        per_query.append({"qid": query["qid"], "ranked": ranked})
    result: dict[str, Any] = summarize(pairs)
    result["p50_ms"] = round(statistics.median(latencies), 2) if latencies else 0.0
    result["p95_ms"] = round(percentile(latencies, 95), 2)
    result["n"] = len(queries)
    result["per_query"] = per_query
    return result


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a ``.jsonl`` or ``.jsonl.gz`` file."""
    opener: Callable[..., Any] = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def corpus_document(line: Mapping[str, Any]) -> dict[str, Any]:
    """Turn a deflection corpus line into a document dict.

    The dataset has no accepted-answer flag, so ``solved`` means "has at least one answer"
    and ``score`` (votes) is 0.
    """
    answers = [a for a in line.get("answers") or [] if a]
    body = "\n\n".join([line.get("body") or "", *answers]).strip()
    return {
        "doc_id": f"q:{line['id']}",
        "kind": "question",
        "external_id": line["id"],
        "aliases": list(line.get("aliases") or []),
        "title": line.get("title") or "",
        "body": body,
        "tags": list(line.get("tags") or []),
        "solved": bool(answers),
        "answers": len(answers),
        "score": 0,
        "created_at": IMPORTED_AT,
    }


def load_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Return the document dicts of a corpus file."""
    return [corpus_document(line) for line in read_jsonl(path)]


def format_metrics(result: Mapping[str, Any]) -> str:
    """Return the metrics as one JSON line (the ``search eval`` contract), per-query omitted."""
    keys = ("recall@1", "recall@5", "recall@10", "mrr@10", "p50_ms", "p95_ms", "n")
    return json.dumps({key: _round(result[key]) for key in keys})


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value

"""Retrieval metrics, the evaluation runner, and the loader of the deflection dataset."""

from __future__ import annotations

import gzip
import inspect
import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from community.search.plaintext import (
    ANSWER_CHARS,
    QUESTION_CHARS,
    markdown_to_text,
    question_text,
)

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


#: Scoring protocols of :func:`evaluate`.
STRICT = "strict"
DUP_AWARE = "dup-aware"
PROTOCOLS = (STRICT, DUP_AWARE)
METRIC_KEYS = ("recall@1", "recall@5", "recall@10", "mrr@10", "hit@5")


def hit_external_ids(hit: Any, strict: bool = False) -> list[str]:
    """Return the ids a hit counts for: its external id and aliases (engine Hit or an id string).

    With ``strict``, ids that only come from identical copies folded into the hit are left out.
    """
    if isinstance(hit, str):
        return [hit]
    ids = [hit.external_id] if hit.external_id else []
    aliases = list(getattr(hit, "aliases", []) or [])
    if strict:
        folded = set(getattr(hit, "copy_ids", []) or [])
        aliases = [a for a in aliases if a not in folded]
    return ids + aliases


def _suggest(engine: Suggester, query: Mapping[str, Any], k: int, collapse: bool) -> Sequence[Any]:
    suggest: Callable[..., Sequence[Any]] = engine.suggest
    if "collapse" in inspect.signature(suggest).parameters:
        return suggest(query["title"], query.get("body", ""), k, collapse=collapse)
    return suggest(query["title"], query.get("body", ""), k)  # an engine without folding


def _run_protocol(
    engine: Suggester,
    queries: Sequence[Mapping[str, Any]],
    k: int,
    aliases: Mapping[str, Sequence[str]] | None,
    strict: bool,
) -> tuple[dict[str, float], list[dict[str, Any]], list[float]]:
    pairs: list[tuple[list[str], list[str]]] = []
    per_query: list[dict[str, Any]] = []
    latencies: list[float] = []
    for query in queries:
        started = time.perf_counter()
        hits = list(_suggest(engine, query, k, collapse=not strict))[:k]
        latencies.append((time.perf_counter() - started) * 1000)
        relevant = set(query["relevant"])
        scored: list[str] = []
        ranked: list[str] = []
        for hit in hits:
            ids = hit_external_ids(hit, strict=strict)
            ranked.append(ids[0] if ids else "")
            for ext in list(ids):
                ids.extend((aliases or {}).get(ext, ()))
            match = next((i for i in ids if i in relevant), None)
            scored.append(match if match is not None else (ids[0] if ids else ""))
        pairs.append((scored, sorted(relevant)))
        per_query.append({"qid": query["qid"], "ranked": ranked})
    return summarize(pairs), per_query, latencies


def evaluate(
    engine: Suggester,
    queries: Iterable[Mapping[str, Any]],
    k: int = 10,
    aliases: Mapping[str, Sequence[str]] | None = None,
    warmup: int = 3,
    protocol: str = STRICT,
) -> dict[str, Any]:
    """Run every query through ``engine.suggest(title, body, k)`` and score the rankings.

    Two scoring protocols; ``protocol`` picks the one the top-level metrics use (default
    **strict**), the other is reported under ``"strict"`` / ``"dup_aware"`` as well:

    - ``"strict"`` (the dataset README's): duplicate folding is turned off
      (``suggest(..., collapse=False)``) and a hit counts only for its own external id and its
      own aliases (plus ``aliases``: external id -> other ids).
    - ``"dup-aware"``: the engine folds identical copies into one hit (its default) and a hit
      counts for the ids of every copy it stands for. This is what users see: the same thread
      is not listed three times.

    Returns the metrics, ``p50_ms``/``p95_ms`` (of the chosen protocol's run), ``n``,
    ``protocol``, ``strict`` and ``dup_aware`` (metric dicts), and ``per_query``:
    ``[{"qid", "ranked"}]`` (external ids, best first).
    """
    if protocol not in PROTOCOLS:
        raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}")
    queries = list(queries)
    for query in queries[:warmup]:
        _suggest(engine, query, k, collapse=True)
        _suggest(engine, query, k, collapse=False)
    runs = {
        name: _run_protocol(engine, queries, k, aliases, strict=name == STRICT)
        for name in PROTOCOLS
    }
    metrics, per_query, latencies = runs[protocol]
    result: dict[str, Any] = dict(metrics)
    result["p50_ms"] = round(statistics.median(latencies), 2) if latencies else 0.0
    result["p95_ms"] = round(percentile(latencies, 95), 2)
    result["n"] = len(queries)
    result["protocol"] = protocol
    result["strict"] = runs[STRICT][0]
    result["dup_aware"] = runs[DUP_AWARE][0]
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
    # The same plain text the app indexes once ``import-questions`` has stored these as posts.
    answers = [markdown_to_text(a, ANSWER_CHARS) for a in line.get("answers") or [] if a]
    body = "\n\n".join(
        [question_text(line.get("title"), line.get("body"), QUESTION_CHARS), *answers]
    ).strip()
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
    """Return exactly the contract keys as one JSON line (the ``search eval`` last line)."""
    keys = ("recall@1", "recall@5", "recall@10", "mrr@10", "p50_ms", "p95_ms", "n")
    return json.dumps({key: _round(result[key]) for key in keys})


def format_other_protocol(result: Mapping[str, Any]) -> str | None:
    """A human line with the other protocol's recall@5 and MRR@10, when the result has it."""
    protocol = result.get("protocol")
    if protocol not in PROTOCOLS:
        return None
    other = "dup_aware" if protocol == STRICT else "strict"
    if other not in result:
        return None
    figures = result[other]
    return (
        f"({other.replace('_', '-')} protocol: recall@5 {figures['recall@5']:.4f}, "
        f"MRR@10 {figures['mrr@10']:.4f})"
    )


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value

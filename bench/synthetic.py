"""Deterministic synthetic support questions for load tests, drawn from a real corpus vocabulary."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

_WORD = re.compile(r"[A-Za-z][A-Za-z']{1,20}")
_START = datetime(2020, 1, 1, tzinfo=UTC)
_OPENERS = ["How do I", "Where can I", "Is it possible to", "Best way to", "Problem with", "Help:"]


def vocabulary(docs: Sequence[dict[str, Any]], size: int = 20_000) -> tuple[list[str], list[int]]:
    """Return the ``size`` most frequent words of ``docs`` and their cumulative weights."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(w.lower() for w in _WORD.findall(doc["title"] + " " + doc["body"]))
    words, freqs = zip(*counts.most_common(size), strict=True)
    return list(words), list(accumulate(freqs))


def generate(
    n: int, docs: Sequence[dict[str, Any]], seed: int = 20240601
) -> Iterator[dict[str, Any]]:
    """Yield ``n`` documents: the real ``docs`` first, then generated ones (same shape)."""
    rng = random.Random(seed)
    words, cum = vocabulary(docs)
    tags = sorted({t for d in docs for t in d["tags"]}) or ["general"]
    for i, doc in enumerate(docs[:n]):
        yield dict(doc, doc_id=f"q:{i + 1}")

    def sample(k: int) -> list[str]:
        return rng.choices(words, cum_weights=cum, k=k)

    for i in range(len(docs[:n]), n):
        answers = rng.randint(0, 4)
        title = rng.choice(_OPENERS) + " " + " ".join(sample(rng.randint(4, 10))) + "?"
        body = " ".join(sample(rng.randint(30, 120)))
        if answers:
            body += "\n\n" + " ".join(sample(rng.randint(20, 60 * answers)))
        yield {
            "doc_id": f"q:{i + 1}",
            "kind": "question",
            "external_id": f"gen-{i + 1}",
            "title": title,
            "body": body,
            "tags": [rng.choice(tags)],
            "solved": answers > 0,
            "answers": answers,
            "score": max(0, int(rng.gauss(2, 4))),
            "created_at": _START + timedelta(minutes=i),
        }

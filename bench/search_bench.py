"""Search benchmark: quality vs baselines on the dev queries, latency and reindex at scale.

    python bench/search_bench.py                 # quality + 100,000-document scale test
    python bench/search_bench.py --quick         # quality + 20,000 documents
    python bench/search_bench.py --size 0        # quality only

Two scoring protocols are printed for every method:
- strict: a hit counts for its external id and the corpus ``aliases`` only (the README protocol);
- dup-aware: documents with identical title and body are one document (the corpus holds 517
  groups of identical threads under different ids, only one of which is ever judged); rankings
  are collapsed to one entry per group and a group counts for all its ids. The baselines are
  post-processed the same way, so the comparison stays fair.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic import generate  # noqa: E402 - bench scripts are run as files
from whoosh import fields as wf  # noqa: E402
from whoosh import index as wi  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.analysis import StemmingAnalyzer  # noqa: E402

from community.search import SearchIndex  # noqa: E402
from community.search.documents import content_key  # noqa: E402
from community.search.evaluation import (  # noqa: E402
    evaluate,
    load_corpus,
    percentile,
    read_jsonl,
    summarize,
)

DATA = Path("/work/shared/deflection")
SPLITS = ("train-part1", "train-part2", "dev")
Ranker = Callable[[dict[str, Any]], list[str]]


class BM25Baseline:
    """Plain BM25 (Lucene IDF, k1=1.5, b=0.75) over lowercase whitespace tokens of title+body."""

    def __init__(self, docs: Sequence[dict[str, Any]], k1: float = 1.5, b: float = 0.75) -> None:
        self.ids = [d["external_id"] for d in docs]
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for i, doc in enumerate(docs):
            tokens = (doc["title"] + " " + doc["body"]).lower().split()
            self.lengths.append(len(tokens))
            for term, tf in Counter(tokens).items():
                self.postings[term].append((i, tf))
        self.avgdl = sum(self.lengths) / max(1, len(self.lengths))
        n = len(docs)
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }

    def rank(self, query: dict[str, Any], k: int = 30) -> list[str]:
        """Return external ids, best first."""
        scores: dict[int, float] = defaultdict(float)
        for term in (query["title"] + " " + query.get("body", "")).lower().split():
            for doc, tf in self.postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc] / self.avgdl)
                scores[doc] += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [self.ids[doc] for doc, _ in best]


class WhooshDefaultsBaseline:
    """Whoosh BM25F defaults: StemmingAnalyzer, title field boost 2, OR over the title words."""

    def __init__(self, docs: Sequence[dict[str, Any]], path: str) -> None:
        analyzer = StemmingAnalyzer()
        schema = wf.Schema(
            ext=wf.ID(stored=True),
            title=wf.TEXT(analyzer=analyzer, field_boost=2.0),
            body=wf.TEXT(analyzer=analyzer),
        )
        ix = wi.create_in(path, schema)
        with ix.writer() as writer:
            for doc in docs:
                writer.add_document(ext=doc["external_id"], title=doc["title"], body=doc["body"])
        self.analyzer = analyzer
        self.searcher = ix.searcher()

    def rank(self, query: dict[str, Any], k: int = 30) -> list[str]:
        """Return external ids, best first."""
        terms = dict.fromkeys(t.text for t in self.analyzer(query["title"]))
        clauses = [wq.Term(f, t) for t in terms for f in ("title", "body")]
        if not clauses:
            return []
        return [hit["ext"] for hit in self.searcher.search(wq.Or(clauses), limit=k)]


class Protocols:
    """Turn ranked external ids into scored lists under the strict and dup-aware protocols."""

    def __init__(self, docs: Sequence[dict[str, Any]]) -> None:
        self.aliases = {d["external_id"]: list(d.get("aliases") or []) for d in docs}
        self.group = {d["external_id"]: content_key(d["title"], d["body"]) for d in docs}
        members: dict[str, list[str]] = defaultdict(list)
        for ext, key in self.group.items():
            members[key].append(ext)
        self.members = members

    def score(self, ranked: Sequence[str], relevant: set[str], dup: bool) -> list[str]:
        """Return the top-10 list where each entry is a relevant id it stands for, if any."""
        out: list[str] = []
        seen: set[str] = set()
        for ext in ranked:
            if dup:
                key = self.group.get(ext, ext)
                if key in seen:
                    continue
                seen.add(key)
                ids = [m for m in self.members.get(key, [ext])]
            else:
                ids = [ext]
            ids += [a for i in list(ids) for a in self.aliases.get(i, [])]
            out.append(next((i for i in ids if i in relevant), ext))
            if len(out) == 10:
                break
        return out


def quality(docs: list[dict[str, Any]], queries: list[dict[str, Any]], tmp: str) -> list[dict]:
    """Return one row per method x protocol x split with the metrics."""
    protocols = Protocols(docs)
    engine = SearchIndex(Path(tmp) / "engine", cache_size=0)
    engine.open_or_create()
    engine.bulk_rebuild(docs, procs=1)
    whoosh_dir = Path(tmp) / "whoosh-defaults"
    whoosh_dir.mkdir()
    rankers: dict[str, Ranker] = {
        "BM25 (lowercase split), title+body query": BM25Baseline(docs).rank,
        "Whoosh BM25F defaults, title query, OR": WhooshDefaultsBaseline(
            docs, str(whoosh_dir)
        ).rank,
    }
    rows = []
    for name, ranker in rankers.items():
        ranked = {q["qid"]: ranker(q) for q in queries}
        for dup in (False, True):
            for split in (*SPLITS, "all"):
                sub = [q for q in queries if split in ("all", q["split"])]
                pairs = [
                    (protocols.score(ranked[q["qid"]], set(q["relevant"]), dup), q["relevant"])
                    for q in sub
                ]
                rows.append(
                    {
                        "method": name,
                        "protocol": "dup-aware" if dup else "strict",
                        "split": split,
                        "n": len(sub),
                        **summarize(pairs),
                    }
                )
    for split in (*SPLITS, "all"):
        sub = [q for q in queries if split in ("all", q["split"])]
        result = evaluate(engine, sub, k=10)
        for name, protocol, key in (
            ("engine (folding off)", "strict", "strict"),
            ("engine (folding on, default)", "dup-aware", "dup_aware"),
        ):
            rows.append(
                {
                    "method": name,
                    "protocol": protocol,
                    "split": split,
                    "n": len(sub),
                    **result[key],
                }
            )
    engine.close()
    return rows


def typing_queries(queries: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """Return (title, body) pairs of 6-15 words: the title, completed from the body."""
    out = []
    for i, q in enumerate(queries):
        words = re.findall(r"\S+", q["title"] + " " + q["body"])
        n = 6 + i % 10
        title_words = len(q["title"].split())
        chosen = words[:n]
        out.append((" ".join(chosen[:title_words]), " ".join(chosen[title_words:])))
    return out


def _children_cpu() -> float:
    """Return CPU seconds used so far by this process and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def scale(
    docs: list[dict[str, Any]], queries: list[dict[str, Any]], size: int, tmp: str, procs: int
) -> dict[str, Any]:
    """Reindex ``size`` documents, then time suggestions of 6-15 words (warm, cache off)."""
    engine = SearchIndex(Path(tmp) / "scale", cache_size=0)
    engine.open_or_create()
    corpus = list(generate(size, docs))  # generated up front: time the indexing only
    started, cpu0 = time.perf_counter(), _children_cpu()
    count = engine.bulk_rebuild(corpus, procs=procs)
    reindex_s = time.perf_counter() - started
    reindex_cpu = _children_cpu() - cpu0
    pairs = typing_queries(queries)
    for title, body in pairs[:20]:
        engine.suggest(title, body)
    latencies, cpu = [], []
    for title, body in pairs:
        t0, c0 = time.perf_counter(), time.thread_time()
        engine.suggest(title, body)
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    engine.close()
    return {
        "docs": count,
        "reindex_s": round(reindex_s, 1),
        "reindex_cpu_s": round(reindex_cpu, 1),
        "queries": len(latencies),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(percentile(cpu, 95), 2),
        "loadavg_1m": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    """Run the benchmark and print tables plus a final JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="documents at scale; 0 = skip")
    parser.add_argument("--quick", action="store_true", help="20,000 documents at scale")
    parser.add_argument("--procs", type=int, default=2, help="indexing processes at scale")
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args()
    size = 20_000 if args.quick else args.size
    docs = load_corpus(Path(args.data) / "corpus.jsonl.gz")
    queries = list(read_jsonl(Path(args.data) / "dev_queries.jsonl"))
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        rows = quality(docs, queries, tmp)
        print(f"Quality on {len(queries)} dev queries, full corpus ({len(docs)} documents), top 10")
        print(
            f"{'method':44} {'protocol':9} {'split':11} {'n':>3} "
            f"{'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7} {'hit@5':>6}"
        )
        for r in rows:
            print(
                f"{r['method']:44} {r['protocol']:9} {r['split']:11} {r['n']:>3} "
                f"{r['recall@1']:6.3f} {r['recall@5']:6.3f} {r['recall@10']:6.3f} "
                f"{r['mrr@10']:7.3f} {r['hit@5']:6.3f}"
            )
        summary: dict[str, Any] = {
            "quality_all": {
                f"{r['method']} [{r['protocol']}]": {
                    k: round(r[k], 4) for k in ("recall@1", "recall@5", "recall@10", "mrr@10")
                }
                for r in rows
                if r["split"] == "all"
            },
        }
        if size > 0:
            result = scale(docs, queries, size, tmp, args.procs)
            print(
                f"\nScale: {result['docs']} documents reindexed in {result['reindex_s']} s "
                f"({args.procs} procs); suggest 6-15 words, warm, cache off: "
                f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms "
                f"over {result['queries']} queries; CPU time per query p50 "
                f"{result['cpu_p50_ms']} ms, p95 {result['cpu_p95_ms']} ms; reindex CPU "
                f"{result['reindex_cpu_s']} s; load average {result['loadavg_1m']} on "
                f"{os.cpu_count()} CPUs (other jobs on the box inflate wall times)"
            )
            summary["scale"] = result
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

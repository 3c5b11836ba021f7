"""Metrics with hand-computed examples."""

import json

import pytest

from community.search.evaluation import (
    corpus_document,
    hit_at,
    percentile,
    recall_at,
    reciprocal_rank,
    summarize,
)


def test_recall_at_k():
    ranked = ["a", "x", "b", "y", "z"]
    assert recall_at(ranked, ["a", "b", "c", "d"], 1) == 0.25
    assert recall_at(ranked, ["a", "b", "c", "d"], 5) == 0.5
    assert recall_at(ranked, [], 5) == 0.0


def test_reciprocal_rank():
    assert reciprocal_rank(["x", "y", "a"], ["a"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a"], ["a"]) == 1.0
    assert reciprocal_rank(["x"] * 10 + ["a"], ["a"], k=10) == 0.0


def test_hit_at():
    assert hit_at(["x", "a"], ["a"], 5) == 1.0
    assert hit_at(["x", "y", "z", "w", "v", "a"], ["a"], 5) == 0.0


def test_summarize_averages_over_queries():
    result = summarize([(["a", "b"], ["a"]), (["x", "b"], ["b", "c"])])
    assert result["recall@1"] == pytest.approx((1 + 0) / 2)
    assert result["recall@5"] == pytest.approx((1 + 0.5) / 2)
    assert result["mrr@10"] == pytest.approx((1 + 0.5) / 2)
    assert result["hit@5"] == 1.0


def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([], 95) == 0.0


def test_corpus_document_shape():
    doc = corpus_document(
        {
            "id": "Q1_R4",
            "title": "Best bank",
            "body": "Which bank?",
            "tags": ["Money"],
            "answers": ["QNB", ""],
            "aliases": ["Q9_R1"],
        }
    )
    assert doc["doc_id"] == "q:Q1_R4" and doc["external_id"] == "Q1_R4"
    assert doc["body"] == "Which bank?\n\nQNB"
    assert doc["solved"] is True and doc["answers"] == 1
    assert doc["aliases"] == ["Q9_R1"]
    assert doc["created_at"].tzinfo is not None


def _copies_index(tmp_path, make_doc):
    from community.search import SearchIndex

    ix = SearchIndex(tmp_path / "ix", cache_size=0)
    ix.open_or_create()
    same = {"title": "visa renewal fee", "body": "how much is the visa renewal fee"}
    ix.bulk_rebuild(
        [
            make_doc(external_id="A", **same),
            make_doc(external_id="B", aliases=["B2"], **same),
            make_doc(external_id="C", title="visa for parents", body="family visit visa"),
        ],
        procs=1,
    )
    return ix


def test_evaluate_strict_by_default_with_dup_aware_extra(tmp_path, make_doc):
    from community.search.evaluation import evaluate, format_metrics, format_other_protocol

    ix = _copies_index(tmp_path, make_doc)
    queries = [{"qid": "q1", "title": "visa renewal fee", "body": "", "relevant": ["B2"]}]
    result = evaluate(ix, queries, k=10, warmup=0)
    assert result["protocol"] == "strict"
    # Strict: copies are listed separately (A then B): the relevant alias B2 is at rank 2.
    assert result["mrr@10"] == 0.5 and result["strict"]["mrr@10"] == 0.5
    # Dup-aware: A and B are one hit standing for A, B and B2, at rank 1.
    assert result["dup_aware"]["mrr@10"] == 1.0
    assert evaluate(ix, queries, warmup=0, protocol="dup-aware")["mrr@10"] == 1.0
    line = json.loads(format_metrics(result))
    assert list(line) == [
        "recall@1",
        "recall@5",
        "recall@10",
        "mrr@10",
        "p50_ms",
        "p95_ms",
        "n",
    ]
    assert format_other_protocol(result) == "(dup-aware protocol: recall@5 1.0000, MRR@10 1.0000)"
    with pytest.raises(ValueError):
        evaluate(ix, queries, protocol="lenient")
    ix.close()


def test_strict_ignores_ids_of_folded_copies(tmp_path, make_doc):
    ix = _copies_index(tmp_path, make_doc)
    folded = ix.suggest("visa renewal fee")[0]
    assert folded.copy_ids and set(folded.copy_ids) <= set(folded.aliases)
    separate = ix.suggest("visa renewal fee", collapse=False)
    assert [h.external_id for h in separate[:2]] == ["A", "B"]
    assert all(not h.copy_ids and not h.duplicates for h in separate)
    ix.close()

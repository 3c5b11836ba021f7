"""Metrics with hand-computed examples."""

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

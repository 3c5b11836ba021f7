"""Fixtures for search tests: document factories and a populated index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from community.search import SearchIndex

MakeDoc = Callable[..., dict[str, Any]]


@pytest.fixture
def make_doc() -> MakeDoc:
    """Return a factory of valid document dicts; keyword arguments override fields."""
    counter = iter(range(1, 1_000_000))

    def make(**overrides: Any) -> dict[str, Any]:
        n = next(counter)
        doc: dict[str, Any] = {
            "doc_id": f"q:{n}",
            "kind": "question",
            "external_id": f"ext-{n}",
            "title": f"Question number {n}",
            "body": "Some body text.",
            "tags": ["general"],
            "solved": False,
            "answers": 0,
            "score": 0,
            "created_at": datetime(2024, 1, 1, tzinfo=UTC),
        }
        doc.update(overrides)
        return doc

    return make


SAMPLE = [
    (
        "Printer driver will not install on Windows 11",
        "The setup stops at 90 percent.",
        ["printers"],
    ),
    ("How to reset my router password", "I forgot the admin password of the router.", ["network"]),
    ("Router keeps dropping the wifi connection", "Every evening the wireless drops.", ["network"]),
    (
        "Invoice shows the wrong billing address",
        "My company moved; invoices are wrong.",
        ["billing"],
    ),
    ("Refund for a duplicate payment", "I was charged twice for the same order.", ["billing"]),
    (
        "Battery drains fast after the update",
        "Since version 2.1 the battery is empty by noon.",
        ["mobile"],
    ),
    (
        "Cannot log in after changing password",
        "The login page says invalid credentials.",
        ["account"],
    ),
    ("Export my data as CSV", "Is there a way to download all records as CSV?", ["account"]),
]


@pytest.fixture
def sample_docs(make_doc: MakeDoc) -> list[dict[str, Any]]:
    """Return a small, varied set of support questions."""
    return [
        make_doc(title=t, body=b, tags=tags, solved=i % 2 == 0, answers=i % 3, score=i)
        for i, (t, b, tags) in enumerate(SAMPLE)
    ]


@pytest.fixture
def index(tmp_path: Path, sample_docs: list[dict[str, Any]]) -> Iterator[SearchIndex]:
    """Return an index built from ``sample_docs`` (single process, for speed)."""
    ix = SearchIndex(tmp_path / "ix", lock_timeout=5.0)
    ix.open_or_create()
    ix.bulk_rebuild(sample_docs, procs=1)
    yield ix
    ix.close()

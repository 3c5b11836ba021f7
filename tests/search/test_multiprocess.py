"""Several processes writing at once: no lost update, no exception."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime

import pytest

from community.search import SearchIndex


def _writer(path: str, worker: int, count: int) -> None:
    ix = SearchIndex(path, lock_timeout=60.0)
    for i in range(count):
        ix.apply(
            [
                {
                    "doc_id": f"q:{worker}-{i}",
                    "kind": "question",
                    "external_id": None,
                    "title": f"worker {worker} question {i} printer",
                    "body": "concurrent write",
                    "tags": [],
                    "solved": False,
                    "answers": 0,
                    "score": 0,
                    "created_at": datetime(2024, 1, 1, tzinfo=UTC),
                }
            ]
        )
    ix.close()


@pytest.mark.slow
def test_concurrent_processes_lose_no_update(tmp_path):
    path = str(tmp_path / "ix")
    ix = SearchIndex(path)
    ix.open_or_create()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 25)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    ids = {doc_id for doc_id, _version in ix.doc_ids_with_versions()}
    assert ids == {f"q:{w}-{i}" for w in range(4) for i in range(25)}
    ix.close()

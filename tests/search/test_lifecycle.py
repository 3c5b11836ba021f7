"""Index lifecycle: create, reopen, corrupt -> recovered, rebuild swap, apply, versions."""

from __future__ import annotations

from datetime import datetime

import pytest

from community.search import (
    IndexBusy,
    IndexUnavailable,
    InvalidDocument,
    OpenStatus,
    SearchIndex,
    document_version,
)
from community.search.index import CURRENT_FILE


def test_missing_dir_is_created(tmp_path):
    ix = SearchIndex(tmp_path / "does" / "not" / "exist")
    status = ix.open_or_create()
    assert status is OpenStatus.CREATED and status.needs_populate
    assert ix.doc_count() == 0
    assert ix.suggest("anything") == []
    assert ix.open_or_create() is OpenStatus.OPENED
    ix.close()


def test_search_without_index_raises_unavailable(tmp_path):
    ix = SearchIndex(tmp_path / "none")
    with pytest.raises(IndexUnavailable):
        ix.suggest("router")


# Whoosh leaves a file handle open when it fails to parse a damaged file; the garbage
# collector then reports it. That leak is in the library's error path, not in our code.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("damage", ["current_garbage", "gen_deleted", "toc_truncated", "segment"])
def test_corrupt_index_is_recovered(tmp_path, make_doc, damage):
    path = tmp_path / "ix"
    ix = SearchIndex(path)
    ix.open_or_create()
    ix.bulk_rebuild([make_doc(title="router password")], procs=1)
    ix.close()
    gen = path / (path / CURRENT_FILE).read_text()
    if damage == "current_garbage":
        (path / CURRENT_FILE).write_bytes(b"\xff\xfe../../etc")
    elif damage == "gen_deleted":
        for f in gen.iterdir():
            f.unlink()
    elif damage == "toc_truncated":
        for f in gen.glob("*.toc"):
            f.write_bytes(b"xx")
    else:
        for f in gen.glob("*.seg"):
            f.write_bytes(b"\x00" * 10)
    fresh = SearchIndex(path)
    status = fresh.open_or_create()
    assert status is OpenStatus.RECOVERED and status.needs_populate
    assert fresh.doc_count() == 0
    fresh.bulk_rebuild([make_doc(title="router password")], procs=1)
    assert fresh.suggest("router")[0].title == "router password"
    fresh.close()


def test_apply_upsert_and_delete(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix")
    ix.open_or_create()
    doc = make_doc(doc_id="q:1", title="Printer offline")
    ix.apply([doc, make_doc(doc_id="v:2", kind="video", title="Printer setup video")])
    assert ix.doc_count() == 2
    ix.apply([dict(doc, title="Printer offline after update")])
    assert ix.doc_count() == 2
    assert [h.title for h in ix.suggest("printer update")][0] == "Printer offline after update"
    ix.apply(deletes=["q:1"])
    assert [h.doc_id for h in ix.suggest("printer")] == ["v:2"]
    assert ix.suggest("printer")[0].kind == "video"
    ix.apply()  # nothing to do is fine
    ix.close()


def test_versions_detect_stale_documents(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix")
    ix.open_or_create()
    doc = make_doc(doc_id="q:7")
    ix.apply([doc])
    assert dict(ix.doc_ids_with_versions()) == {"q:7": document_version(doc)}
    assert document_version(dict(doc, score=5)) != document_version(doc)
    ix.close()


def test_invalid_documents_rejected(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix")
    ix.open_or_create()
    with pytest.raises(InvalidDocument):
        ix.apply([make_doc(created_at=datetime(2024, 1, 1))])  # noqa: DTZ001 - naive on purpose
    with pytest.raises(InvalidDocument):
        ix.apply([make_doc(kind="user")])
    with pytest.raises(InvalidDocument):
        ix.apply([{"doc_id": "q:1"}])
    assert ix.doc_count() == 0
    ix.close()


def test_bulk_rebuild_swaps_and_readers_follow(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix", refresh_interval=0.0)
    ix.open_or_create()
    ix.bulk_rebuild([make_doc(title="old router")], procs=1)
    assert ix.suggest("router")[0].title == "old router"
    other = SearchIndex(tmp_path / "ix", refresh_interval=0.0)  # another process's view
    assert other.suggest("router")[0].title == "old router"
    seen = []
    ix.bulk_rebuild(
        [make_doc(title="new router"), make_doc(title="x")], progress=seen.append, procs=1
    )
    assert seen[-1] == 2
    assert other.suggest("router")[0].title == "new router"
    gens = [p for p in (tmp_path / "ix").iterdir() if p.name.startswith("gen-")]
    assert len(gens) <= 2  # the live one and the one just replaced
    other.close()
    ix.close()


def test_busy_lock_raises_index_busy(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix", lock_timeout=0.3)
    ix.open_or_create()
    _name, raw = ix._open_current()
    writer = raw.writer()  # someone else holds the lock
    try:
        with pytest.raises(IndexBusy):
            ix.apply([make_doc()])
    finally:
        writer.cancel()
    ix.apply([make_doc()])
    assert ix.doc_count() == 1
    ix.close()

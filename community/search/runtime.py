"""The application's search index: opened once per process, rebuilt from the database when it is
missing or unreadable, and kept in sync by draining the outbox under an inter-process lock.

Every write to the index (a rebuild, a drain, a ``check --fix``) holds the index directory's sync
lock and reads the database *inside* it, so two processes can never apply an older copy of a
document after a newer one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, current_app
from sqlalchemy import delete, func, select

from community.extensions import db
from community.models import SearchOutbox
from community.search.engine import SearchIndex
from community.search.errors import IndexBusy, IndexUnavailable
from community.search.index import OpenStatus
from community.search.locking import index_write_lock
from community.search.sources import iter_all_documents, load_documents

logger = logging.getLogger(__name__)

EXTENSION = "community.search"
DRAIN_BATCH = 500
REBUILD_RETRY_SECONDS = 30.0
T = TypeVar("T")


@dataclass
class DriftReport:
    """Differences between the database and the index."""

    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # indexed copy differs (version mismatch)
    orphaned: list[str] = field(default_factory=list)  # in the index, not (visible) in the DB
    database: int = 0
    indexed: int = 0
    pending: int = 0  # outbox rows not drained yet
    status: str = "opened"

    @property
    def has_drift(self) -> bool:
        """Whether anything differs."""
        return bool(self.missing or self.stale or self.orphaned)


class AppSearch:
    """The search index of one application in one process (thread-safe)."""

    def __init__(self, app: Flask) -> None:
        cfg = app.config
        self.app = app
        self.path = cfg["SEARCH_INDEX_DIR"]
        self.enabled = bool(cfg.get("SEARCH_ENABLED", True))
        self.auto_rebuild = bool(cfg.get("AUTO_REBUILD_INDEX", True))
        self.lock_wait = float(cfg.get("SEARCH_SYNC_LOCK_WAIT", 5.0))
        self.rebuild_lock_wait = float(cfg.get("SEARCH_REBUILD_LOCK_WAIT", 900.0))
        self._store: SearchIndex | None = None
        self._ready = False
        self._needs_populate = False
        self._retry_at = 0.0
        self._guard = threading.RLock()

    # -- opening ---------------------------------------------------------------------------
    def store(self) -> SearchIndex:
        """Return the index object without opening or populating it."""
        with self._guard:
            if self._store is None:
                self._store = SearchIndex(self.path)
            return self._store

    def open_store(self) -> tuple[SearchIndex, OpenStatus]:
        """Open (or create empty) the on-disk index without populating it.

        Under the sync lock: every index writer holds it, so the check never reads a generation
        while another process commits to it (Whoosh deletes merged segment files then). Unlocked,
        such a transient read error would look like corruption, and an empty index would replace
        the live one.
        """
        store = self.store()
        with index_write_lock(self.path, self.rebuild_lock_wait):
            return store, store.open_or_create()

    def index(self) -> SearchIndex:
        """Return the usable index, creating and filling it from the database on first use."""
        if self._ready and self._store is not None:
            return self._store
        with self._guard:
            if not self._ready:
                self._prepare()
            return self.store()

    def _prepare(self) -> None:
        store, status = self.open_store()
        self._needs_populate = self._needs_populate or status.needs_populate
        if self._needs_populate and self.auto_rebuild:
            if time.monotonic() < self._retry_at:
                return  # the last attempt failed moments ago; serve the empty index meanwhile
            try:
                self.rebuild(only_if_empty=True)
            except Exception:  # noqa: BLE001 - e.g. tables not created yet: retry later
                logger.warning("search index rebuild from the database failed", exc_info=True)
                self._retry_at = time.monotonic() + REBUILD_RETRY_SECONDS
                return
        self._ready = True
        logger.debug("search index ready at %s (%s)", self.path, status.value)

    def run(self, fn: Callable[[SearchIndex], T]) -> T:
        """Call ``fn(index)``; if the index vanished or broke meanwhile, reopen it once and retry."""
        try:
            return fn(self.index())
        except IndexUnavailable:
            logger.warning("search index unavailable; reopening", exc_info=True)
            with self._guard:
                self._ready = False
            return fn(self.index())

    # -- writing ---------------------------------------------------------------------------
    def rebuild(
        self, progress: Callable[[int], None] | None = None, *, only_if_empty: bool = False
    ) -> int:
        """Rebuild the whole index from the database; returns the number of documents.

        Holds the sync lock throughout, so changes committed meanwhile wait in the outbox and are
        drained right after the new index is swapped in.
        """
        store = self.store()
        with index_write_lock(self.path, self.rebuild_lock_wait), self.app.app_context():
            if only_if_empty:
                status = store.open_or_create()
                if not status.needs_populate and store.doc_count() > 0:
                    with self._guard:
                        self._needs_populate = False
                    return store.doc_count()  # another process filled it while we waited
            count = store.bulk_rebuild(iter_all_documents(), progress)
            with self._guard:
                self._needs_populate = False
                self._ready = True
            self._drain_locked(store)
        return count

    def drain(self) -> int:
        """Apply the queued changes to the index; returns how many outbox rows were applied.

        Raises IndexBusy if the lock stays taken; the rows then wait for the next drainer.
        """
        store = self.index()
        with index_write_lock(self.path, self.lock_wait), self.app.app_context():
            return self._drain_locked(store)

    def drain_quietly(self) -> None:
        """Drain after a commit: log problems, never raise into the request that committed."""
        try:
            self.drain()
        except IndexBusy:
            logger.info("search index busy; changes stay queued for the next writer")
        except Exception:  # noqa: BLE001 - the index must never fail a user's request
            logger.exception("search index update failed; changes stay queued")

    def _drain_locked(self, store: SearchIndex) -> int:
        """Drain the outbox; the caller holds the sync lock and a fresh app context."""
        total = 0
        while True:
            rows = db.session.execute(
                select(SearchOutbox.id, SearchOutbox.doc_id)
                .order_by(SearchOutbox.id)
                .limit(DRAIN_BATCH)
            ).all()
            if not rows:
                break
            upserts, deletes = load_documents([row.doc_id for row in rows])
            db.session.rollback()  # end the read before writing the index and the outbox
            store.apply(upserts, deletes)
            db.session.execute(
                delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows]))
            )
            db.session.commit()
            total += len(rows)
            if len(rows) < DRAIN_BATCH:
                break
        if total:
            logger.debug("search index: applied %d queued changes", total)
        return total

    # -- checking --------------------------------------------------------------------------
    def check(self) -> DriftReport:
        """Compare the index with the database (read-only; does not populate the index)."""
        store, status = self.open_store()
        report = DriftReport(status=status.value)
        expected: dict[str, str] = {}
        from community.search.documents import document_version

        for doc in iter_all_documents():
            expected[str(doc["doc_id"])] = document_version(doc)
        indexed = dict(store.doc_ids_with_versions())
        report.database, report.indexed = len(expected), len(indexed)
        for doc_id, version in expected.items():
            if doc_id not in indexed:
                report.missing.append(doc_id)
            elif indexed[doc_id] != version:
                report.stale.append(doc_id)
        report.orphaned = [d for d in indexed if d not in expected]
        report.pending = db.session.scalar(select(func.count(SearchOutbox.id))) or 0
        return report

    def repair(self, report: DriftReport) -> None:
        """Fix the drift of ``report``: index missing and stale documents, drop orphans."""
        store = self.store()
        with index_write_lock(self.path, self.lock_wait), self.app.app_context():
            upserts, deletes = load_documents(report.missing + report.stale + report.orphaned)
            store.apply(upserts, deletes)
            self._drain_locked(store)

    # -- health and shutdown ---------------------------------------------------------------
    def health(self) -> str:
        """Return "ok" when the index answers, else a short error string (for /healthz)."""
        if not self.enabled:
            return "ok"
        try:
            self.run(lambda store: store.doc_count())
        except Exception as err:  # noqa: BLE001 - report any failure as unhealthy
            return f"error: {type(err).__name__}"
        if self._needs_populate:
            return "error: index not populated yet"
        return "ok"

    def close(self) -> None:
        """Close the searchers this process opened."""
        with self._guard:
            if self._store is not None:
                self._store.close()
            self._ready = False


def get_search(app: Any = None) -> AppSearch:
    """Return the application's AppSearch (the current app's by default)."""
    target = app or current_app
    return target.extensions[EXTENSION]  # type: ignore[no-any-return]

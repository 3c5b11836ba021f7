"""Index lifecycle: open or create, bulk rebuild with an atomic swap, locked incremental writes.

On disk, ``path`` holds a ``CURRENT`` file naming the live generation directory
(``gen-<ns>-<pid>``) that contains a Whoosh index. A rebuild writes a new generation directory
and then replaces ``CURRENT`` atomically, so readers never see a half-built index.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import random
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from community.search.bulk import write_index
from community.search.documents import to_fields
from community.search.errors import IndexBusy, IndexUnavailable
from community.search.schema import SCHEMA_VERSION, build_schema

logger = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
GEN_PREFIX = "gen-"
ProgressCallback = Callable[[int], None]


class OpenStatus(enum.Enum):
    """What :meth:`IndexStore.open_or_create` found."""

    OPENED = "opened"
    CREATED = "created"  # there was no index: populate it from the database
    RECOVERED = "recovered"  # the index was unreadable and was replaced by an empty one

    @property
    def needs_populate(self) -> bool:
        """True when the caller should run a full rebuild from the database."""
        return self is not OpenStatus.OPENED


class IndexStore:
    """The on-disk index of one directory: lifecycle, writes and per-thread searchers."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 10.0,
        refresh_interval: float = 1.0,
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.refresh_interval = refresh_interval
        self._local = threading.local()
        self._epoch = 0  # bumped by writes in this process so readers refresh at once
        self._all_searchers: list[Searcher] = []
        self._lock = threading.Lock()

    # -- locating the live generation ------------------------------------------------------
    def _current_name(self) -> str | None:
        try:
            name = (self.path / CURRENT_FILE).read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexUnavailable(f"cannot read {CURRENT_FILE}: {exc}") from exc
        if not name.startswith(GEN_PREFIX) or "/" in name or name != os.path.basename(name):
            raise IndexUnavailable(f"bad {CURRENT_FILE} content {name!r}")
        return name

    def _open_generation(self, name: str) -> whoosh_index.FileIndex:
        try:
            ix = whoosh_index.open_dir(str(self.path / name))
            if "version" not in ix.schema or ix.schema["title"].analyzer is None:
                raise IndexUnavailable("index has an unexpected schema")
            return ix
        except IndexUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to read means "unusable"
            raise IndexUnavailable(f"cannot open index {name}: {exc}") from exc

    def _open_current(self) -> tuple[str, whoosh_index.FileIndex]:
        name = self._current_name()
        if name is None:
            raise IndexUnavailable(f"no index at {self.path}")
        return name, self._open_generation(name)

    # -- lifecycle -------------------------------------------------------------------------
    def open_or_create(self) -> OpenStatus:
        """Make sure a usable index exists; create or replace it by an empty one if needed.

        Returns :class:`OpenStatus`; when ``status.needs_populate`` is true the caller should
        fill the index from the database (``bulk_rebuild``).
        """
        try:
            name = self._current_name()
        except IndexUnavailable as exc:
            logger.warning("search index unreadable, recreating: %s", exc)
            self._install_empty()
            return OpenStatus.RECOVERED
        if name is None:
            self._install_empty()
            return OpenStatus.CREATED
        try:
            self._check_generation(name)
        except IndexUnavailable as exc:
            logger.warning("search index unusable, recreating: %s", exc)
            self._install_empty()
            return OpenStatus.RECOVERED
        return OpenStatus.OPENED

    def _check_generation(self, name: str) -> None:
        """Raise IndexUnavailable unless generation ``name`` opens and its files read back."""
        meta = self._read_meta(name)
        if meta != str(SCHEMA_VERSION):
            raise IndexUnavailable(f"schema version {meta!r} != {SCHEMA_VERSION}")
        ix = self._open_generation(name)
        try:
            with ix.searcher() as searcher:
                searcher.doc_count()
                for _stored in searcher.reader().iter_docs():
                    break  # reading one stored document proves the segment files are there
        except Exception as exc:  # noqa: BLE001 - any failure to read means "unusable"
            raise IndexUnavailable(f"cannot read index {name}: {exc}") from exc

    def _read_meta(self, name: str) -> str | None:
        try:
            return (self.path / name / "SCHEMA_VERSION").read_text(encoding="ascii").strip()
        except OSError:
            return None

    def _new_generation(self) -> tuple[str, whoosh_index.FileIndex]:
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"{GEN_PREFIX}{time.time_ns()}-{os.getpid()}"
        gen_dir = self.path / name
        gen_dir.mkdir()
        (gen_dir / "SCHEMA_VERSION").write_text(str(SCHEMA_VERSION), encoding="ascii")
        return name, whoosh_index.create_in(str(gen_dir), build_schema())

    def _install_empty(self) -> None:
        name, _ix = self._new_generation()
        self._swap_to(name)

    def _swap_to(self, name: str) -> None:
        """Point CURRENT at generation ``name`` atomically and remove older generations."""
        old = None
        with contextlib.suppress(IndexUnavailable):
            old = self._current_name()
        lock = None
        if old is not None and (self.path / old).is_dir():
            # Hold the old generation's write lock so no writer commits to it mid-swap;
            # writers re-check CURRENT after locking and move to the new generation.
            try:
                lock = whoosh_index.open_dir(str(self.path / old)).lock("WRITELOCK")
                _acquire(lock.acquire, self.lock_timeout)
            except Exception:  # noqa: BLE001 - a broken old generation has no writers to stop
                lock = None
        try:
            tmp = self.path / f"{CURRENT_FILE}.{os.getpid()}.tmp"
            tmp.write_text(name, encoding="ascii")
            os.replace(tmp, self.path / CURRENT_FILE)
        finally:
            if lock is not None:
                lock.release()
        self._epoch += 1
        self._remove_old_generations(keep={name, old})

    def _remove_old_generations(self, keep: set[str | None]) -> None:
        # The generation just replaced is kept: other processes may still be reading it.
        for child in self.path.iterdir():
            if child.name.startswith(GEN_PREFIX) and child.name not in keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def bulk_rebuild(
        self,
        docs: Iterable[Mapping[str, Any]],
        progress: ProgressCallback | None = None,
        *,
        procs: int | None = None,
        limitmb: int = 256,
        progress_every: int = 5000,
    ) -> int:
        """Build a fresh index from ``docs`` in a new generation, then swap it in. Returns count.

        ``procs`` processes index in parallel (default: up to 2); ``limitmb`` is accepted for
        compatibility and unused (postings are gathered in compact in-memory arrays).
        """
        name, ix = self._new_generation()
        procs = procs if procs is not None else min(2, os.cpu_count() or 1)

        def counted(count: int) -> None:
            if progress is not None and count % progress_every == 0:
                progress(count)

        try:
            count = write_index(
                ix, (to_fields(doc) for doc in docs), procs=procs, on_document=counted
            )
        except BaseException:
            shutil.rmtree(self.path / name, ignore_errors=True)
            raise
        if progress is not None:
            progress(count)
        self._swap_to(name)
        logger.info("search index rebuilt with %d documents", count)
        return count

    # -- incremental writes ----------------------------------------------------------------
    def _locked_writer(self) -> IndexWriter:
        """Return a writer on the live generation, retrying with backoff until the timeout."""
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.005
        while True:
            try:
                name, ix = self._open_current()
                writer = ix.writer()
            except LockError:
                writer = None
            except (IndexUnavailable, FileNotFoundError):
                # Another process committed meanwhile and Whoosh removed the table of contents we
                # were reading: transient, so try again like a busy lock (until the deadline).
                if time.monotonic() >= deadline:
                    raise
                writer = None
            if writer is not None:
                if self._current_name() == name:
                    return writer
                writer.cancel()  # a rebuild swapped generations meanwhile: go to the new one
                continue
            if time.monotonic() >= deadline:
                raise IndexBusy(f"search index write lock busy for {self.lock_timeout:.1f}s")
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.25)

    def apply(self, upserts: Iterable[Mapping[str, Any]] = (), deletes: Iterable[str] = ()) -> None:
        """Upsert documents (by ``doc_id``) and delete ids in one commit.

        Safe with several processes: waits for the write lock (backoff) and raises
        :class:`IndexBusy` after ``lock_timeout`` seconds; nothing is written in that case.
        """
        prepared = [to_fields(doc) for doc in upserts]
        delete_ids = [str(d) for d in deletes]
        if not prepared and not delete_ids:
            return
        writer = self._locked_writer()
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("doc_id", doc_id)
            for values in prepared:
                writer.update_document(**values)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._epoch += 1

    # -- reading ---------------------------------------------------------------------------
    def searcher(self) -> Searcher:
        """Return this thread's searcher, refreshed when the index changed (cheap check)."""
        local = self._local
        now = time.monotonic()
        current = getattr(local, "searcher", None)
        if (
            current is not None
            and local.epoch == self._epoch
            and now - local.checked_at < self.refresh_interval
        ):
            return current
        try:
            name = self._current_name()
            if name is None:
                raise IndexUnavailable(f"no index at {self.path}")
            if current is not None and name == local.name and current.up_to_date():
                fresh = current
            else:
                # Not Searcher.refresh(): it reuses segment readers by segment id, so deletions
                # committed since (updates, deletes) would stay invisible. A new reader per
                # index change is cheap; per query there is only the up_to_date() check.
                fresh = self._open_generation(name).searcher()
                if current is not None:
                    self._forget(current)
            if fresh is not current:
                with self._lock:
                    if current in self._all_searchers:
                        self._all_searchers.remove(current)
                    self._all_searchers.append(fresh)
        except IndexUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken index surfaces as one error type
            raise IndexUnavailable(f"cannot read search index: {exc}") from exc
        local.searcher, local.name, local.epoch, local.checked_at = fresh, name, self._epoch, now
        return fresh

    def _forget(self, searcher: Searcher) -> None:
        with self._lock:
            if searcher in self._all_searchers:
                self._all_searchers.remove(searcher)
        searcher.close()

    def doc_ids_with_versions(self) -> Iterator[tuple[str, str]]:
        """Yield ``(doc_id, version)`` for every indexed document (for drift checks)."""
        searcher = self.searcher()
        for stored in searcher.reader().all_stored_fields():
            yield stored["doc_id"], stored.get("version", "")

    def doc_count(self) -> int:
        """Return the number of live documents."""
        return self.searcher().doc_count()

    def close(self) -> None:
        """Close every searcher this object opened (call at shutdown or in tests)."""
        with self._lock:
            searchers, self._all_searchers = self._all_searchers, []
        for searcher in searchers:
            searcher.close()
        self._local = threading.local()


def _acquire(fn: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not fn():
        if time.monotonic() >= deadline:
            raise IndexBusy("search index write lock busy")
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.25)

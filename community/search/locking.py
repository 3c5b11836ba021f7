"""An inter-process lock file (``flock``) that serialises everything that writes the index."""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from community.search.errors import IndexBusy

LOCK_FILE = "sync.lock"


@contextmanager
def index_write_lock(index_dir: str | os.PathLike[str], timeout: float) -> Iterator[None]:
    """Hold the index directory's sync lock, waiting up to ``timeout`` seconds (else IndexBusy).

    ``flock`` locks belong to an open file, so two threads of one process exclude each other as
    well as two processes; the kernel releases the lock if the holder dies.
    """
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"index sync lock busy for {timeout:.1f}s") from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

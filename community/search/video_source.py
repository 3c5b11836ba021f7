"""Videos as a search source, when the video library package is installed.

Importing this module raises ImportError without ``community.video_library``; the caller then
simply indexes questions only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from community.search.sources import Document, register_source
from community.video_library import search_docs  # noqa: F401 - ImportError means "no videos"

PREFIX = "v"


def _item_id(doc: Mapping[str, Any]) -> int | None:
    raw = str(doc.get("doc_id", "")).partition(":")[2]
    return int(raw) if raw.isdigit() else None


def iter_video_documents() -> Iterator[Document]:
    """Yield the document of every listed video (the library decides which are listed)."""
    for doc in search_docs.iter_video_documents():
        if doc is not None:
            yield dict(doc)


def load_video_documents(ids: Sequence[int]) -> dict[int, Document | None]:
    """Return ``{id: document or None}``; uses the library's batch loader when it has one."""
    loader = getattr(search_docs, "load_video_documents", None)
    if loader is not None:
        return dict(loader(ids))
    wanted = set(ids)
    found: dict[int, Document | None] = dict.fromkeys(wanted)
    for doc in iter_video_documents():  # videos are few: a scan is cheaper than guessing a model
        item_id = _item_id(doc)
        if item_id in wanted:
            found[item_id] = doc
    return found


def register_video_source() -> None:
    """Register videos with the search index."""
    register_source("video", iter_video_documents, load_video_documents, prefix=PREFIX)

"""The kinds of content the index holds, each with how to read all of it and some of it.

Questions are registered here; another package (videos) calls :func:`register_source` to plug its
own kind in. Index ids are ``"<prefix>:<database id>"``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

Document = dict[str, Any]
IterAll = Callable[[], Iterator[Document]]
LoadSome = Callable[[Sequence[int]], Mapping[int, Document | None]]


@dataclass(frozen=True)
class Source:
    """One kind of indexed content."""

    kind: str
    prefix: str
    iter_all_documents: IterAll
    load_documents: LoadSome  # ids -> document, or None when it must leave the index


_SOURCES: dict[str, Source] = {}


def register_source(
    kind: str, iter_all_documents: IterAll, load_documents: LoadSome, prefix: str | None = None
) -> Source:
    """Register (or replace) the source of documents of ``kind``; ``prefix`` defaults to its first letter."""
    source = Source(kind, prefix or kind[0], iter_all_documents, load_documents)
    _SOURCES[kind] = source
    return source


def sources() -> list[Source]:
    """Return the registered sources."""
    return list(_SOURCES.values())


def source_for_prefix(prefix: str) -> Source | None:
    """Return the source whose index ids start with ``prefix``."""
    return next((s for s in _SOURCES.values() if s.prefix == prefix), None)


def parse_doc_id(doc_id: str) -> tuple[str, int] | None:
    """Return ``(kind, database id)`` of an index id, or None if it belongs to no source."""
    prefix, _, raw = doc_id.partition(":")
    source = source_for_prefix(prefix)
    if source is None or not raw.isdigit():
        return None
    return source.kind, int(raw)


def make_doc_id(kind: str, item_id: int) -> str:
    """Return the index id of item ``item_id`` of ``kind``."""
    return f"{_SOURCES[kind].prefix}:{item_id}"


def iter_all_documents() -> Iterator[Document]:
    """Yield every document of every source (for a rebuild or a drift check)."""
    for source in sources():
        yield from source.iter_all_documents()


def load_documents(doc_ids: Sequence[str]) -> tuple[list[Document], list[str]]:
    """Return ``(upserts, deletes)`` bringing ``doc_ids`` in line with the database."""
    wanted: dict[str, list[int]] = {}
    deletes: list[str] = []
    for doc_id in dict.fromkeys(doc_ids):
        parsed = parse_doc_id(doc_id)
        if parsed is None:
            deletes.append(doc_id)  # an id no source knows any more
            continue
        wanted.setdefault(parsed[0], []).append(parsed[1])
    upserts: list[Document] = []
    for kind, ids in wanted.items():
        found = _SOURCES[kind].load_documents(ids)
        for item_id in ids:
            doc = found.get(item_id)
            if doc is None:
                deletes.append(make_doc_id(kind, item_id))
            else:
                upserts.append(doc)
    return upserts, deletes


def register_builtin_sources() -> None:
    """Register questions, and videos when the video library is installed."""
    from community.search.indexer import iter_question_documents, load_question_documents

    register_source("question", iter_question_documents, load_question_documents, prefix="q")
    try:
        from community.search.video_source import register_video_source
    except ImportError:  # the video library is not part of this installation
        return
    register_video_source()

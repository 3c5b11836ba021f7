"""Full-text search over questions and videos (Whoosh), working on plain document dicts.

Public API::

    index = SearchIndex(path)
    status = index.open_or_create()          # OpenStatus; status.needs_populate -> rebuild
    index.bulk_rebuild(docs, progress=cb)    # fresh generation, swapped in atomically
    index.apply(upserts=[doc, ...], deletes=["q:1"])   # locked; raises IndexBusy
    index.suggest(title, body="", limit=5) -> list[Hit]
    index.search(q, tag=None, solved_only=False, page=1, per_page=20) -> SearchPage
    index.doc_ids_with_versions() -> iterator of (doc_id, version); document_version(doc)
"""

from community.search.documents import InvalidDocument, document_version
from community.search.engine import Hit, SearchIndex, SearchPage
from community.search.errors import IndexBusy, IndexUnavailable, SearchError
from community.search.index import OpenStatus
from community.search.query import RankingConfig

__all__ = [
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "InvalidDocument",
    "OpenStatus",
    "RankingConfig",
    "SearchError",
    "SearchIndex",
    "SearchPage",
    "document_version",
]

"""Search documents for videos, for the search package's indexer (which owns Whoosh).

The indexer calls ``iter_video_documents()`` on a full rebuild and ``video_document(video)`` when
``signals.video_changed`` fires (``deleted=True`` means: drop ``f"v:{video.id}"``). Only approved
videos are documents. The shape matches the question documents so both kinds rank together.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from community.extensions import db
from community.models import Video

BATCH_SIZE = 500


def video_document(video: Video) -> dict[str, Any]:
    """The search document of one video (its tags must be loaded)."""
    body = "\n\n".join(part for part in (video.description, video.transcript) if part)
    return {
        "doc_id": f"v:{video.id}",
        "kind": "video",
        "external_id": None,
        "title": video.title,
        "body": body,
        "tags": [tag.name for tag in video.tags],
        "solved": True,
        "answers": 0,
        "score": 0,
        "created_at": video.created_at,
    }


def iter_video_documents(batch_size: int = BATCH_SIZE) -> Iterator[dict[str, Any]]:
    """Documents for every approved video, read in id-ordered batches (2 statements a batch)."""
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(Video)
            .where(Video.status == "approved", Video.id > last_id)
            .order_by(Video.id)
            .limit(batch_size)
            .options(selectinload(Video.tags))
        ).all()
        if not batch:
            return
        for video in batch:
            yield video_document(video)
        last_id = batch[-1].id
        if len(batch) < batch_size:
            return


def load_video_documents(ids: Any) -> dict[int, dict[str, Any] | None]:
    """``{id: document}`` for the given ids; None for videos that are gone or not approved."""
    wanted = [int(i) for i in ids]
    found: dict[int, dict[str, Any] | None] = dict.fromkeys(wanted)
    if not wanted:
        return found
    for video in db.session.scalars(
        select(Video)
        .where(Video.id.in_(wanted), Video.status == "approved")
        .options(selectinload(Video.tags))
    ):
        found[video.id] = video_document(video)
    return found

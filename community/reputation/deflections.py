"""Which sessions deflected a question or a video, and who gets the credit (reads only).

A deflection here is deliberately simple and self-contained (the precise metrics live in
community/deflection/): an ask session with a ``solved_yes`` event on the item and no
``question_posted`` event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app
from sqlalchemy import Table, distinct, exists, func, select
from sqlalchemy.orm import aliased

from community.extensions import db
from community.models import Answer, DeflectionEvent, Question


def _deflected(item_kind: str) -> Any:
    """A statement over solved_yes events of sessions that posted nothing."""
    posted = aliased(DeflectionEvent)
    return (
        select(DeflectionEvent.item_id, func.count(distinct(DeflectionEvent.session_token)))
        .where(
            DeflectionEvent.kind == "solved_yes",
            DeflectionEvent.item_kind == item_kind,
            ~exists().where(
                posted.session_token == DeflectionEvent.session_token,
                posted.kind == "question_posted",
            ),
        )
        .group_by(DeflectionEvent.item_id)
    )


def count_deflections(item_kind: str, item_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Deflected sessions per item (all items of that kind when ``item_ids`` is None)."""
    stmt = _deflected(item_kind)
    if item_ids is not None:
        ids = list(item_ids)
        if not ids:
            return {}
        stmt = stmt.where(DeflectionEvent.item_id.in_(ids))
    rows: Any = db.session.execute(stmt)
    return {int(item_id): int(n) for item_id, n in rows if item_id is not None}


def list_solved_items(session_token: str) -> list[tuple[str, int]]:
    """(item_kind, item_id) pairs a session marked as solving its problem."""
    rows = db.session.execute(
        select(DeflectionEvent.item_kind, DeflectionEvent.item_id).where(
            DeflectionEvent.session_token == session_token,
            DeflectionEvent.kind == "solved_yes",
        )
    )
    return [(kind, int(item_id)) for kind, item_id in rows if kind and item_id is not None]


def credited_authors(question_ids: Iterable[int]) -> dict[int, int]:
    """Who a deflection of each question is credited to: accepted answer's author, else best."""
    ids = list(question_ids)
    if not ids:
        return {}
    accepted = db.session.execute(
        select(Question.id, Answer.author_id)
        .join(Answer, Answer.id == Question.accepted_answer_id)
        .where(Question.id.in_(ids))
    )
    result = {qid: author for qid, author in accepted if author is not None}
    rest = [qid for qid in ids if qid not in result]
    if rest:
        best = db.session.execute(
            select(Answer.question_id, Answer.author_id)
            .where(
                Answer.question_id.in_(rest),
                Answer.is_hidden.is_(False),
                Answer.score > 0,
                Answer.author_id.is_not(None),
            )
            .order_by(
                Answer.question_id, Answer.score.desc(), Answer.created_at.asc(), Answer.id.asc()
            )
        )
        for qid, author in best:
            if author is not None:
                result.setdefault(qid, author)
    return result


def _video_lookup() -> Callable[[int], int | None] | None:
    """The videos package's ``video_added_by(video_id)`` hook, or a lookup on its table."""
    hook = current_app.extensions.get("community.video_added_by")
    if hook is not None:
        return hook  # type: ignore[no-any-return]
    table: Table | None = db.metadata.tables.get("videos")
    if table is None or "added_by_id" not in table.c:
        return None

    def lookup(video_id: int) -> int | None:
        return db.session.scalar(select(table.c.added_by_id).where(table.c.id == video_id))

    return lookup


def video_adders(video_ids: Iterable[int]) -> dict[int, int]:
    """Who added each video (videos whose adder is unknown, or no videos feature, are left out)."""
    lookup = _video_lookup()
    if lookup is None:
        return {}
    result: dict[int, int] = {}
    for video_id in video_ids:
        user_id = lookup(video_id)
        if user_id is not None:
            result[video_id] = user_id
    return result

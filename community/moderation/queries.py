"""Reads for moderation: the flag queue, the audit log, duplicates, info requests.

Each runs a fixed number of statements whatever the page size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from community.extensions import db
from community.models import FLAG_REASONS, Answer, Flag, ModerationAction, Question, User
from community.moderation.targets import POST_MODELS
from community.pagination import Page, paginate


@dataclass
class QueueItem:
    """One flagged post in the review queue, with its pending flags."""

    target_type: str
    target_id: int
    count: int
    oldest: datetime
    flags: list[Flag] = field(default_factory=list)
    post: Any = None
    question: Question | None = None

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Flag reasons, most frequent first."""
        return Counter(f.reason for f in self.flags).most_common()

    @property
    def notes(self) -> list[Flag]:
        """Flags that carry a note."""
        return [f for f in self.flags if f.note]


def list_flag_queue(page: int = 1, per_page: int = 20) -> Page[QueueItem]:
    """Flagged posts with pending flags, most flags first, then the longest waiting."""
    count = func.count(Flag.id).label("n")
    oldest = func.min(Flag.created_at).label("oldest")
    grouped = (
        select(Flag.target_type, Flag.target_id, count, oldest)
        .where(Flag.status == "pending")
        .group_by(Flag.target_type, Flag.target_id)
    )
    total = db.session.scalar(select(func.count()).select_from(grouped.subquery())) or 0
    rows = db.session.execute(
        grouped.order_by(count.desc(), oldest.asc(), Flag.target_type, Flag.target_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [QueueItem(r.target_type, r.target_id, r.n, r.oldest) for r in rows]
    _attach(items)
    return Page(items=items, page=page, per_page=per_page, total=total)


def _attach(items: list[QueueItem]) -> None:
    """Load the flags, posts (with authors) and questions of queue items in a few statements."""
    if not items:
        return
    ids: dict[str, list[int]] = defaultdict(list)
    for item in items:
        ids[item.target_type].append(item.target_id)
    flags = db.session.scalars(
        select(Flag)
        .where(
            Flag.status == "pending",
            or_(*(and_(Flag.target_type == t, Flag.target_id.in_(v)) for t, v in ids.items())),
        )
        .options(selectinload(Flag.reporter))
        .order_by(Flag.created_at, Flag.id)
    ).all()
    by_target: dict[tuple[str, int], list[Flag]] = defaultdict(list)
    for flag in flags:
        by_target[(flag.target_type, flag.target_id)].append(flag)
    posts: dict[tuple[str, int], Any] = {}
    for post_type, post_ids in ids.items():
        model = POST_MODELS[post_type]
        rows: list[Any] = list(
            db.session.scalars(
                select(model).where(model.id.in_(post_ids)).options(selectinload(model.author))
            )
        )
        for post in rows:
            posts[(post_type, post.id)] = post
    answer_ids = {p.answer_id for (t, _), p in posts.items() if t == "comment" and p.answer_id}
    answer_question = (
        dict(
            db.session.execute(
                select(Answer.id, Answer.question_id).where(Answer.id.in_(answer_ids))
            ).all()
        )
        if answer_ids
        else {}
    )
    question_ids: dict[tuple[str, int], int] = {}
    for (post_type, post_id), post in posts.items():
        if post_type == "question":
            question_ids[(post_type, post_id)] = post.id
        elif post_type == "answer":
            question_ids[(post_type, post_id)] = post.question_id
        else:
            qid = post.question_id or answer_question.get(post.answer_id)
            if qid is not None:
                question_ids[(post_type, post_id)] = qid
    questions = {
        q.id: q
        for q in db.session.scalars(
            select(Question).where(Question.id.in_(set(question_ids.values())))
        )
    }
    for item in items:
        key = (item.target_type, item.target_id)
        item.flags = by_target.get(key, [])
        item.post = posts.get(key)
        qid = question_ids.get(key)
        item.question = questions.get(qid) if qid is not None else None


def count_pending_flags() -> int:
    """How many posts wait in the queue."""
    pending = select(Flag.target_type, Flag.target_id).where(Flag.status == "pending").distinct()
    return db.session.scalar(select(func.count()).select_from(pending.subquery())) or 0


@dataclass
class LogFilters:
    """Filters of the audit log page (all optional)."""

    action: str | None = None
    actor: str | None = None
    target_type: str | None = None
    target_id: int | None = None


def list_actions(filters: LogFilters, page: int = 1, per_page: int = 50) -> Page[ModerationAction]:
    """The audit log, newest first, filtered by action, actor username or target."""
    stmt: Select[Any] = select(ModerationAction)
    if filters.action:
        stmt = stmt.where(ModerationAction.action == filters.action)
    if filters.actor:
        if filters.actor == "system":
            stmt = stmt.where(ModerationAction.actor_id.is_(None))
        else:
            stmt = stmt.where(
                ModerationAction.actor_id.in_(
                    select(User.id).where(func.lower(User.username) == filters.actor.lower())
                )
            )
    if filters.target_type:
        stmt = stmt.where(ModerationAction.target_type == filters.target_type)
    if filters.target_id is not None:
        stmt = stmt.where(ModerationAction.target_id == filters.target_id)
    stmt = stmt.order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc()).options(
        selectinload(ModerationAction.actor)
    )
    return paginate(stmt, page, per_page)


def list_duplicates_of(question_id: int) -> list[Question]:
    """Visible questions marked as duplicates of this one (the search indexer adds their words
    to the original's document)."""
    return list(
        db.session.scalars(
            select(Question)
            .where(
                Question.duplicate_of_id == question_id,
                Question.status == "duplicate",
                Question.is_hidden.is_(False),
            )
            .order_by(Question.id)
        ).all()
    )


def get_info_request(question: Question) -> ModerationAction | None:
    """The latest "needs more information" request on a question still waiting for it."""
    if not question.needs_info:
        return None
    return db.session.scalar(
        select(ModerationAction)
        .where(
            ModerationAction.action == "request_info",
            ModerationAction.target_type == "question",
            ModerationAction.target_id == question.id,
        )
        .options(selectinload(ModerationAction.actor))
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )


def first_answerer_in(answers: list[Answer], asker_id: int | None) -> int | None:
    """From a question page's answers: the author of the earliest visible answer by another
    member (the one who may ask the asker for details)."""
    candidates = [a for a in answers if not a.is_hidden and a.author_id and a.author_id != asker_id]
    if not candidates:
        return None
    return min(candidates, key=lambda a: (a.created_at, a.id)).author_id


def list_user_actions(user_id: int, limit: int = 20) -> list[ModerationAction]:
    """Recent moderation actions about a user (suspensions)."""
    return list(
        db.session.scalars(
            select(ModerationAction)
            .where(ModerationAction.target_type == "user", ModerationAction.target_id == user_id)
            .options(selectinload(ModerationAction.actor))
            .order_by(ModerationAction.id.desc())
            .limit(limit)
        ).all()
    )


FLAG_LABELS = dict(FLAG_REASONS)

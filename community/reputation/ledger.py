"""Writes to the reputation ledger: each bucket is reconciled against the records it comes from.

A bucket is the points of one user from one source: the votes of one UTC day (capped), one
accepted answer, the deflections of one question. After a change, the bucket's expected value is
recomputed from the votes, answers and deflection events, and the difference with what the ledger
already holds for that bucket is appended as a new event while ``User.reputation`` moves by the
same amount in SQL. So the ledger is append-only, the incremental figure never drifts from the
records, and ``flask reputation rebuild`` can recompute everything the same way.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, union_all, update

from community.extensions import db
from community.models import Answer, Question, ReputationEvent, User, Vote
from community.reputation import deflections, rules

logger = logging.getLogger(__name__)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of a UTC day."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def append_event(
    user_id: int, amount: int, kind: str, reason: str, day: date, **source: Any
) -> None:
    """Add one ledger row and move the user's reputation by the same amount (atomic in SQL)."""
    db.session.add(
        ReputationEvent(user_id=user_id, amount=amount, kind=kind, reason=reason, day=day, **source)
    )
    if amount:
        db.session.execute(
            update(User).where(User.id == user_id).values(reputation=User.reputation + amount)
        )


def _ledger_sum(*conditions: Any) -> int:
    """Sum of ledger amounts matching the conditions."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(ReputationEvent.amount), 0)).where(*conditions)
    )
    return int(total or 0)


def vote_points_on_day(user_id: int, day: date) -> list[int]:
    """Points of the votes cast on ``day`` on the user's questions and answers (current votes)."""
    start, end = day_bounds(day)
    on_answers = (
        select(Vote.post_type, Vote.value)
        .join(Answer, Answer.id == Vote.post_id)
        .where(Vote.post_type == "answer", Answer.author_id == user_id)
        .where(Vote.created_at >= start, Vote.created_at < end)
    )
    on_questions = (
        select(Vote.post_type, Vote.value)
        .join(Question, Question.id == Vote.post_id)
        .where(Vote.post_type == "question", Question.author_id == user_id)
        .where(Vote.created_at >= start, Vote.created_at < end)
    )
    rows = db.session.execute(union_all(on_answers, on_questions))
    return [rules.vote_points(post_type, value) for post_type, value in rows]


def _vote_day(voter_id: int, post_type: str, post_id: int, now: datetime) -> date:
    """The day a vote belongs to: its row's, else (withdrawn) the day the ledger recorded it."""
    created = db.session.scalar(
        select(Vote.created_at).where(
            Vote.user_id == voter_id, Vote.post_type == post_type, Vote.post_id == post_id
        )
    )
    if created is not None:
        return created.astimezone(UTC).date()
    recorded = db.session.scalar(
        select(ReputationEvent.day)
        .where(
            ReputationEvent.source_user_id == voter_id,
            ReputationEvent.post_type == post_type,
            ReputationEvent.post_id == post_id,
            ReputationEvent.kind == "vote",
        )
        .order_by(ReputationEvent.id.desc())
        .limit(1)
    )
    return recorded or now.date()


def record_vote(
    voter_id: int, post: Question | Answer, post_type: str, value: int, delta: int, now: datetime
) -> int:
    """Reconcile the post author's vote bucket for the vote's day; returns the change applied.

    Vote rows are always logged, even when the cap absorbs them (amount 0), so a vote withdrawn
    later is found on the day it was cast.
    """
    author_id = post.author_id
    if author_id is None or delta == 0:
        return 0
    day = _vote_day(voter_id, post_type, post.id, now)
    cap = current_app.config["REPUTATION_DAILY_VOTE_CAP"]
    expected = rules.capped_day_total(vote_points_on_day(author_id, day), cap)
    held = _ledger_sum(
        ReputationEvent.user_id == author_id,
        ReputationEvent.kind == "vote",
        ReputationEvent.day == day,
    )
    if value == 0:
        reason = "vote_removed"
    elif abs(delta) == 2:
        reason = "vote_changed"
    else:
        reason = f"{post_type}_upvoted" if value > 0 else "downvoted"
    question_id = post.id if post_type == "question" else post.question_id  # type: ignore[union-attr]
    append_event(
        author_id,
        expected - held,
        "vote",
        reason,
        day,
        post_type=post_type,
        post_id=post.id,
        question_id=question_id,
        source_user_id=voter_id,
        created_at=now,
    )
    return expected - held


def record_acceptance(
    answer: Answer, question: Question, actor_id: int | None, now: datetime
) -> int:
    """Reconcile the accepted-answer bucket of one answer; returns the change applied."""
    expected: dict[int, int] = {}
    if answer.accepted_at is not None and answer.author_id is not None:
        points = rules.accept_points(answer.author_id, question.author_id)
        if points:
            expected[answer.author_id] = points
    held = dict(
        db.session.execute(
            select(ReputationEvent.user_id, func.sum(ReputationEvent.amount))
            .where(
                ReputationEvent.question_id == question.id,
                ReputationEvent.kind == "accept",
                ReputationEvent.post_id == answer.id,
            )
            .group_by(ReputationEvent.user_id)
        ).all()
    )
    change = 0
    for user_id in sorted(set(expected) | set(held)):
        diff = expected.get(user_id, 0) - int(held.get(user_id) or 0)
        if diff:
            append_event(
                user_id,
                diff,
                "accept",
                "answer_accepted" if diff > 0 else "answer_unaccepted",
                now.date(),
                post_type="answer",
                post_id=answer.id,
                question_id=question.id,
                source_user_id=actor_id,
                created_at=now,
            )
            change += diff
    return change


def record_deflections(question_id: int, now: datetime) -> list[int]:
    """Reconcile the deflection bucket of one question; returns users whose credit grew."""
    count = deflections.count_deflections("question", [question_id]).get(question_id, 0)
    expected: dict[int, int] = {}
    if count:
        author = deflections.credited_authors([question_id]).get(question_id)
        if author is not None:
            expected[author] = count * rules.DEFLECTION
    held = dict(
        db.session.execute(
            select(ReputationEvent.user_id, func.sum(ReputationEvent.amount))
            .where(ReputationEvent.question_id == question_id, ReputationEvent.kind == "deflection")
            .group_by(ReputationEvent.user_id)
        ).all()
    )
    grew: list[int] = []
    for user_id in sorted(set(expected) | set(held)):
        diff = expected.get(user_id, 0) - int(held.get(user_id) or 0)
        if diff:
            append_event(
                user_id,
                diff,
                "deflection",
                "deflection_credited" if diff > 0 else "deflection_withdrawn",
                now.date(),
                post_type="question",
                post_id=question_id,
                question_id=question_id,
                created_at=now,
            )
            if diff > 0:
                grew.append(user_id)
    return grew

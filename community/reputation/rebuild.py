"""``flask reputation rebuild``: recompute every bucket from votes, answers and deflection events.

Differences with the ledger are appended as ``rebuild`` events (the ledger stays append-only) and
``User.reputation`` is set to the recomputed total. Badges the figures now earn are awarded.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select, union_all, update

from community.extensions import db
from community.models import Answer, Question, ReputationEvent, User, Vote
from community.reputation import badges, deflections, rules

logger = logging.getLogger(__name__)

BucketKey = tuple[int, str, Any]  # (user id, kind, day | answer id | question id)


@dataclass
class RebuildReport:
    """What a rebuild found and changed."""

    totals: dict[int, int] = field(default_factory=dict)
    drift: dict[int, tuple[int, int]] = field(default_factory=dict)  # user -> (was, now)
    events_appended: int = 0
    badges_awarded: int = 0


def expected_buckets() -> dict[BucketKey, int]:
    """Every bucket's value as the rules compute it from the records."""
    buckets: dict[BucketKey, int] = {}
    cap = current_app.config["REPUTATION_DAILY_VOTE_CAP"]
    on_answers = select(Vote.post_type, Vote.value, Vote.created_at, Answer.author_id).join(
        Answer, (Vote.post_type == "answer") & (Answer.id == Vote.post_id)
    )
    on_questions = select(Vote.post_type, Vote.value, Vote.created_at, Question.author_id).join(
        Question, (Vote.post_type == "question") & (Question.id == Vote.post_id)
    )
    days: dict[tuple[int, date], list[int]] = defaultdict(list)
    for post_type, value, created_at, author_id in db.session.execute(
        union_all(on_answers, on_questions)
    ):
        if author_id is not None:
            day = _as_utc(created_at).date()
            days[(author_id, day)].append(rules.vote_points(post_type, value))
    for (user_id, day), points in days.items():
        buckets[(user_id, "vote", day)] = rules.capped_day_total(points, cap)
    accepted = db.session.execute(
        select(Answer.id, Answer.author_id, Question.author_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.accepted_at.is_not(None))
    )
    for answer_id, author_id, asker_id in accepted:
        earned = rules.accept_points(author_id, asker_id)
        if earned and author_id is not None:
            buckets[(author_id, "accept", answer_id)] = earned
    counts = deflections.count_deflections("question")
    for question_id, user_id in deflections.credited_authors(counts).items():
        buckets[(user_id, "deflection", question_id)] = counts[question_id] * rules.DEFLECTION
    return {k: v for k, v in buckets.items() if v}


def _as_utc(value: datetime) -> datetime:
    """Votes read through a raw union may come back naive on SQLite; they are UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def ledger_buckets() -> dict[BucketKey, int]:
    """What the ledger holds per bucket."""
    held: dict[BucketKey, int] = {}
    e = ReputationEvent
    for kind, key in (("vote", e.day), ("accept", e.post_id), ("deflection", e.question_id)):
        rows = db.session.execute(
            select(e.user_id, key, func.sum(e.amount))
            .where(e.kind == kind)
            .group_by(e.user_id, key)
        )
        for user_id, k, total in rows:
            if total:
                held[(user_id, kind, k)] = int(total)
    return held


def rebuild_reputation(now: datetime, dry_run: bool = False) -> RebuildReport:
    """Recompute reputation from the records; fix the ledger and users unless ``dry_run``."""
    expected = expected_buckets()
    held = ledger_buckets()
    report = RebuildReport()
    for user_id, _kind, _key in expected:
        report.totals[user_id] = report.totals.get(user_id, 0)
    for (user_id, _kind, _key), value in expected.items():
        report.totals[user_id] += value
    for key in sorted(set(expected) | set(held), key=repr):
        diff = expected.get(key, 0) - held.get(key, 0)
        if not diff:
            continue
        report.events_appended += 1
        if dry_run:
            continue
        user_id, kind, bucket = key
        source: dict[str, Any] = {}
        if kind == "accept":
            source = {"post_type": "answer", "post_id": bucket}
        elif kind == "deflection":
            source = {"post_type": "question", "post_id": bucket, "question_id": bucket}
        db.session.add(
            ReputationEvent(
                user_id=user_id,
                amount=diff,
                kind=kind,
                reason="rebuild",
                day=bucket if kind == "vote" else now.date(),
                created_at=now,
                **source,
            )
        )
    current = dict(db.session.execute(select(User.id, User.reputation)).all())
    for user_id, was in current.items():
        should = report.totals.get(user_id, 0)
        if was != should:
            report.drift[user_id] = (was, should)
            if not dry_run:
                db.session.execute(update(User).where(User.id == user_id).values(reputation=should))
    if not dry_run:
        db.session.flush()
        for user_id in current:
            report.badges_awarded += len(badges.check_badges(user_id, badges.METRICS))
    logger.info(
        "reputation rebuild: %d users drifted, %d ledger corrections%s",
        len(report.drift),
        report.events_appended,
        " (dry run)" if dry_run else "",
    )
    return report

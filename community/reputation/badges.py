"""Badges: clear rules, awarded once (idempotently) and kept even if the figure drops later."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from community.extensions import db
from community.models import Answer, Comment, Question, ReputationEvent, User, UserBadge
from community.reputation import rules

TIERS = {"bronze": 1, "silver": 2, "gold": 3}


@dataclass(frozen=True)
class Badge:
    """One badge and the rule that earns it: ``metric`` reaches ``threshold``."""

    code: str
    name: str
    tier: str
    metric: str
    threshold: int
    description: str


BADGES: tuple[Badge, ...] = (
    Badge("first_answer", "First answer", "bronze", "answers", 1, "Posted a first answer."),
    Badge(
        "helpful_commenter",
        "Helpful commenter",
        "bronze",
        "comments_on_others",
        10,
        "Left 10 comments on other people's questions or answers.",
    ),
    Badge(
        "first_accepted",
        "First accepted answer",
        "bronze",
        "accepted",
        1,
        "An answer accepted on someone else's question.",
    ),
    Badge(
        "video_deflected",
        "Video that helped",
        "bronze",
        "videos_deflected",
        1,
        "Added a video that a customer marked as solving their problem.",
    ),
    Badge("accepted_10", "Problem solver", "silver", "accepted", 10, "10 accepted answers."),
    Badge(
        "deflections_10",
        "Deflector",
        "silver",
        "deflections",
        10,
        "10 customers found their answer in your answers without asking.",
    ),
    Badge("accepted_50", "Trusted solver", "gold", "accepted", 50, "50 accepted answers."),
    Badge("accepted_150", "Legend", "gold", "accepted", 150, "150 accepted answers."),
)
BY_CODE = {b.code: b for b in BADGES}
METRICS = frozenset(b.metric for b in BADGES)


def badge_rank(code: str) -> tuple[int, int]:
    """Sort key: higher tier first, then later in the list (harder) first."""
    badge = BY_CODE.get(code)
    if badge is None:
        return (0, -1)
    return (TIERS[badge.tier], BADGES.index(badge))


def top_badge(codes: Iterable[str]) -> str | None:
    """The badge shown next to a name: the highest ranked one earned."""
    known = [c for c in codes if c in BY_CODE]
    return max(known, key=badge_rank) if known else None


def count_metric(user_id: int, metric: str) -> int:
    """The figure a badge rule looks at, for one user."""
    if metric == "answers":
        stmt = select(func.count(Answer.id)).where(Answer.author_id == user_id)
    elif metric == "accepted":
        stmt = (
            select(func.count(Answer.id))
            .join(Question, Question.id == Answer.question_id)
            .where(
                Answer.author_id == user_id,
                Answer.accepted_at.is_not(None),
                Question.author_id.is_distinct_from(user_id),
            )
        )
    elif metric == "deflections":
        total = db.session.scalar(
            select(func.coalesce(func.sum(ReputationEvent.amount), 0)).where(
                ReputationEvent.user_id == user_id, ReputationEvent.kind == "deflection"
            )
        )
        return int(total or 0) // rules.DEFLECTION
    elif metric == "comments_on_others":
        on_questions = (
            select(func.count(Comment.id))
            .join(Question, Question.id == Comment.question_id)
            .where(Comment.author_id == user_id, Question.author_id.is_distinct_from(user_id))
        )
        on_answers = (
            select(func.count(Comment.id))
            .join(Answer, Answer.id == Comment.answer_id)
            .where(Comment.author_id == user_id, Answer.author_id.is_distinct_from(user_id))
        )
        return int(db.session.scalar(on_questions) or 0) + int(db.session.scalar(on_answers) or 0)
    else:
        return 0  # videos_deflected is awarded directly by the deflection receiver
    return int(db.session.scalar(stmt) or 0)


def award_badges(user_id: int, codes: Iterable[str]) -> list[str]:
    """Give badges (already held ones are skipped, even under concurrency); return the new ones."""
    wanted = [c for c in dict.fromkeys(codes) if c in BY_CODE]
    if not wanted:
        return []
    held = set(db.session.scalars(select(UserBadge.code).where(UserBadge.user_id == user_id)))
    new = [c for c in wanted if c not in held]
    if not new:
        return []
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(UserBadge)
        .values([{"user_id": user_id, "code": c} for c in new])
        .on_conflict_do_nothing(index_elements=["user_id", "code"])
    )
    db.session.execute(
        update(User).where(User.id == user_id).values(top_badge=top_badge([*held, *new]))
    )
    return new


def check_badges(user_id: int | None, metrics: Iterable[str]) -> list[str]:
    """Award every badge whose rule on the given metrics the user now meets."""
    if user_id is None:
        return []
    earned: list[str] = []
    for metric in dict.fromkeys(metrics):
        if metric not in METRICS:
            continue
        value = count_metric(user_id, metric)
        earned += [b.code for b in BADGES if b.metric == metric and value >= b.threshold]
    return award_badges(user_id, earned)


def list_badges(user_id: int) -> list[tuple[Badge, UserBadge]]:
    """A user's badges with their rules, best first."""
    rows = db.session.scalars(select(UserBadge).where(UserBadge.user_id == user_id)).all()
    pairs = [(BY_CODE[r.code], r) for r in rows if r.code in BY_CODE]
    return sorted(pairs, key=lambda p: badge_rank(p[0].code), reverse=True)

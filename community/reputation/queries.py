"""Reads: leaderboards, a user's recognition figures and reputation history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from community.exceptions import NotFound, ValidationFailed
from community.extensions import db
from community.models import Question, ReputationEvent, Tag, User, UserBadge, question_tags
from community.pagination import Page, paginate
from community.reputation import badges, rules

PERIODS = {"week": "This week", "month": "This month", "all": "All time"}
PERIOD_DAYS = {"week": 7, "month": 30}


@dataclass
class Leader:
    """One leaderboard line."""

    user: User
    points: int


def period_start(period: str, now: datetime) -> date | None:
    """First UTC day counted by a period (the last 7 or 30 days, today included)."""
    if period not in PERIODS:
        raise ValidationFailed("The period is week, month or all.")
    days = PERIOD_DAYS.get(period)
    return None if days is None else now.date() - timedelta(days=days - 1)


def _points_by_user(since: date | None, tag_id: int | None) -> Any:
    """SQL: (user_id, points) summed over the ledger, optionally since a day and for one tag."""
    e = ReputationEvent
    stmt = select(e.user_id.label("user_id"), func.sum(e.amount).label("points"))
    if tag_id is not None:
        stmt = stmt.join(question_tags, question_tags.c.question_id == e.question_id).where(
            question_tags.c.tag_id == tag_id
        )
    if since is not None:
        stmt = stmt.where(e.day >= since)
    return stmt.group_by(e.user_id).having(func.sum(e.amount) > 0)


def list_leaders(
    period: str, tag: str | None, page: int, per_page: int, now: datetime
) -> Page[Leader]:
    """Top helpers by points earned in the period (and on questions with the tag), paginated."""
    since = period_start(period, now)
    tag_id = None
    if tag:
        tag_id = db.session.scalar(select(Tag.id).where(Tag.name == tag))
        if tag_id is None:
            raise NotFound(f"No product or topic called {tag[:40]!r}.")
    if since is None and tag_id is None:
        # All time, all tags: the ledger total is User.reputation (indexed).
        stmt = (
            select(User).where(User.reputation > 0).order_by(User.reputation.desc(), User.id.asc())
        )
        users = paginate(stmt, page, per_page)
        rows = [Leader(u, u.reputation) for u in users.items]
        return Page(items=rows, page=users.page, per_page=per_page, total=users.total)
    agg = _points_by_user(since, tag_id).subquery()
    stmt = (
        select(User)
        .join(agg, agg.c.user_id == User.id)
        .order_by(agg.c.points.desc(), User.id.asc())
    )
    users = paginate(stmt, page, per_page, select(func.count()).select_from(agg))
    ids = [u.id for u in users.items]
    points: dict[int, int] = {}
    if ids:
        page_agg = _points_by_user(since, tag_id).where(ReputationEvent.user_id.in_(ids))
        found: Any = db.session.execute(page_agg)
        points = {int(uid): int(p) for uid, p in found}
    rows = [Leader(u, points.get(u.id, 0)) for u in users.items]
    return Page(items=rows, page=users.page, per_page=per_page, total=users.total)


@dataclass
class Recognition:
    """What a profile shows about a user's contribution."""

    rank: str
    next_rank: tuple[str, int] | None
    badges: list[tuple[badges.Badge, Any]]
    deflections_credited: int
    points_week: int
    points_month: int
    activity: list[ReputationEvent]
    titles: dict[int, str]


def get_recognition(user: User, now: datetime) -> Recognition:
    """Rank, badges, deflections credited, recent points and activity of a user (4 statements)."""
    e = ReputationEvent
    week, month = period_start("week", now), period_start("month", now)
    row = db.session.execute(
        select(
            func.coalesce(func.sum(e.amount).filter(e.kind == "deflection"), 0),
            func.coalesce(func.sum(e.amount).filter(e.day >= week), 0),
            func.coalesce(func.sum(e.amount).filter(e.day >= month), 0),
        ).where(e.user_id == user.id)
    ).one()
    activity = list(
        db.session.scalars(
            select(e)
            .where(e.user_id == user.id, e.amount != 0)
            .order_by(e.created_at.desc(), e.id.desc())
            .limit(10)
        )
    )
    return Recognition(
        rank=rules.rank_for(user.reputation),
        next_rank=rules.next_rank(user.reputation),
        badges=badges.list_badges(user.id),
        deflections_credited=int(row[0]) // rules.DEFLECTION,
        points_week=int(row[1]),
        points_month=int(row[2]),
        activity=activity,
        titles=get_question_titles(ev.question_id for ev in activity),
    )


def get_question_titles(question_ids: Any) -> dict[int, str]:
    """Titles of visible questions by id, in one statement (for ledger and notification lines)."""
    ids = sorted({i for i in question_ids if i is not None})
    if not ids:
        return {}
    rows = db.session.execute(
        select(Question.id, Question.title).where(
            Question.id.in_(ids), Question.is_hidden.is_(False)
        )
    )
    return {qid: title for qid, title in rows}


def list_reputation_events(user: User, page: int, per_page: int) -> Page[ReputationEvent]:
    """A user's reputation history, newest first."""
    e = ReputationEvent
    stmt = (
        select(e)
        .where(e.user_id == user.id, e.amount != 0)
        .order_by(e.created_at.desc(), e.id.desc())
    )
    return paginate(stmt, page, per_page)


def count_badge_holders() -> dict[str, int]:
    """How many users hold each badge."""
    rows = db.session.execute(
        select(UserBadge.code, func.count(UserBadge.id)).group_by(UserBadge.code)
    )
    return {code: int(n) for code, n in rows}

"""Community health and service levels, aggregated in SQL over the questions asked in a period.

For the questions asked in the period (hidden ones excluded): how fast a first answer came (by
someone other than the asker), the share answered within 24 hours (of those at least 24 hours
old), the share resolved (accepted answer), and of their visible answers, the staff share and
the share written by the five most active members. Overall and per tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Float, and_, case, cast, extract, func, or_, select
from sqlalchemy.orm import selectinload

from community.deflection import metrics
from community.deflection.queries import Period, require_dashboard
from community.extensions import db
from community.models import Answer, Question, Tag, User, question_tags
from community.pagination import Page, paginate
from community.permissions import STAFF_ROLES

DAY_SECONDS = 86400.0


@dataclass
class HealthFigures:
    """Service figures for a set of questions."""

    questions: int = 0
    answered: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None
    eligible_24h: int = 0
    answered_24h: int = 0
    resolved: int = 0
    answers: int = 0
    staff_answers: int = 0
    top5_answers: int = 0

    @property
    def unanswered(self) -> int:
        """Questions without a first answer yet."""
        return self.questions - self.answered

    @property
    def answered_24h_share(self) -> float | None:
        """Answered within 24 h, of the questions at least 24 h old."""
        return metrics.share(self.answered_24h, self.eligible_24h)

    @property
    def resolved_share(self) -> float | None:
        """Questions with an accepted answer."""
        return metrics.share(self.resolved, self.questions)

    @property
    def staff_share(self) -> float | None:
        """Answers written by staff or admins."""
        return metrics.share(self.staff_answers, self.answers)

    @property
    def top5_share(self) -> float | None:
        """Answers written by the five most active answerers."""
        return metrics.share(self.top5_answers, self.answers)

    def as_dict(self) -> dict[str, Any]:
        """Plain figures for JSON and the report."""
        return {
            "questions": self.questions,
            "answered": self.answered,
            "unanswered": self.unanswered,
            "median_hours_to_first_answer": _round(self.median_hours),
            "p90_hours_to_first_answer": _round(self.p90_hours),
            "answered_within_24h_share": _round(self.answered_24h_share, 4),
            "resolved_share": _round(self.resolved_share, 4),
            "answers": self.answers,
            "staff_share_of_answers": _round(self.staff_share, 4),
            "top5_share_of_answers": _round(self.top5_share, 4),
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    """Round, keeping None."""
    return None if value is None else round(value, digits)


@dataclass
class Health:
    """Overall and per-tag figures for a period."""

    period: Period
    overall: HealthFigures
    by_tag: list[tuple[str, HealthFigures]]


def _seconds_to_first_answer() -> Any:
    """SQL: seconds from asking to the first answer (NULL when unanswered)."""
    if db.session.get_bind().dialect.name == "sqlite":
        diff = func.julianday(Question.first_answer_at) - func.julianday(Question.created_at)
        return cast(diff * DAY_SECONDS, Float)
    return cast(
        extract("epoch", Question.first_answer_at) - extract("epoch", Question.created_at), Float
    )


def _cohort(start: datetime, end: datetime) -> Any:
    """SQL: visible questions asked in [start, end)."""
    return and_(
        Question.is_hidden.is_(False), Question.created_at >= start, Question.created_at < end
    )


def _question_counts(
    start: datetime, end: datetime, now: datetime, by_tag: bool, tags: Sequence[str] = ()
) -> dict[str | None, HealthFigures]:
    """Question counts, first-answer percentiles and answer shares, grouped (or not) by tag."""
    secs = _seconds_to_first_answer()
    old_enough = Question.created_at <= now - timedelta(days=1)
    group: list[Any] = [Tag.name] if by_tag else []

    def tagged(stmt: Any) -> Any:
        if not by_tag:
            return stmt
        stmt = stmt.join(question_tags, question_tags.c.question_id == Question.id).join(
            Tag, Tag.id == question_tags.c.tag_id
        )
        return stmt.where(Tag.name.in_(list(tags))) if tags else stmt

    figures: dict[str | None, HealthFigures] = {}
    counts = tagged(
        select(
            *group,
            func.count(Question.id),
            func.count(Question.first_answer_at),
            func.coalesce(func.sum(case((old_enough, 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(old_enough, secs <= DAY_SECONDS), 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((Question.accepted_answer_id.is_not(None), 1), else_=0)), 0
            ),
        ).select_from(Question)
    ).where(_cohort(start, end))
    for row in db.session.execute(counts.group_by(*group) if group else counts):
        key = row[0] if by_tag else None
        values = [int(v or 0) for v in row[len(group) :]]
        figures[key] = HealthFigures(
            questions=values[0],
            answered=values[1],
            eligible_24h=values[2],
            answered_24h=values[3],
            resolved=values[4],
        )
    # Median and p90 by nearest rank, computed by the database with window functions.
    ranked = (
        tagged(
            select(
                *group,
                secs.label("secs"),
                func.row_number().over(partition_by=group or None, order_by=secs).label("rn"),
                func.count().over(partition_by=group or None).label("n"),
            ).select_from(Question)
        )
        .where(_cohort(start, end), Question.first_answer_at.is_not(None))
        .subquery()
    )
    median_rank = (ranked.c.n * 50 + 99) // 100
    p90_rank = (ranked.c.n * 90 + 99) // 100
    picked = select(
        *([ranked.c.name] if by_tag else []), ranked.c.rn, median_rank, p90_rank, ranked.c.secs
    ).where(or_(ranked.c.rn == median_rank, ranked.c.rn == p90_rank))
    for row in db.session.execute(picked):
        key = row[0] if by_tag else None
        rn, med, p90, seconds = row[len(group) :]
        target = figures.setdefault(key, HealthFigures())
        if rn == med:
            target.median_hours = float(seconds) / 3600
        if rn == p90:
            target.p90_hours = float(seconds) / 3600
    # Answers: staff share and concentration among the five most active answerers.
    per_author = (
        tagged(
            select(
                *group,
                Answer.author_id,
                func.count(Answer.id).label("n"),
                func.max(case((User.role.in_(sorted(STAFF_ROLES)), 1), else_=0)).label("staff"),
            )
            .select_from(Answer)
            .join(Question, Question.id == Answer.question_id)
            .outerjoin(User, User.id == Answer.author_id)
        )
        .where(_cohort(start, end), Answer.is_hidden.is_(False))
        .group_by(*group, Answer.author_id)
        .subquery()
    )
    part = [per_author.c.name] if by_tag else []
    ordered = select(
        *part,
        per_author.c.n,
        per_author.c.staff,
        func.row_number()
        .over(partition_by=part or None, order_by=per_author.c.n.desc())
        .label("rn"),
    ).subquery()
    opart = [ordered.c.name] if by_tag else []
    shares = select(
        *opart,
        func.sum(ordered.c.n),
        func.sum(case((ordered.c.staff == 1, ordered.c.n), else_=0)),
        func.sum(case((ordered.c.rn <= 5, ordered.c.n), else_=0)),
    )
    for row in db.session.execute(shares.group_by(*opart) if opart else shares):
        key = row[0] if by_tag else None
        total, staff, top5 = (int(v or 0) for v in row[len(opart) :])
        target = figures.setdefault(key, HealthFigures())
        target.answers, target.staff_answers, target.top5_answers = total, staff, top5
    return figures


def get_health(viewer: Any, period: Period, now: datetime) -> Health:
    """Community health for questions asked in the period, overall and per tag (staff only)."""
    require_dashboard(viewer)
    return compute_health(period, now)


def compute_health(period: Period, now: datetime) -> Health:
    """Community health without a permission check: for trusted callers (the CLI)."""
    start, end = metrics.day_start(period.start), metrics.day_start(period.end_exclusive)
    overall = _question_counts(start, end, now, by_tag=False).get(None, HealthFigures())
    per_tag = _question_counts(start, end, now, by_tag=True)
    rows = sorted(
        ((str(tag), figures) for tag, figures in per_tag.items() if tag is not None),
        key=lambda kv: (-kv[1].questions, kv[0]),
    )
    return Health(period, overall, rows)


def get_service_levels(now: datetime, days: int = 30) -> HealthFigures:
    """Public service figures from the last ``days`` days (anyone may read them)."""
    figures = _question_counts(now - timedelta(days=days), now, now, by_tag=False)
    return figures.get(None, HealthFigures())


@dataclass(frozen=True)
class Expectation:
    """How soon a question with this tag usually gets a first answer."""

    tag: str
    hours: int
    sample: int

    @property
    def text(self) -> str:
        """The one line shown on the ask page."""
        if self.hours >= 48:
            days = round(self.hours / 24)
            return (
                f"Questions tagged {self.tag} usually get a first answer within about {days} days."
            )
        unit = "hour" if self.hours == 1 else "hours"
        return f"Questions tagged {self.tag} usually get a first answer within about {self.hours} {unit}."


def get_expectation(tag_names: Sequence[str], now: datetime, days: int = 30) -> Expectation | None:
    """The first of the given tags with enough answered questions lately, or None.

    With fewer than ``SERVICE_MIN_SAMPLE`` answered questions a median would not be honest, so
    nothing is promised.
    """
    names = [n for n in tag_names if n][:5]
    if not names:
        return None
    minimum = current_app.config["SERVICE_MIN_SAMPLE"]
    figures = _question_counts(now - timedelta(days=days), now, now, by_tag=True, tags=names)
    for name in names:
        found = figures.get(name)
        if found and found.answered >= minimum and found.median_hours is not None:
            return Expectation(name, max(1, round(found.median_hours)), found.answered)
    return None


def list_unanswered(viewer: Any, page: int, per_page: int) -> Page[Question]:
    """Open, visible questions without any answer, oldest first (staff only)."""
    require_dashboard(viewer)
    stmt = (
        select(Question)
        .where(
            Question.is_hidden.is_(False),
            Question.answer_count == 0,
            Question.status == "open",
        )
        .order_by(Question.created_at.asc(), Question.id.asc())
        .options(selectinload(Question.tags), selectinload(Question.author))
    )
    return paginate(stmt, page, per_page)

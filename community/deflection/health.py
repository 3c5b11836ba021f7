"""Community health and service levels, aggregated in SQL over the questions asked in a period.

For the questions asked in the period (hidden ones excluded): how fast a first answer came (by
someone other than the asker), the share answered within 24 hours (of those at least 24 hours
old), the share resolved (accepted answer), and of their visible answers, the staff share and
the share written by the five most active members. Overall and per tag.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Float, and_, case, cast, extract, func, select
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
    """SQL: visible questions asked in [start, end) (served by ix_questions_health)."""
    return and_(
        Question.is_hidden.is_(False), Question.created_at >= start, Question.created_at < end
    )


def _percentiles(target: HealthFigures, seconds: list[float]) -> None:
    """Set the median and p90 (nearest rank, in hours) from unsorted seconds."""
    seconds.sort()
    median, p90 = metrics.percentile(seconds, 0.5), metrics.percentile(seconds, 0.9)
    target.median_hours = None if median is None else median / 3600
    target.p90_hours = None if p90 is None else p90 / 3600


def _question_figures(
    start: datetime,
    end: datetime,
    now: datetime,
    with_answers: bool = True,
    tag_names: Sequence[str] = (),
) -> tuple[HealthFigures, dict[str, HealthFigures]]:
    """Overall and per-tag figures of the questions asked in [start, end).

    Counts are aggregated by the database; percentiles are exact (nearest rank) over the
    seconds to first answer of the answered questions, read index-only (ix_questions_health).
    """
    names = dict(db.session.execute(select(Tag.id, Tag.name)).all())
    wanted = sorted(i for i, n in names.items() if n in tag_names) if tag_names else None
    secs = _seconds_to_first_answer()
    old_enough = Question.created_at <= now - timedelta(days=1)
    columns = (
        func.count(Question.id),
        func.count(Question.first_answer_at),
        func.coalesce(func.sum(case((old_enough, 1), else_=0)), 0),
        func.coalesce(func.sum(case((and_(old_enough, secs <= DAY_SECONDS), 1), else_=0)), 0),
        func.coalesce(func.sum(case((Question.accepted_answer_id.is_not(None), 1), else_=0)), 0),
    )

    def figures(row: Sequence[Any]) -> HealthFigures:
        questions, answered, eligible, in_24h, resolved = (int(v or 0) for v in row)
        return HealthFigures(questions, answered, None, None, eligible, in_24h, resolved)

    def tagged(stmt: Any) -> Any:
        stmt = stmt.join(question_tags, question_tags.c.question_id == Question.id)
        return stmt.where(question_tags.c.tag_id.in_(wanted)) if wanted is not None else stmt

    cohort = _cohort(start, end)
    answered = and_(cohort, Question.first_answer_at.is_not(None))
    overall = HealthFigures()
    if wanted is None:
        overall = figures(db.session.execute(select(*columns).where(cohort)).one())
        _percentiles(overall, list(db.session.scalars(select(secs).where(answered))))
    per_tag: dict[int, HealthFigures] = {}
    counted: Any = db.session.execute(
        tagged(select(question_tags.c.tag_id, *columns).select_from(Question))
        .where(cohort)
        .group_by(question_tags.c.tag_id)
    )
    for tag_id, *row in counted:
        per_tag[int(tag_id)] = figures(row)
    tag_seconds: dict[int, list[float]] = defaultdict(list)
    timed: Any = db.session.execute(
        tagged(select(question_tags.c.tag_id, secs).select_from(Question)).where(answered)
    )
    for tag_id, value in timed:
        tag_seconds[int(tag_id)].append(float(value))
    for tag_id, values in tag_seconds.items():
        _percentiles(per_tag[tag_id], values)
    if with_answers:
        _answer_shares(start, end, overall, per_tag)
    return overall, {names[t]: f for t, f in per_tag.items()}


def _answer_shares(
    start: datetime,
    end: datetime,
    overall: HealthFigures,
    per_tag: dict[int, HealthFigures],
) -> None:
    """Fill answer counts, the staff share and the top-five share, overall and per tag."""
    staff = set(db.session.scalars(select(User.id).where(User.role.in_(sorted(STAFF_ROLES)))))
    visible = and_(_cohort(start, end), Answer.is_hidden.is_(False))
    by_author = (
        select(Answer.author_id, func.count())
        .select_from(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(visible)
        .group_by(Answer.author_id)
    )
    _fill_shares(overall, db.session.execute(by_author).all(), staff)
    by_tag_author = (
        select(question_tags.c.tag_id, Answer.author_id, func.count())
        .select_from(Answer)
        .join(Question, Question.id == Answer.question_id)
        .join(question_tags, question_tags.c.question_id == Question.id)
        .where(visible)
        .group_by(question_tags.c.tag_id, Answer.author_id)
    )
    grouped: dict[int, list[tuple[int | None, int]]] = defaultdict(list)
    authored: Any = db.session.execute(by_tag_author)
    for tag_id, author_id, n in authored:
        grouped[int(tag_id)].append((author_id if author_id is None else int(author_id), int(n)))
    for tag_id, rows in grouped.items():
        if tag_id in per_tag:
            _fill_shares(per_tag[tag_id], rows, staff)


def _fill_shares(
    target: HealthFigures, rows: Sequence[tuple[int | None, int]], staff: set[int]
) -> None:
    """Answers, staff answers and the five most active authors' answers from (author, n) rows."""
    target.answers = sum(n for _, n in rows)
    target.staff_answers = sum(n for author, n in rows if author in staff)
    target.top5_answers = sum(heapq.nlargest(5, (n for _, n in rows)))


def get_health(viewer: Any, period: Period, now: datetime) -> Health:
    """Community health for questions asked in the period, overall and per tag (staff only)."""
    require_dashboard(viewer)
    return compute_health(period, now)


def compute_health(period: Period, now: datetime) -> Health:
    """Community health without a permission check: for trusted callers (the CLI)."""
    start, end = metrics.day_start(period.start), metrics.day_start(period.end_exclusive)
    overall, per_tag = _question_figures(start, end, now)
    rows = sorted(per_tag.items(), key=lambda kv: (-kv[1].questions, kv[0]))
    return Health(period, overall, rows)


def get_service_levels(now: datetime, days: int = 30) -> HealthFigures:
    """Public service figures from the last ``days`` days (anyone may read them)."""
    overall, _ = _question_figures(now - timedelta(days=days), now, now, with_answers=False)
    return overall


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
    _, figures = _question_figures(
        now - timedelta(days=days), now, now, with_answers=False, tag_names=names
    )
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

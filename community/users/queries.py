"""Reads for profiles and the admin user list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from community.exceptions import NotFound
from community.extensions import db
from community.models import Answer, Question, User
from community.pagination import Page, paginate


@dataclass
class Profile:
    """A user's public profile figures."""

    user: User
    question_count: int
    answer_count: int
    accepted_count: int
    recent_questions: list[Question]
    recent_answers: list[Answer]


def get_profile(viewer: Any, username: str) -> Profile:
    """Public profile of a user (hidden posts excluded)."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("No such user.")
    q_count = (
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.author_id == user.id, Question.is_hidden.is_(False)
            )
        )
        or 0
    )
    a_count, accepted = db.session.execute(
        select(func.count(Answer.id), func.count(Answer.accepted_at)).where(
            Answer.author_id == user.id, Answer.is_hidden.is_(False)
        )
    ).one()
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.author_id == user.id, Question.is_hidden.is_(False))
            .order_by(Question.created_at.desc())
            .limit(10)
        ).all()
    )
    answers = list(
        db.session.scalars(
            select(Answer)
            .where(Answer.author_id == user.id, Answer.is_hidden.is_(False))
            .options(selectinload(Answer.question))
            .order_by(Answer.created_at.desc())
            .limit(10)
        ).all()
    )
    return Profile(user, q_count, a_count or 0, accepted or 0, questions, answers)


def list_users(page: int, per_page: int = 50, role: str | None = None) -> Page[User]:
    """Users for the admin screen, newest first."""
    stmt = select(User).order_by(User.created_at.desc(), User.id.desc())
    if role:
        stmt = stmt.where(User.role == role)
    return paginate(stmt, page, per_page)

"""The append-only deflection event log (see DESIGN.md, "Deflection")."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.question import Answer, Question

EVENT_KINDS = (
    "ask_started",
    "suggestions_shown",
    "suggestion_opened",
    "solved_yes",
    "solved_no",
    "question_posted",
)
ITEM_KINDS = ("question", "video")


class DeflectionEvent(db.Model):  # type: ignore[name-defined,misc]
    """One thing that happened in an ask session; never updated, only appended (and pruned)."""

    __tablename__ = "deflection_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_token: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    item_kind: Mapped[str | None] = mapped_column(String(10))
    item_id: Mapped[int | None] = mapped_column()
    rank: Mapped[int | None] = mapped_column()
    # For question_posted: the question the session ended up posting.
    question_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # (session, kind, item) made into one string, so reloads and duplicate beacons are no-ops on
    # every backend (a unique index over nullable columns would not dedupe NULLs).
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)

    __table_args__ = (
        Index("ix_deflection_events_created_at", "created_at"),
        Index("ix_deflection_events_session_created", "session_token", "created_at"),
        Index("ix_deflection_events_item", "item_kind", "item_id", "kind"),
    )


class DeflectionDay(db.Model):  # type: ignore[name-defined,misc]
    """Outcome counts of the ask sessions that started on one UTC day.

    A roll-up, rebuilt from the event log once the day is settled (no session that started
    that day can still change its outcome); never incremented, so it cannot drift.
    """

    __tablename__ = "deflection_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sessions: Mapped[int] = mapped_column(default=0)
    shown: Mapped[int] = mapped_column(default=0)
    opened: Mapped[int] = mapped_column(default=0)
    explicit: Mapped[int] = mapped_column(default=0)
    implicit: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    abandoned: Mapped[int] = mapped_column(default=0)
    not_engaged: Mapped[int] = mapped_column(default=0)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeflectionDayItem(db.Model):  # type: ignore[name-defined,misc]
    """Deflections credited to one question or video for sessions started on one day."""

    __tablename__ = "deflection_day_items"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    explicit: Mapped[int] = mapped_column(default=0)
    implicit: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_deflection_day_items_item", "item_kind", "item_id", "day"),)


class DeflectionDayTag(db.Model):  # type: ignore[name-defined,misc]
    """Per tag and day: deflections (by the credited question's tags) and failed sessions
    (by the posted question's tags)."""

    __tablename__ = "deflection_day_tags"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    explicit: Mapped[int] = mapped_column(default=0)
    implicit: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)


# Covering indexes for the community-health figures (dashboard, /service, the ask page's
# expectation): they read only these columns of the questions asked in a period and of their
# answers, so the database never has to touch the wide rows (bodies) of 100,000 questions.
Index(
    "ix_questions_health",
    Question.is_hidden,
    Question.created_at,
    Question.first_answer_at,
    Question.accepted_answer_id,
)
Index("ix_answers_health", Answer.question_id, Answer.is_hidden, Answer.author_id)

"""Questions, answers, comments, tags, votes and revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.user import User

QUESTION_STATUSES = ("open", "closed", "duplicate")

question_tags = Table(
    "question_tags",
    db.metadata,
    Column(
        "question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_question_tags_tag_id_question_id", "tag_id", "question_id"),
)


class Tag(db.Model):  # type: ignore[name-defined,misc]
    """A product or topic label; the set is curated by staff and admins."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str] = mapped_column(String(300), default="")
    question_count: Mapped[int] = mapped_column(default=0)


class Question(db.Model):  # type: ignore[name-defined,misc]
    """A customer's question."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12), default="open")
    close_reason: Mapped[str | None] = mapped_column(String(200))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"))
    accepted_answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("answers.id", use_alter=True, ondelete="SET NULL")
    )
    is_locked: Mapped[bool] = mapped_column(default=False)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    needs_info: Mapped[bool] = mapped_column(default=False)
    score: Mapped[int] = mapped_column(default=0)
    answer_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    view_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="raise")
    tags: Mapped[list[Tag]] = relationship(secondary=question_tags, lazy="raise", order_by=Tag.name)
    duplicate_of: Mapped[Question | None] = relationship(
        remote_side=[id], foreign_keys=[duplicate_of_id], lazy="raise"
    )

    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed', 'duplicate')", name="status"),
        # One per list sort, ending with every ORDER BY column and the id that breaks ties, so
        # counting and skipping to a deep page walk the index alone (PostgreSQL's index-only
        # scan; SQLite's indexes end with the rowid anyway).
        Index("ix_questions_hidden_created", "is_hidden", "created_at", "id"),
        Index("ix_questions_hidden_activity", "is_hidden", "last_activity_at", "id"),
        Index("ix_questions_hidden_score", "is_hidden", "score", "created_at", "id"),
        Index(
            "ix_questions_hidden_answers_created", "is_hidden", "answer_count", "created_at", "id"
        ),
        Index("ix_questions_accepted_answer_id", "accepted_answer_id"),
        Index("ix_questions_author_id", "author_id"),
        Index("ix_questions_duplicate_of_id", "duplicate_of_id"),
    )

    @property
    def is_solved(self) -> bool:
        """Whether an answer has been accepted."""
        return self.accepted_answer_id is not None

    @property
    def is_open(self) -> bool:
        """Whether new answers are possible (not closed, duplicate or locked)."""
        return self.status == "open" and not self.is_locked


class Answer(db.Model):  # type: ignore[name-defined,misc]
    """An answer to a question."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    score: Mapped[int] = mapped_column(default=0)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    is_official: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    comment_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="raise")
    question: Mapped[Question] = relationship(foreign_keys=[question_id], lazy="raise")

    __table_args__ = (
        Index("ix_answers_question_id_score", "question_id", "score"),
        Index("ix_answers_author_id_created", "author_id", "created_at"),
    )


class Comment(db.Model):  # type: ignore[name-defined,misc]
    """A short comment on a question or an answer."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="raise")

    __table_args__ = (
        CheckConstraint("(question_id IS NULL) <> (answer_id IS NULL)", name="one_parent"),
        Index("ix_comments_question_id", "question_id"),
        Index("ix_comments_answer_id", "answer_id"),
    )


class Vote(db.Model):  # type: ignore[name-defined,misc]
    """One user's up (+1) or down (-1) vote on one question or answer."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_type: Mapped[str] = mapped_column(String(10))
    post_id: Mapped[int] = mapped_column()
    value: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "post_type", "post_id", name="uq_votes_user_post"),
        CheckConstraint("value IN (-1, 1)", name="value"),
        CheckConstraint("post_type IN ('question', 'answer')", name="post_type"),
        Index("ix_votes_post", "post_type", "post_id"),
    )


class Revision(db.Model):  # type: ignore[name-defined,misc]
    """A snapshot of a post after an edit (the first revision is the original)."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_type: Mapped[str] = mapped_column(String(10))
    post_id: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[str | None] = mapped_column(String(300))
    comment: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User | None] = relationship(foreign_keys=[editor_id], lazy="raise")

    __table_args__ = (
        UniqueConstraint("post_type", "post_id", "number", name="uq_revisions_post_number"),
    )

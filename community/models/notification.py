"""In-app notifications, follows and e-mail preferences (see community/notifications/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.question import Question
from community.models.user import User

FOLLOW_TARGETS = ("question", "tag")
MAIL_STATUSES = ("pending", "sent", "skipped")


class Notification(db.Model):  # type: ignore[name-defined,misc]
    """Something that happened which one user should hear about."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(String(300))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_status: Mapped[str] = mapped_column(String(10), default="pending")
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question | None] = relationship(lazy="raise")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise")

    __table_args__ = (
        CheckConstraint("mail_status IN ('pending', 'sent', 'skipped')", name="mail_status"),
        # The bell: COUNT(*) WHERE user_id = ? AND read_at IS NULL.
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_mail_status_user", "mail_status", "user_id"),
        Index("ix_notifications_user_question_emailed", "user_id", "question_id", "emailed_at"),
    )


class Follow(db.Model):  # type: ignore[name-defined,misc]
    """A user following a question or a tag."""

    __tablename__ = "follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id", name="uq_follows_user_target"),
        CheckConstraint("target_type IN ('question', 'tag')", name="target_type"),
        Index("ix_follows_target", "target_type", "target_id"),
    )


class NotificationPreference(db.Model):  # type: ignore[name-defined,misc]
    """A user's e-mail choice; no row means e-mails are on (when the user has an address)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

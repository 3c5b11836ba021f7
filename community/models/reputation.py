"""The reputation ledger and awarded badges (see community/reputation/)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.user import User

# Buckets of the ledger: each is reconciled on its own (votes per user and day, capped;
# acceptances per answer; deflections per question).
REPUTATION_KINDS = ("vote", "accept", "deflection")


class ReputationEvent(db.Model):  # type: ignore[name-defined,misc]
    """One change of a user's reputation; append-only, the sum per user is User.reputation."""

    __tablename__ = "reputation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(30))
    # The day the points belong to (UTC): for votes the day the vote was cast, so the daily cap
    # and the weekly/monthly leaderboards do not move when an old vote is withdrawn today.
    day: Mapped[date] = mapped_column(Date)
    # Source ids: the post voted on or accepted, its question (for per-tag boards), the person
    # whose action caused it (voter, accepter), and a free reference (e.g. "rebuild").
    post_type: Mapped[str | None] = mapped_column(String(10))
    post_id: Mapped[int | None] = mapped_column()
    question_id: Mapped[int | None] = mapped_column()
    source_user_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_reputation_events_user_created", "user_id", "created_at"),
        Index("ix_reputation_events_user_kind_day", "user_id", "kind", "day"),
        Index("ix_reputation_events_day_user", "day", "user_id"),
        Index("ix_reputation_events_question_kind", "question_id", "kind"),
        Index("ix_reputation_events_source", "source_user_id", "post_type", "post_id"),
    )


class UserBadge(db.Model):  # type: ignore[name-defined,misc]
    """A badge a user earned; awarded once and kept."""

    __tablename__ = "user_badges"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")

    __table_args__ = (
        UniqueConstraint("user_id", "code", name="uq_user_badges_user_code"),
        Index("ix_user_badges_code", "code"),
    )

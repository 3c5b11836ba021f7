"""How-to videos in the library, their product tags, and their links to questions."""

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
from community.models.question import Question, Tag
from community.models.user import User

VIDEO_STATUSES = ("approved", "proposed")
LINK_STATUSES = ("approved", "pending")

video_tags = Table(
    "video_tags",
    db.metadata,
    Column("video_id", Integer, ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_video_tags_tag_id_video_id", "tag_id", "video_id"),
)


class Video(db.Model):  # type: ignore[name-defined,misc]
    """A YouTube or Vimeo video; one row per (provider, external id)."""

    __tablename__ = "videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    provider: Mapped[str] = mapped_column(String(10))
    external_id: Mapped[str] = mapped_column(String(20))
    start_seconds: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Transcript or chapter list, plain text; searched and indexed, shown on the video page.
    transcript: Mapped[str] = mapped_column(Text, default="")
    duration_seconds: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default="approved")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id], lazy="raise")
    tags: Mapped[list[Tag]] = relationship(secondary=video_tags, lazy="raise", order_by=Tag.name)

    __table_args__ = (
        UniqueConstraint("provider", "external_id", name="uq_videos_provider_external_id"),
        CheckConstraint("provider IN ('youtube', 'vimeo')", name="provider"),
        CheckConstraint("status IN ('approved', 'proposed')", name="status"),
        CheckConstraint("start_seconds >= 0", name="start_seconds"),
        Index("ix_videos_status_created", "status", "created_at"),
        Index("ix_videos_added_by_id", "added_by_id"),
    )

    @property
    def is_approved(self) -> bool:
        """Whether the video is in the public library."""
        return self.status == "approved"


class QuestionVideo(db.Model):  # type: ignore[name-defined,misc]
    """A video linked to a question: proposed by a member (pending) or approved by staff."""

    __tablename__ = "question_videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question] = relationship(foreign_keys=[question_id], lazy="raise")
    video: Mapped[Video] = relationship(foreign_keys=[video_id], lazy="raise")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id], lazy="raise")

    __table_args__ = (
        UniqueConstraint("question_id", "video_id", name="uq_question_videos_question_video"),
        CheckConstraint("status IN ('approved', 'pending')", name="status"),
        Index("ix_question_videos_video_status", "video_id", "status"),
        Index("ix_question_videos_status_created", "status", "created_at"),
    )

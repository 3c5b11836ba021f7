"""The append-only deflection event log (see DESIGN.md, "Deflection")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.models.base import UTCDateTime, utcnow

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

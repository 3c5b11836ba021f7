"""Flags raised by members and the append-only audit log of moderation actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.user import User

FLAG_TARGETS = ("question", "answer", "comment")
# What a member may pick; "blocked_word" is raised by the system only.
FLAG_REASONS = {
    "spam": "Spam or advertising",
    "rude": "Rude or abusive",
    "duplicate": "Duplicate of another question",
    "needs_info": "Needs more information",
    "other": "Something else (explain below)",
}
SYSTEM_FLAG_REASONS = {"blocked_word": "Contains a blocked word"}
FLAG_STATUSES = ("pending", "upheld", "dismissed")

AUDIT_TARGETS = ("question", "answer", "comment", "user")
# Every action the audit log can hold (the log page filters on these).
ACTIONS = {
    "hide": "Hidden",
    "restore": "Restored",
    "auto_hide": "Hidden automatically (flags)",
    "hold_for_review": "Held for review (blocked word)",
    "flags_upheld": "Flags upheld",
    "flags_dismissed": "Flags dismissed",
    "close": "Closed",
    "reopen": "Reopened",
    "duplicate": "Marked duplicate",
    "lock": "Locked",
    "unlock": "Unlocked",
    "accept": "Answer accepted",
    "unaccept": "Accepted mark removed",
    "request_info": "More information requested",
    "suspend": "User suspended",
    "unsuspend": "Suspension lifted",
}


class Flag(db.Model):  # type: ignore[name-defined,misc]
    """A member's report that a post needs a moderator (or the system's, for blocked words)."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int] = mapped_column()
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id], lazy="raise")

    __table_args__ = (
        CheckConstraint("target_type IN ('question', 'answer', 'comment')", name="target_type"),
        CheckConstraint("status IN ('pending', 'upheld', 'dismissed')", name="status"),
        # The queue groups pending flags by target; a reporter's own flags are checked for repeats.
        Index("ix_flags_status_target", "status", "target_type", "target_id"),
        Index("ix_flags_reporter_created", "reporter_id", "created_at"),
    )


class ModerationAction(db.Model):  # type: ignore[name-defined,misc]
    """One moderation action (append-only: rows are never updated or deleted)."""

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    target_type: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise")

    __table_args__ = (
        # The log page filters by action, actor or target and always sorts newest first.
        Index("ix_moderation_actions_created_at", "created_at"),
        Index("ix_moderation_actions_action_created", "action", "created_at"),
        Index("ix_moderation_actions_actor_created", "actor_id", "created_at"),
        Index("ix_moderation_actions_target", "target_type", "target_id", "created_at"),
    )


def _refuse_change(mapper: Any, connection: Any, target: ModerationAction) -> None:
    """The audit log is append-only: the ORM refuses updates and deletes."""
    raise RuntimeError("moderation_actions is append-only; record a new action instead")


event.listen(ModerationAction, "before_update", _refuse_change)
event.listen(ModerationAction, "before_delete", _refuse_change)

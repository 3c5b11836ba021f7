"""Writes: notifications, follows, reading and e-mail preferences (flush, never commit)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from community import permissions as perm
from community.exceptions import Conflict, NotFound, PermissionDenied
from community.extensions import db
from community.models import Follow, Notification, NotificationPreference, Question, Tag

logger = logging.getLogger(__name__)

TARGET_NAMES = {"question": "this question", "tag": "this tag"}


def _target_id(target: Question | Tag) -> tuple[str, int]:
    """(target_type, id) of a followable object."""
    return ("question" if isinstance(target, Question) else "tag"), target.id


def _find_follow(user_id: int, target_type: str, target_id: int) -> Follow | None:
    """The follow row, if any."""
    return db.session.scalar(
        select(Follow).where(
            Follow.user_id == user_id,
            Follow.target_type == target_type,
            Follow.target_id == target_id,
        )
    )


def follow(actor: Any, target: Question | Tag) -> Follow:
    """Follow a question or a tag; following twice is a Conflict (409)."""
    if not perm.can_follow(actor):
        raise PermissionDenied("Log in to follow questions and tags.")
    target_type, target_id = _target_id(target)
    if _find_follow(actor.id, target_type, target_id) is not None:
        raise Conflict(f"You already follow {TARGET_NAMES[target_type]}.")
    row = Follow(user_id=actor.id, target_type=target_type, target_id=target_id)
    db.session.add(row)
    db.session.flush()
    return row


def unfollow(actor: Any, target: Question | Tag) -> None:
    """Stop following; not following is a Conflict (409), like following twice."""
    if not perm.is_member(actor):
        raise PermissionDenied("Log in to manage what you follow.")
    target_type, target_id = _target_id(target)
    row = _find_follow(actor.id, target_type, target_id)
    if row is None:
        raise Conflict(f"You do not follow {TARGET_NAMES[target_type]}.")
    db.session.delete(row)
    db.session.flush()


def ensure_following(user_id: int, target_type: str, target_id: int) -> None:
    """Follow silently if not already (askers follow their own questions)."""
    if _find_follow(user_id, target_type, target_id) is None:
        db.session.add(Follow(user_id=user_id, target_type=target_type, target_id=target_id))
        db.session.flush()


def list_follower_ids(target_type: str, target_ids: Iterable[int]) -> set[int]:
    """Users following any of these targets."""
    ids = list(target_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Follow.user_id).where(
                Follow.target_type == target_type, Follow.target_id.in_(ids)
            )
        )
    )


def notify(
    recipients: Mapping[int, tuple[str, str]],
    actor_id: int | None,
    question_id: int | None = None,
    answer_id: int | None = None,
) -> list[Notification]:
    """Add one notification per recipient: ``{user_id: (kind, message)}``; the actor is skipped."""
    rows = [
        Notification(
            user_id=user_id,
            kind=kind,
            message=message[:300],
            question_id=question_id,
            answer_id=answer_id,
            actor_id=actor_id,
        )
        for user_id, (kind, message) in sorted(recipients.items())
        if user_id is not None and user_id != actor_id
    ]
    db.session.add_all(rows)
    if rows:
        db.session.flush()
    return rows


def get_own_notification(actor: Any, notification_id: int) -> Notification:
    """A notification of the actor's: missing is 404, someone else's is 403."""
    if not perm.is_member(actor):
        raise PermissionDenied("Log in to see your notifications.")
    row = db.session.get(Notification, notification_id)
    if row is None:
        raise NotFound("No such notification.")
    if not perm.can_read_notification(actor, row):
        raise PermissionDenied("That notification belongs to someone else.")
    return row


def mark_read(actor: Any, notification_id: int, now: datetime) -> Notification:
    """Mark one of the actor's notifications read (idempotent)."""
    row = get_own_notification(actor, notification_id)
    if row.read_at is None:
        row.read_at = now
        db.session.flush()
    return row


def mark_all_read(actor: Any, now: datetime) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    if not perm.is_member(actor):
        raise PermissionDenied("Log in to see your notifications.")
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def set_email_enabled(user_id: int, enabled: bool, now: datetime) -> None:
    """Turn notification e-mails on or off for a user."""
    pref = db.session.get(NotificationPreference, user_id)
    if pref is None:
        db.session.add(
            NotificationPreference(user_id=user_id, email_enabled=enabled, updated_at=now)
        )
    else:
        pref.email_enabled, pref.updated_at = enabled, now
    db.session.flush()
    logger.info("user %s turned notification e-mails %s", user_id, "on" if enabled else "off")


def is_email_enabled(user_id: int) -> bool:
    """Whether the user wants notification e-mails (default yes)."""
    pref = db.session.get(NotificationPreference, user_id)
    return pref is None or pref.email_enabled

"""Deflection credit: reconcile questions (and video badges) after ask-session events."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from community.extensions import db
from community.models import DeflectionEvent
from community.reputation import badges, deflections, ledger

logger = logging.getLogger(__name__)


def credit_items(items: list[tuple[str, int]], now: datetime) -> None:
    """Reconcile the deflection credit of these (item_kind, item_id) items and award badges."""
    question_ids = sorted({i for kind, i in items if kind == "question"})
    video_ids = sorted({i for kind, i in items if kind == "video"})
    for question_id in question_ids:
        for user_id in ledger.record_deflections(question_id, now):
            badges.check_badges(user_id, ["deflections"])
    if video_ids:
        deflected = deflections.count_deflections("video", video_ids)
        for video_id, user_id in deflections.video_adders(deflected).items():
            badges.award_badges(user_id, ["video_deflected"])
            logger.info("video %s deflected: badge checked for user %s", video_id, user_id)


def credit_session(session_token: str, now: datetime) -> None:
    """After a ``solved_yes`` or ``question_posted`` event: reconcile what the session solved."""
    credit_items(deflections.list_solved_items(session_token), now)


def credit_since(since: datetime | None, now: datetime) -> int:
    """Reconcile every item marked solved since ``since`` (all time when None); returns a count."""
    recent = (
        select(DeflectionEvent.session_token)
        .where(DeflectionEvent.kind.in_(("solved_yes", "question_posted")))
        .distinct()
    )
    if since is not None:
        recent = recent.where(DeflectionEvent.created_at >= since)
    rows = db.session.execute(
        select(DeflectionEvent.item_kind, DeflectionEvent.item_id)
        .where(DeflectionEvent.kind == "solved_yes", DeflectionEvent.session_token.in_(recent))
        .distinct()
    )
    items = sorted({(kind, int(i)) for kind, i in rows if kind and i is not None})
    credit_items(items, now)
    return len(items)

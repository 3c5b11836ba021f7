"""Writing the append-only moderation log, and telling subscribers about each action."""

from __future__ import annotations

import logging
from typing import Any

from community import signals
from community.extensions import db
from community.models import ModerationAction

logger = logging.getLogger(__name__)

REASON_MAX = 500


def record_action(
    actor: Any,
    action: str,
    target_type: str,
    target_id: int,
    reason: str,
    target: Any = None,
    notify_user_id: int | None = None,
    **details: Any,
) -> ModerationAction:
    """Append one row to the audit log; moderator actions also send ``moderation_action``.

    ``actor`` is None for automatic actions (auto-hide, blocked words): they are logged but not
    announced as moderator actions.
    """
    row = ModerationAction(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason[:REASON_MAX],
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(row)
    db.session.flush()
    logger.info(
        "moderation %s on %s %s by user %s",
        action,
        target_type,
        target_id,
        actor.id if actor is not None else "system",
    )
    if actor is not None:
        signals.moderation_action.send(
            actor, action=row, target=target, notify_user_id=notify_user_id, reason=row.reason
        )
    return row

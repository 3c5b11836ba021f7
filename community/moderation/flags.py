"""Flags: members report posts; enough flags hide a post until a moderator decides.

Also the review queue's one-click resolutions and the system's "held for review" entries
(blocked words), which are flags without a reporter.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from community import permissions as perm
from community import signals
from community.exceptions import Conflict, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import FLAG_REASONS, Flag, ModerationAction, Question, utcnow
from community.models.moderation import SYSTEM_FLAG_REASONS
from community.moderation.audit import record_action
from community.moderation.targets import Post, question_of
from community.moderation.text import clean_text

logger = logging.getLogger(__name__)

RESOLUTIONS = {"hide": "Hide the post (flags are right)", "dismiss": "Dismiss the flags"}
NOTE_MAX = 500
# Hides that a dismissal may undo: the ones nobody decided on.
AUTOMATIC_HIDES = ("auto_hide", "hold_for_review")
VISIBILITY_ACTIONS = ("hide", "restore", "flags_upheld", "flags_dismissed", *AUTOMATIC_HIDES)


def set_hidden(actor: Any, post_type: str, post: Post, hidden: bool) -> None:
    """Change a post's visibility and tell subscribers (search drops or re-adds the question)."""
    post.is_hidden = hidden
    db.session.flush()
    signals.post_visibility_changed.send(
        actor,
        post_type=post_type,
        post=post,
        question=question_of(post_type, post),
        is_hidden=hidden,
    )


def _pending(post_type: str, post_id: int) -> list[Flag]:
    """Pending flags on one post."""
    return list(
        db.session.scalars(
            select(Flag).where(
                Flag.status == "pending", Flag.target_type == post_type, Flag.target_id == post_id
            )
        ).all()
    )


def flag_post(actor: Any, post_type: str, post: Post, reason: str, note: str = "") -> Flag:
    """Record a member's flag; at FLAG_HIDE_THRESHOLD pending flags the post is hidden."""
    if not perm.is_member(actor):
        raise PermissionDenied("Log in to flag a post.")
    if not perm.is_active_member(actor):
        raise PermissionDenied("Suspended accounts cannot flag posts.")
    if post.author_id == actor.id:
        raise PermissionDenied("You cannot flag your own post; edit it instead.")
    if post.is_hidden:
        raise Conflict("This post is already hidden and waiting for a moderator.")
    if not perm.can_flag(actor, post):
        raise PermissionDenied("You may not flag this post.")
    if reason not in FLAG_REASONS:
        raise ValidationFailed(
            "Pick one of the listed reasons for flagging.", {"reason": ["Pick a listed reason."]}
        )
    note = clean_text(note, "note", 5 if reason == "other" else 0, NOTE_MAX)
    already = db.session.scalar(
        select(Flag.id).where(
            Flag.status == "pending",
            Flag.target_type == post_type,
            Flag.target_id == post.id,
            Flag.reporter_id == actor.id,
        )
    )
    if already is not None:
        raise Conflict("You already flagged this post; a moderator will look at it.")
    flag = Flag(
        target_type=post_type, target_id=post.id, reporter_id=actor.id, reason=reason, note=note
    )
    db.session.add(flag)
    db.session.flush()
    logger.info("user %s flagged %s %s (%s)", actor.id, post_type, post.id, reason)
    signals.post_flagged.send(actor, flag=flag, post_type=post_type, post=post)
    reporters = db.session.scalar(
        select(func.count(func.distinct(Flag.reporter_id))).where(
            Flag.status == "pending",
            Flag.target_type == post_type,
            Flag.target_id == post.id,
            Flag.reporter_id.is_not(None),
        )
    )
    threshold = current_app.config["FLAG_HIDE_THRESHOLD"]
    if (reporters or 0) >= threshold:
        set_hidden(None, post_type, post, True)
        record_action(
            None,
            "auto_hide",
            post_type,
            post.id,
            f"{reporters} members flagged it; hidden until a moderator reviews it.",
            question_id=question_of(post_type, post).id,
        )
    return flag


def hold_for_review(post_type: str, post: Post, question: Question, words: list[str]) -> Flag:
    """Hide a post that contains blocked words and put it in the review queue (no reporter)."""
    note = "Blocked word(s): " + ", ".join(words)
    flag = Flag(target_type=post_type, target_id=post.id, reporter_id=None, reason="blocked_word")
    flag.note = note[:NOTE_MAX]
    db.session.add(flag)
    if not post.is_hidden:
        set_hidden(None, post_type, post, True)
    record_action(
        None,
        "hold_for_review",
        post_type,
        post.id,
        "Contains a blocked word; hidden until a moderator reviews it.",
        question_id=question.id,
        words=words,
    )
    return flag


def close_pending(actor: Any, post_type: str, post_id: int, status: str) -> list[Flag]:
    """Mark every pending flag on a post upheld or dismissed; returns them."""
    flags = _pending(post_type, post_id)
    now = utcnow()
    for flag in flags:
        flag.status, flag.resolved_at, flag.resolved_by_id = status, now, actor.id
    return flags


def _last_visibility_action(post_type: str, post_id: int) -> str | None:
    """The most recent action that changed this post's visibility."""
    return db.session.scalar(
        select(ModerationAction.action)
        .where(
            ModerationAction.target_type == post_type,
            ModerationAction.target_id == post_id,
            ModerationAction.action.in_(VISIBILITY_ACTIONS),
        )
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )


def _summary(flags: list[Flag]) -> str:
    """'3 flags: spam x2, rude x1'."""
    counts = Counter(f.reason for f in flags)
    labels = {**FLAG_REASONS, **SYSTEM_FLAG_REASONS}
    parts = [f"{labels.get(r, r).split(' (')[0].lower()} x{n}" for r, n in counts.most_common()]
    return f"{len(flags)} flag{'s' if len(flags) != 1 else ''}: " + ", ".join(parts)


def resolve_flags(
    actor: Any, post_type: str, post: Post, resolution: str, reason: str = ""
) -> ModerationAction:
    """One-click queue decision: hide the post (flags upheld) or dismiss the flags.

    Dismissing restores a post only if it was hidden automatically (flags or blocked words), never
    one a moderator hid on purpose.
    """
    if not perm.can_moderate(actor):
        raise PermissionDenied("Only moderators handle flags.")
    if resolution not in RESOLUTIONS:
        raise ValidationFailed(
            "A flag is resolved by hiding the post or dismissing the flags.",
            {"resolution": ["Pick hide or dismiss."]},
        )
    reason = clean_text(reason, "reason", 0, NOTE_MAX)
    flags = close_pending(
        actor, post_type, post.id, "upheld" if resolution == "hide" else "dismissed"
    )
    if not flags:
        raise Conflict(
            "These flags were already handled, perhaps by another moderator. Reload the queue."
        )
    reason = reason or _summary(flags)
    question = question_of(post_type, post)
    changed = False
    if resolution == "hide" and not post.is_hidden:
        set_hidden(actor, post_type, post, True)
        changed = True
    elif (
        resolution == "dismiss"
        and post.is_hidden
        and _last_visibility_action(post_type, post.id) in AUTOMATIC_HIDES
    ):
        set_hidden(actor, post_type, post, False)
        changed = True
    return record_action(
        actor,
        "flags_upheld" if resolution == "hide" else "flags_dismissed",
        post_type,
        post.id,
        reason,
        target=post,
        notify_user_id=post.author_id if changed else None,
        question_id=question.id,
        flags=len(flags),
        visibility_changed=changed,
    )

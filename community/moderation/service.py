"""Moderator actions: hide/restore, close/reopen, duplicates, lock, accept, info requests,
suspensions. Each takes a reason, is checked here (not only in templates), is written to the
audit log, flushes and never commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from community import permissions as perm
from community import signals
from community.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import Answer, ModerationAction, Question, User, utcnow
from community.moderation import flags
from community.moderation.audit import record_action
from community.moderation.targets import Post, question_of
from community.moderation.text import clean_text
from community.questions import service as question_service

logger = logging.getLogger(__name__)

CLOSE_REASONS = {
    "off_topic": "Off-topic: not about our products or services",
    "unclear": "Unclear: we cannot tell what is being asked",
    "too_broad": "Too broad: please split it into specific questions",
    "outdated": "Outdated: no longer applies to current products",
    "resolved": "Resolved through a support case",
}
SUSPENSION_DAYS = (1, 3, 7, 30, 90, 365)
REASON_MIN, REASON_MAX = 3, 500
MAX_DUPLICATE_HOPS = 10

# Set while this module wraps the question service, so the accept/unaccept subscribers below
# do not log the same moderator action twice.
_audited: ContextVar[bool] = ContextVar("moderation_audited", default=False)


@contextmanager
def _auditing() -> Iterator[None]:
    """Mark the current call as already audited by this module."""
    token = _audited.set(True)
    try:
        yield
    finally:
        _audited.reset(token)


def _require_moderator(actor: Any) -> None:
    """PermissionDenied unless the actor may moderate."""
    if not perm.can_moderate(actor):
        raise PermissionDenied("Only moderators can do this.")


def _reason(reason: Any) -> str:
    """A required free-text reason."""
    return clean_text(reason, "reason", REASON_MIN, REASON_MAX)


def _require_visible(question: Question) -> None:
    """Refuse status changes on hidden questions (restore first)."""
    if question.is_hidden:
        raise Conflict("This question is hidden; restore it before changing it.")


def _status_changed(actor: Any, question: Question, change: str, previous: str) -> None:
    """Tell subscribers (search) a question's status changed."""
    signals.question_status_changed.send(
        actor, question=question, change=change, previous_status=previous
    )


def hide_post(actor: Any, post_type: str, post: Post, reason: str) -> ModerationAction:
    """Soft-hide a question, answer or comment; pending flags on it are upheld."""
    _require_moderator(actor)
    reason = _reason(reason)
    if post.is_hidden:
        raise Conflict("This post is already hidden (perhaps by another moderator).")
    flags.set_hidden(actor, post_type, post, True)
    upheld = flags.close_pending(actor, post_type, post.id, "upheld")
    return record_action(
        actor,
        "hide",
        post_type,
        post.id,
        reason,
        target=post,
        notify_user_id=post.author_id,
        question_id=question_of(post_type, post).id,
        flags_upheld=len(upheld) or None,
    )


def restore_post(actor: Any, post_type: str, post: Post, reason: str) -> ModerationAction:
    """Make a hidden post visible again; pending flags on it are dismissed."""
    _require_moderator(actor)
    reason = _reason(reason)
    if not post.is_hidden:
        raise Conflict("This post is not hidden (perhaps another moderator restored it).")
    flags.set_hidden(actor, post_type, post, False)
    dismissed = flags.close_pending(actor, post_type, post.id, "dismissed")
    return record_action(
        actor,
        "restore",
        post_type,
        post.id,
        reason,
        target=post,
        notify_user_id=post.author_id,
        question_id=question_of(post_type, post).id,
        flags_dismissed=len(dismissed) or None,
    )


def close_question(actor: Any, question: Question, reason_key: str, note: str = "") -> Question:
    """Close an open question with a reason from CLOSE_REASONS (and an optional note)."""
    _require_moderator(actor)
    if reason_key not in CLOSE_REASONS:
        raise ValidationFailed(
            "Pick one of the listed close reasons.", {"reason": ["Pick a listed reason."]}
        )
    note = clean_text(note, "note", 0, REASON_MAX)
    _require_visible(question)
    if question.status != "open":
        raise Conflict(
            "This question is already closed."
            if question.status == "closed"
            else "This question is already closed as a duplicate."
        )
    label = CLOSE_REASONS[reason_key]
    question.status = "closed"
    question.close_reason = (label.split(":")[0] + (f": {note}" if note else ""))[:200]
    db.session.flush()
    record_action(
        actor,
        "close",
        "question",
        question.id,
        label + (f" — {note}" if note else ""),
        target=question,
        notify_user_id=question.author_id,
        reason_key=reason_key,
    )
    _status_changed(actor, question, "close", "open")
    return question


def reopen_question(actor: Any, question: Question, reason: str) -> Question:
    """Reopen a closed question, or unmark a duplicate."""
    _require_moderator(actor)
    reason = _reason(reason)
    _require_visible(question)
    if question.status == "open":
        raise Conflict("This question is already open.")
    previous_status, previous_original_id = question.status, question.duplicate_of_id
    question.status, question.close_reason, question.duplicate_of_id = "open", None, None
    db.session.flush()
    record_action(
        actor,
        "reopen",
        "question",
        question.id,
        reason,
        target=question,
        notify_user_id=question.author_id,
        previous_status=previous_status,
        previous_original_id=previous_original_id,
    )
    _status_changed(actor, question, "reopen", previous_status)
    if previous_original_id is not None:
        signals.question_duplicate_changed.send(
            actor,
            question=question,
            original=None,
            previous=db.session.get(Question, previous_original_id),
        )
    return question


def resolve_original(question: Question, original_id: int) -> Question:
    """The question a duplicate should point to: never itself, never a duplicate (chains are
    followed to their end, loops refused)."""
    if original_id == question.id:
        raise ValidationFailed(
            "A question cannot be a duplicate of itself.",
            {"original": ["Give the number of another question."]},
        )
    original = db.session.get(Question, original_id)
    if original is None:
        raise ValidationFailed(
            f"There is no question #{original_id}.", {"original": ["No such question."]}
        )
    seen = {question.id}
    while original.status == "duplicate" and original.duplicate_of_id is not None:
        if original.id in seen or len(seen) > MAX_DUPLICATE_HOPS:
            break
        seen.add(original.id)
        nxt = db.session.get(Question, original.duplicate_of_id)
        if nxt is None:
            break
        original = nxt
    if original.id == question.id or original.status == "duplicate":
        raise ValidationFailed(
            f"Question #{original_id} is a duplicate that leads back here or nowhere; "
            "pick the original question instead.",
            {"original": ["That would make a chain or a loop of duplicates."]},
        )
    if original.is_hidden:
        raise ValidationFailed(
            f"Question #{original.id} is hidden; pick a visible original.",
            {"original": ["That question is hidden."]},
        )
    return original


def mark_duplicate(actor: Any, question: Question, original_id: int, reason: str = "") -> Question:
    """Mark a question a duplicate of another; returns the original actually used.

    If the given original is itself a duplicate, its own original is used instead. Questions
    that were duplicates of this one are re-pointed to the new original (no chains).
    """
    _require_moderator(actor)
    _require_visible(question)
    if question.status == "duplicate":
        raise Conflict(
            f"This question is already a duplicate of #{question.duplicate_of_id}; "
            "reopen it first to change that."
        )
    original = resolve_original(question, original_id)
    reason = clean_text(reason, "reason", 0, REASON_MAX) or f"Same question as #{original.id}."
    previous_status = question.status
    question.status, question.duplicate_of_id, question.close_reason = (
        "duplicate",
        original.id,
        None,
    )
    moved = list(
        db.session.scalars(select(Question).where(Question.duplicate_of_id == question.id))
    )
    for dup in moved:
        dup.duplicate_of_id = original.id
    db.session.flush()
    record_action(
        actor,
        "duplicate",
        "question",
        question.id,
        reason,
        target=question,
        notify_user_id=question.author_id,
        original_id=original.id,
        requested_id=original_id if original_id != original.id else None,
        moved=[d.id for d in moved] or None,
    )
    _status_changed(actor, question, "duplicate", previous_status)
    signals.question_duplicate_changed.send(
        actor, question=question, original=original, previous=None
    )
    for dup in moved:
        signals.question_duplicate_changed.send(
            actor, question=dup, original=original, previous=question
        )
    return original


def _set_locked(actor: Any, question: Question, locked: bool, reason: str) -> Question:
    """Lock or unlock a question, audited; locking a hidden question is refused."""
    _require_moderator(actor)
    reason = _reason(reason)
    if locked:
        _require_visible(question)
    if question.is_locked == locked:
        raise Conflict(
            "This question is already locked." if locked else "This question is not locked."
        )
    question.is_locked = locked
    db.session.flush()
    action = "lock" if locked else "unlock"
    record_action(
        actor, action, "question", question.id, reason, target=question, notify_user_id=None
    )
    _status_changed(actor, question, action, question.status)
    return question


def lock_question(actor: Any, question: Question, reason: str) -> Question:
    """Lock a question: no new answers or comments, no edits by authors."""
    return _set_locked(actor, question, True, reason)


def unlock_question(actor: Any, question: Question, reason: str) -> Question:
    """Unlock a question."""
    return _set_locked(actor, question, False, reason)


def accept_answer(actor: Any, answer: Answer, reason: str) -> Question:
    """A moderator accepts an answer on any question (the asker is notified)."""
    _require_moderator(actor)
    reason = _reason(reason)
    question = question_of("answer", answer)
    _require_visible(question)
    if question.accepted_answer_id == answer.id:
        raise Conflict("That answer is already the accepted one.")
    previous_id = question.accepted_answer_id
    with _auditing():
        question_service.accept_answer(actor, answer)
    record_action(
        actor,
        "accept",
        "answer",
        answer.id,
        reason,
        target=answer,
        notify_user_id=question.author_id,
        question_id=question.id,
        previous_answer_id=previous_id,
    )
    return question


def unaccept_answer(actor: Any, question: Question, reason: str) -> Question:
    """A moderator removes the accepted mark on any question (the asker is notified)."""
    _require_moderator(actor)
    reason = _reason(reason)
    _require_visible(question)
    previous_id = question.accepted_answer_id
    with _auditing():
        question_service.unaccept_answer(actor, question)
    record_action(
        actor,
        "unaccept",
        "question",
        question.id,
        reason,
        target=question,
        notify_user_id=question.author_id,
        previous_answer_id=previous_id,
    )
    return question


def first_answerer_id(question: Question) -> int | None:
    """The author of the earliest visible answer by someone other than the asker."""
    return db.session.scalar(
        select(Answer.author_id)
        .where(
            Answer.question_id == question.id,
            Answer.is_hidden.is_(False),
            Answer.author_id.is_not(None),
            Answer.author_id != (question.author_id or 0),
        )
        .order_by(Answer.created_at, Answer.id)
        .limit(1)
    )


def request_info(actor: Any, question: Question, text: str) -> ModerationAction:
    """Ask the asker for missing details; the question waits on them until they edit it."""
    if not perm.can_request_info(actor, question, first_answerer_id(question)):
        raise PermissionDenied(
            "Only a moderator or the first person who answered can ask for more information."
        )
    text = clean_text(text, "request", 10, REASON_MAX)
    _require_visible(question)
    if question.is_locked or question.status != "open":
        raise Conflict("This question is closed or locked; it cannot wait for more information.")
    if question.needs_info:
        raise Conflict("The asker has already been asked for more information.")
    question.needs_info = True
    db.session.flush()
    row = record_action(
        actor,
        "request_info",
        "question",
        question.id,
        text,
        target=question,
        notify_user_id=question.author_id,
    )
    _status_changed(actor, question, "request_info", question.status)
    return row


def suspend_user(
    actor: Any, user: User, days: int, reason: str, now: datetime | None = None
) -> User:
    """Suspend an account for a number of days; the user sees the reason and the end date."""
    if not perm.can_suspend(actor, user):
        raise PermissionDenied(
            "You cannot suspend this account (yourself, an admin, or a moderator unless you "
            "are an admin)."
        )
    if days not in SUSPENSION_DAYS:
        raise ValidationFailed(
            "Pick one of the listed suspension periods.", {"days": ["Pick a listed period."]}
        )
    reason = _reason(reason)
    now = now or utcnow()
    user.suspended_until = now + timedelta(days=days)
    user.suspension_reason = reason
    db.session.flush()
    record_action(
        actor,
        "suspend",
        "user",
        user.id,
        reason,
        target=user,
        notify_user_id=user.id,
        days=days,
        until=user.suspended_until.isoformat(),
    )
    return user


def unsuspend_user(actor: Any, user: User, reason: str, now: datetime | None = None) -> User:
    """Lift a suspension early."""
    if not perm.can_suspend(actor, user):
        raise PermissionDenied("You cannot change this account's suspension.")
    reason = _reason(reason)
    if not user.is_suspended(now):
        raise Conflict("This account is not suspended.")
    user.suspended_until, user.suspension_reason = None, None
    db.session.flush()
    record_action(actor, "unsuspend", "user", user.id, reason, target=user, notify_user_id=user.id)
    return user


def get_user(user_id: int) -> User:
    """A user by id, or NotFound."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def on_answer_accepted(
    sender: Any, question: Question, answer: Answer, previous: Answer | None = None, **_: Any
) -> None:
    """Audit a moderator's accept made from the question page (no reason was asked there)."""
    if _audited.get() or not perm.is_moderator(sender) or sender.id == question.author_id:
        return
    record_action(
        sender,
        "accept",
        "answer",
        answer.id,
        "Accepted from the question page (no reason given).",
        target=answer,
        notify_user_id=question.author_id,
        question_id=question.id,
        previous_answer_id=previous.id if previous is not None else None,
    )


def on_answer_unaccepted(
    sender: Any, question: Question, answer: Answer | None = None, **_: Any
) -> None:
    """Audit a moderator's unaccept made from the question page."""
    if _audited.get() or not perm.is_moderator(sender) or sender.id == question.author_id:
        return
    record_action(
        sender,
        "unaccept",
        "question",
        question.id,
        "Accepted mark removed from the question page (no reason given).",
        target=question,
        notify_user_id=question.author_id,
        previous_answer_id=answer.id if answer is not None else None,
    )

"""Keep the index in step with the database, after commit only.

1. Domain signals (and a flush hook for moderation changes) mark the touched documents dirty and
   add durable ``search_outbox`` rows in the *same* transaction.
2. After the session commits, this process drains the outbox (see ``AppSearch.drain``): it loads
   fresh documents from the database and writes them to the index under an inter-process lock.
3. A rollback discards the outbox rows with everything else and forgets the dirty set: nothing
   of a rolled-back change reaches the index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from community import signals
from community.extensions import db
from community.models import Answer, Question, SearchOutbox, utcnow
from community.search.indexer import doc_id as question_doc_id
from community.search.runtime import EXTENSION

logger = logging.getLogger(__name__)

DIRTY_KEY = "community.search.dirty"

#: Question signals (sent by the core services) whose keyword arguments name what changed.
QUESTION_SIGNALS = (
    "question_asked",
    "question_edited",
    "answer_posted",
    "answer_edited",
    "answer_accepted",
    "answer_unaccepted",
    "vote_cast",
)
#: Signals other packages may define; connected by name when present.
OPTIONAL_SIGNALS = ("moderation_action", "question_hidden", "question_restored", "post_hidden")
VIDEO_SIGNALS = ("video_changed",)

#: Attributes whose change in a flush alters a question's document (moderation included).
QUESTION_ATTRS = ("title", "body", "is_hidden", "duplicate_of_id", "accepted_answer_id")
ANSWER_ATTRS = ("body", "is_hidden")

_connected = False


def _active() -> bool:
    if not has_app_context():
        return False
    search = current_app.extensions.get(EXTENSION)
    return search is not None and search.enabled


def mark_dirty(doc_ids: Iterable[str], session: Session | None = None) -> None:
    """Queue documents for re-indexing after this transaction commits (outbox rows included)."""
    sess: Any = session if session is not None else db.session
    dirty: set[str] = sess.info.setdefault(DIRTY_KEY, set())
    now = utcnow()
    for doc_id in doc_ids:
        if doc_id not in dirty:
            dirty.add(doc_id)
            sess.add(SearchOutbox(doc_id=doc_id, enqueued_at=now))


def _question_ids(obj: Any) -> set[int]:
    """Questions whose document depends on ``obj`` (a question, an answer, or neither)."""
    if isinstance(obj, Question):
        ids = {obj.id}
        if obj.duplicate_of_id:
            ids.add(obj.duplicate_of_id)  # its title is part of the original's document
        return ids
    if isinstance(obj, Answer):
        return {obj.question_id}
    return set()


def on_question_signal(sender: Any, **kwargs: Any) -> None:
    """Receiver for question/answer/vote/moderation signals: mark the question dirty."""
    if not _active():
        return
    ids: set[int] = set()
    for key in ("question", "answer", "previous", "post", "target"):
        ids |= _question_ids(kwargs.get(key))
    if ids:
        mark_dirty(question_doc_id(i) for i in sorted(ids) if i)


def on_video_signal(sender: Any, **kwargs: Any) -> None:
    """Receiver for the video library's change signal: mark the video dirty."""
    if not _active():
        return
    video = kwargs.get("video")
    video_id = getattr(video, "id", None) or kwargs.get("video_id")
    if video_id:
        mark_dirty([f"v:{int(video_id)}"])


def _changed(obj: Any, attrs: tuple[str, ...]) -> list[Any]:
    """Return the old and new values of ``attrs`` that changed on ``obj`` in this flush."""
    state = inspect(obj)
    values: list[Any] = []
    for attr in attrs:
        history = state.attrs[attr].history
        if history.has_changes():
            values.append(attr)
            if attr == "duplicate_of_id":
                values.extend(v for v in (*history.deleted, *history.added) if v)
    return values


def before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """Catch changes made without a signal (hide, restore, mark duplicate, delete)."""
    if not _active():
        return
    ids: set[int] = set()
    for obj in session.dirty:
        if isinstance(obj, Question):
            changed = _changed(obj, QUESTION_ATTRS)
            if changed:
                ids.add(obj.id)
                ids |= {v for v in changed if isinstance(v, int)}
        elif isinstance(obj, Answer) and _changed(obj, ANSWER_ATTRS):
            ids.add(obj.question_id)
    for obj in session.deleted:
        ids |= _question_ids(obj)
    if ids:
        mark_dirty((question_doc_id(i) for i in sorted(ids) if i), session)


def after_commit(session: Session) -> None:
    """Drain the outbox once the transaction that filled it has committed."""
    dirty = session.info.pop(DIRTY_KEY, None)
    if not dirty or not _active():
        return
    current_app.extensions[EXTENSION].drain_quietly()


def after_rollback(session: Session) -> None:
    """Forget the dirty set: the outbox rows were rolled back with the change."""
    session.info.pop(DIRTY_KEY, None)


def after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    """Same as :func:`after_rollback` for a rollback of the outermost transaction."""
    if previous_transaction.parent is None:
        session.info.pop(DIRTY_KEY, None)


def connect() -> None:
    """Connect the receivers and session hooks once per process (they check the current app)."""
    global _connected
    if _connected:
        return
    for name in QUESTION_SIGNALS + OPTIONAL_SIGNALS:
        signal = getattr(signals, name, None)
        if signal is not None:
            signal.connect(on_question_signal, weak=False)
    for name in VIDEO_SIGNALS:
        signal = getattr(signals, name, None)
        if signal is not None:
            signal.connect(on_video_signal, weak=False)
    try:  # the video library may define its signal in its own package
        from community.video_library import signals as video_signals  # type: ignore[attr-defined]
    except ImportError:
        video_signals = None
    for name in VIDEO_SIGNALS:
        signal = getattr(video_signals, name, None)
        if signal is not None:
            signal.connect(on_video_signal, weak=False)
    event.listen(db.session, "before_flush", before_flush)
    event.listen(db.session, "after_commit", after_commit)
    event.listen(db.session, "after_rollback", after_rollback)
    event.listen(db.session, "after_soft_rollback", after_soft_rollback)
    _connected = True

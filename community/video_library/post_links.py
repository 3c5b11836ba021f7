"""Questions whose posts show a library video link to it, so the video page lists them.

Subscribed to the core's post signals: when a question or answer is saved with a lone video link
(the same lines that render as cards), an approved question-video link is added for each
approved library video it shows. Links are only added, never removed on edit (staff can remove
a video; a stale link only lists a question that once showed it). Receivers flush, never commit.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, tuple_

from community import signals
from community.extensions import db
from community.markup import find_video_links, video_keys
from community.models import Answer, Question, QuestionVideo, Video, utcnow

logger = logging.getLogger(__name__)


def link_videos_in_post(actor: Any, question_id: int, source: str) -> int:
    """Link the question to the approved library videos its post shows; returns links added."""
    keys = video_keys(find_video_links(source or ""))
    if not keys:
        return 0
    video_ids = set(
        db.session.scalars(
            select(Video.id).where(
                tuple_(Video.provider, Video.external_id).in_(sorted(keys)),
                Video.status == "approved",
            )
        )
    )
    if not video_ids:
        return 0
    existing = set(
        db.session.scalars(
            select(QuestionVideo.video_id).where(
                QuestionVideo.question_id == question_id, QuestionVideo.video_id.in_(video_ids)
            )
        )
    )
    now = utcnow()
    new = sorted(video_ids - existing)
    for video_id in new:
        db.session.add(
            QuestionVideo(
                question_id=question_id,
                video_id=video_id,
                status="approved",
                proposed_by_id=getattr(actor, "id", None),
                approved_at=now,
                created_at=now,
            )
        )
    if new:
        db.session.flush()
        logger.info("question %s linked to videos %s by a post", question_id, new)
    return len(new)


def _on_question(sender: Any, question: Question, **_: Any) -> None:
    """A question was asked or edited."""
    link_videos_in_post(sender, question.id, question.body)


def _on_answer(sender: Any, answer: Answer, **_: Any) -> None:
    """An answer was posted or edited."""
    link_videos_in_post(sender, answer.question_id, answer.body)


def connect_receivers() -> None:
    """Subscribe to the post signals (idempotent: blinker keeps one connection per receiver)."""
    signals.question_asked.connect(_on_question)
    signals.question_edited.connect(_on_question)
    signals.answer_posted.connect(_on_answer)
    signals.answer_edited.connect(_on_answer)

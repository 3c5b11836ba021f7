"""Writes on the video library: add, edit, remove, approve videos; propose and decide links.

Every function takes the acting user first, checks permissions here, flushes but never commits,
raises domain errors, and sends ``signals.video_changed`` when the public library changes.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from community import permissions as perm
from community import signals
from community.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import Question, QuestionVideo, Tag, Video, utcnow
from community.questions.service import parse_tag_names
from community.videos import VideoLink, generic_title, parse_video_url, watch_url

logger = logging.getLogger(__name__)

TITLE_MIN, TITLE_MAX = 3, 200
DESCRIPTION_MAX = 5000
TRANSCRIPT_MAX = 50_000
MAX_DURATION = 24 * 3600
UNSUPPORTED_LINK = (
    "That is not a supported video link. Use a YouTube link (youtube.com/watch?v=..., "
    "youtu.be/..., /shorts/..., /embed/...) or a Vimeo link (vimeo.com/123456)."
)


def _require(condition: bool, message: str) -> None:
    """Raise PermissionDenied unless the condition holds."""
    if not condition:
        raise PermissionDenied(message)


def _clean(value: Any, field: str, low: int, high: int) -> str:
    """Strip a text field, drop control characters, check its length (ValidationFailed)."""
    text = value.strip() if isinstance(value, str) else ""
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    if len(text) < low:
        msg = f"{field.capitalize()} must be at least {low} characters."
        raise ValidationFailed(msg, {field: [msg]})
    if len(text) > high:
        msg = f"{field.capitalize()} must be at most {high} characters."
        raise ValidationFailed(msg, {field: [msg]})
    return text


def parse_link(raw: Any) -> VideoLink:
    """Parse a video link or raise ValidationFailed saying which links are supported."""
    link = parse_video_url(raw)
    if link is None:
        raise ValidationFailed(UNSUPPORTED_LINK, {"url": [UNSUPPORTED_LINK]})
    return link


def parse_duration(raw: Any) -> int | None:
    """Seconds from "225", "3:45" or "1:02:03"; blank is unknown (None); junk is a 422."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    parts = text.split(":")
    if len(parts) <= 3 and all(p.isascii() and p.isdigit() and len(p) <= 5 for p in parts):
        numbers = [int(p) for p in parts]
        total = sum(n * 60**i for i, n in enumerate(reversed(numbers)))
        if all(n < 60 for n in numbers[1:]) and 0 < total <= MAX_DURATION:
            return total
    msg = "Duration is seconds (225) or minutes:seconds (3:45), at most 24 hours."
    raise ValidationFailed(msg, {"duration": [msg]})


def resolve_video_tags(raw: str | list[str]) -> list[Tag]:
    """Existing tags for a video (0 to TAGS_MAX); unknown tags are refused with their names."""
    names = parse_tag_names(raw or "")
    limit = current_app.config["TAGS_MAX"]
    if len(names) > limit:
        raise ValidationFailed(f"Use at most {limit} tags.", {"tags": [f"At most {limit} tags."]})
    if not names:
        return []
    tags = db.session.scalars(select(Tag).where(Tag.name.in_(names))).all()
    unknown = [n for n in names if n not in {t.name for t in tags}]
    if unknown:
        msg = "Unknown tag: " + ", ".join(n[:40] for n in unknown[:5]) + ". Pick from the tag list."
        raise ValidationFailed(msg, {"tags": [msg]})
    return sorted(tags, key=lambda t: names.index(t.name))


def find_video(link: VideoLink) -> Video | None:
    """The library row for a parsed link (any status), if there is one."""
    return db.session.scalar(
        select(Video).where(Video.provider == link.provider, Video.external_id == link.video_id)
    )


def _duplicate(existing: Video) -> Conflict:
    """The 409 for a video that is already in the library."""
    where = "in the library" if existing.is_approved else "proposed and waiting for approval"
    msg = (
        f'This video is already {where} as "{existing.title}" (video {existing.id}, '
        f"/videos/{existing.id}). Edit that one instead."
    )
    return Conflict(msg, {"url": [msg]})


def _flush_unique() -> None:
    """Flush; a (provider, id) clash with a concurrent request becomes a 409, not a 500."""
    try:
        db.session.flush()
    except IntegrityError as err:
        raise Conflict(
            "This video was just added by someone else. Reload the library.",
            {"url": ["Already in the library."]},
        ) from err


def _changed(actor: Any, video: Video, deleted: bool = False) -> None:
    """Tell subscribers (the search indexer) that the public library changed.

    Tags are loaded first so a receiver can build ``video_document(video)`` without a lazy load.
    """
    if not deleted and "tags" in inspect(video).unloaded:
        _load_tags(video)
    signals.video_changed.send(actor, video=video, deleted=deleted)


def add_video(
    actor: Any,
    url: str,
    title: str,
    description: str = "",
    tags: str | list[str] = "",
    transcript: str = "",
    duration: str = "",
) -> Video:
    """Staff add an approved video; the same provider and id twice is a 409."""
    _require(perm.can_manage_videos(actor), "Only staff can add videos to the library.")
    link = parse_link(url)
    existing = find_video(link)
    if existing is not None:
        raise _duplicate(existing)
    now = utcnow()
    video = Video(
        url=watch_url(link),
        provider=link.provider,
        external_id=link.video_id,
        start_seconds=link.start,
        title=_clean(title, "title", TITLE_MIN, TITLE_MAX),
        description=_clean(description, "description", 0, DESCRIPTION_MAX),
        transcript=_clean(transcript, "transcript", 0, TRANSCRIPT_MAX),
        duration_seconds=parse_duration(duration),
        status="approved",
        added_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    video.tags = resolve_video_tags(tags)
    db.session.add(video)
    _flush_unique()
    logger.info("video %s (%s) added by user %s", video.id, video.provider, actor.id)
    _changed(actor, video)
    return video


def _load_tags(video: Video) -> None:
    """Load a video's tag collection (relationships are lazy="raise")."""
    db.session.scalars(
        select(Video)
        .where(Video.id == video.id)
        .options(selectinload(Video.tags))
        .execution_options(populate_existing=True)
    ).one()


def edit_video(
    actor: Any,
    video: Video,
    url: str,
    title: str,
    description: str = "",
    tags: str | list[str] = "",
    transcript: str = "",
    duration: str = "",
) -> Video:
    """Staff edit a video; pointing it at a video already in the library is a 409."""
    _require(perm.can_manage_videos(actor), "Only staff can edit videos.")
    link = parse_link(url)
    existing = find_video(link)
    if existing is not None and existing.id != video.id:
        raise _duplicate(existing)
    clean_title = _clean(title, "title", TITLE_MIN, TITLE_MAX)
    clean_description = _clean(description, "description", 0, DESCRIPTION_MAX)
    clean_transcript = _clean(transcript, "transcript", 0, TRANSCRIPT_MAX)
    seconds = parse_duration(duration)
    new_tags = resolve_video_tags(tags)
    _load_tags(video)
    video.url, video.provider = watch_url(link), link.provider
    video.external_id, video.start_seconds = link.video_id, link.start
    video.title, video.description = clean_title, clean_description
    video.transcript, video.duration_seconds = clean_transcript, seconds
    video.tags = new_tags
    video.updated_at = utcnow()
    _flush_unique()
    logger.info("video %s edited by user %s", video.id, actor.id)
    if video.is_approved:
        _changed(actor, video)
    return video


def approve_video(actor: Any, video: Video) -> Video:
    """Staff approve a proposed video into the public library."""
    _require(perm.can_manage_videos(actor), "Only staff can approve videos.")
    if video.is_approved:
        raise Conflict("This video is already approved.")
    video.status = "approved"
    video.updated_at = utcnow()
    db.session.flush()
    logger.info("video %s approved by user %s", video.id, actor.id)
    _changed(actor, video)
    return video


def remove_video(actor: Any, video: Video) -> None:
    """Staff remove a video (its question links go with it); posts keep a generic card."""
    _require(perm.can_manage_videos(actor), "Only staff can remove videos.")
    was_public = video.is_approved
    # Explicit, not only ON DELETE CASCADE: SQLite enforces foreign keys only when asked to.
    # Loading the tags lets the ORM remove the video_tags rows itself.
    db.session.execute(delete(QuestionVideo).where(QuestionVideo.video_id == video.id))
    _load_tags(video)
    db.session.delete(video)
    db.session.flush()
    logger.info("video %s removed by user %s", video.id, actor.id)
    if was_public:
        _changed(actor, video, deleted=True)


def propose_video(actor: Any, question: Question, url: str, title: str = "") -> QuestionVideo:
    """Link a video to a question: pending for members, approved at once for staff.

    A video not yet in the library is created as "proposed" (staff: approved). The same video
    twice on one question is a 409.
    """
    _require(
        perm.can_propose_video(actor, question),
        "Log in (and not be suspended) to propose a video for this question.",
    )
    link = parse_link(url)
    staff = perm.can_manage_videos(actor)
    video = find_video(link)
    now = utcnow()
    if video is None:
        video = Video(
            url=watch_url(link),
            provider=link.provider,
            external_id=link.video_id,
            start_seconds=link.start,
            title=_clean(title, "title", 0, TITLE_MAX) or generic_title(link.provider),
            status="approved" if staff else "proposed",
            added_by_id=actor.id,
            created_at=now,
            updated_at=now,
        )
        db.session.add(video)
        _flush_unique()
        if staff:
            _changed(actor, video)
    elif staff and not video.is_approved:
        approve_video(actor, video)
    already = db.session.scalar(
        select(func.count(QuestionVideo.id)).where(
            QuestionVideo.question_id == question.id, QuestionVideo.video_id == video.id
        )
    )
    if already:
        raise Conflict(
            "This video is already linked to or proposed for this question.",
            {"url": ["Already proposed for this question."]},
        )
    proposal = QuestionVideo(
        question_id=question.id,
        video_id=video.id,
        status="approved" if staff else "pending",
        proposed_by_id=actor.id,
        approved_by_id=actor.id if staff else None,
        approved_at=now if staff else None,
        created_at=now,
    )
    db.session.add(proposal)
    try:
        db.session.flush()
    except IntegrityError as err:
        raise Conflict("This video was just proposed for this question by someone else.") from err
    logger.info("video %s proposed for question %s by user %s", video.id, question.id, actor.id)
    return proposal


def get_link(link_id: int) -> QuestionVideo:
    """A question-video link by id, or NotFound."""
    link = db.session.get(QuestionVideo, link_id)
    if link is None:
        raise NotFound("That video proposal does not exist (already handled?).")
    return link


def approve_link(actor: Any, link: QuestionVideo) -> QuestionVideo:
    """Staff approve a proposed link; a proposed video becomes part of the library with it."""
    _require(perm.can_manage_videos(actor), "Only staff can approve video proposals.")
    if link.status == "approved":
        raise Conflict("This proposal is already approved.")
    link.status, link.approved_by_id, link.approved_at = "approved", actor.id, utcnow()
    video = db.session.get(Video, link.video_id)
    db.session.flush()
    if video is not None and not video.is_approved:
        approve_video(actor, video)
    logger.info("video link %s approved by user %s", link.id, actor.id)
    return link


def reject_link(actor: Any, link: QuestionVideo) -> None:
    """Staff reject a proposal; a proposed video left with no other link is dropped too."""
    _require(perm.can_manage_videos(actor), "Only staff can reject video proposals.")
    if link.status != "pending":
        raise Conflict("Only pending proposals can be rejected; remove the video instead.")
    video = db.session.get(Video, link.video_id)
    db.session.delete(link)
    db.session.flush()
    if video is not None and not video.is_approved:
        others = db.session.scalar(
            select(func.count(QuestionVideo.id)).where(QuestionVideo.video_id == video.id)
        )
        if not others:
            _load_tags(video)
            db.session.delete(video)
            db.session.flush()
    logger.info("video link %s rejected by user %s", link.id, actor.id)

"""Reads for the video library, each in a fixed number of SQL statements (no N+1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    case,
    distinct,
    exists,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import aliased, selectinload

from community import permissions as perm
from community.exceptions import NotFound
from community.extensions import db
from community.markup import CardDetails
from community.models import DeflectionEvent, Question, QuestionVideo, Tag, Video, video_tags
from community.pagination import Page, paginate

MAX_SEARCH_TERMS = 8


def _like_escape(term: str) -> str:
    """Escape LIKE wildcards so user text matches literally."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_condition(text: str) -> Any:
    """Every word must appear in the title, description or transcript (case-insensitive)."""
    conditions = []
    for word in text.lower().split()[:MAX_SEARCH_TERMS]:
        pattern = f"%{_like_escape(word[:100])}%"
        conditions.append(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Video.title, Video.description, Video.transcript)
                )
            )
        )
    return and_(*conditions) if conditions else True


def list_videos(
    viewer: Any,
    tag: str | None = None,
    text: str | None = None,
    page: int = 1,
    per_page: int = 20,
    status: str = "approved",
) -> Page[Video]:
    """One page of videos, newest first, with tags loaded; only staff may list proposed ones."""
    if status != "approved" and not perm.can_manage_videos(viewer):
        status = "approved"
    stmt: Select[Any] = select(Video)
    if status in ("approved", "proposed"):
        stmt = stmt.where(Video.status == status)
    if tag:
        tag_id = select(Tag.id).where(Tag.name == tag).scalar_subquery()
        stmt = stmt.where(
            Video.id.in_(select(video_tags.c.video_id).where(video_tags.c.tag_id == tag_id))
        )
    if text and text.strip():
        stmt = stmt.where(_search_condition(text))
    stmt = stmt.order_by(Video.created_at.desc(), Video.id.desc()).options(selectinload(Video.tags))
    return paginate(stmt, page, per_page)


def get_video(viewer: Any, video_id: int) -> Video:
    """A video the viewer may see, with tags and who added it, or NotFound."""
    video = db.session.scalar(
        select(Video)
        .where(Video.id == video_id)
        .options(selectinload(Video.tags), selectinload(Video.added_by))
    )
    if video is None or not perm.can_view_video(viewer, video):
        raise NotFound("That video does not exist or was removed.")
    return video


def _visible_questions(viewer: Any) -> Any:
    """SQL condition: questions the viewer may see in lists."""
    if perm.is_moderator(viewer):
        return True
    if perm.is_member(viewer):
        return or_(Question.is_hidden.is_(False), Question.author_id == viewer.id)
    return Question.is_hidden.is_(False)


def list_linking_questions(
    viewer: Any, video_id: int, page: int = 1, per_page: int = 20
) -> Page[Question]:
    """Visible questions with an approved link to the video, best first, tags loaded."""
    stmt = (
        select(Question)
        .join(QuestionVideo, QuestionVideo.question_id == Question.id)
        .where(
            QuestionVideo.video_id == video_id,
            QuestionVideo.status == "approved",
            _visible_questions(viewer),
        )
        .order_by(Question.score.desc(), Question.id.desc())
        .options(selectinload(Question.tags))
    )
    return paginate(stmt, page, per_page)


QUESTION_VIDEOS_MAX = 10

_videos, _links = Video.__table__, QuestionVideo.__table__
# Every question page runs this: built once, read as plain (id, title) rows, no ORM objects.
QUESTION_VIDEOS: Select[Any] = (
    select(_videos.c.id, _videos.c.title)
    .join(_links, _links.c.video_id == _videos.c.id)
    .where(
        _links.c.question_id == bindparam("question_id", type_=Integer),
        _links.c.status == "approved",
        _videos.c.status == "approved",
    )
    .order_by(_links.c.approved_at, _videos.c.id)
    .limit(bindparam("limit", type_=Integer, literal_execute=True))
)


def list_question_videos(question_id: int, limit: int = QUESTION_VIDEOS_MAX) -> list[Any]:
    """Approved videos (id and title) with an approved link to a question, first linked first."""
    return list(
        db.session.execute(QUESTION_VIDEOS, {"question_id": question_id, "limit": limit}).all()
    )


def list_pending_links(viewer: Any, page: int = 1, per_page: int = 20) -> Page[QuestionVideo]:
    """The staff queue: pending proposals, oldest first, with question, video and proposer."""
    if not perm.can_manage_videos(viewer):
        raise NotFound("No such page.")
    stmt = (
        select(QuestionVideo)
        .where(QuestionVideo.status == "pending")
        .order_by(QuestionVideo.created_at, QuestionVideo.id)
        .options(
            selectinload(QuestionVideo.question),
            selectinload(QuestionVideo.video),
            selectinload(QuestionVideo.proposed_by),
        )
    )
    return paginate(stmt, page, per_page)


def get_card_details(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], CardDetails]:
    """Titles and durations of approved library videos for (provider, id) pairs: one query."""
    wanted = sorted(set(keys))[:500]
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Video.provider, Video.external_id, Video.title, Video.duration_seconds).where(
            tuple_(Video.provider, Video.external_id).in_(wanted), Video.status == "approved"
        )
    )
    return {(r.provider, r.external_id): CardDetails(r.title, r.duration_seconds) for r in rows}


@dataclass(frozen=True)
class VideoStats:
    """What staff see per video."""

    suggested: int = 0
    opened: int = 0
    deflections: int = 0
    questions: int = 0


def video_stats(video_ids: Iterable[int]) -> dict[int, VideoStats]:
    """Times suggested, opened, deflections credited and linking questions, per video: 2 queries.

    "Deflections credited" here counts explicit deflections only: ask sessions that said
    "This solved my problem" (solved_yes) on the video and did not post a question. The full
    crediting rule (implicit deflections credited to the last item opened) lives in the
    deflection package; the integrator may swap this count for its per-item figure.
    """
    ids = sorted(set(video_ids))
    if not ids:
        return {}
    ev = DeflectionEvent
    posted = aliased(DeflectionEvent)
    deflected_session = case(
        (
            and_(
                ev.kind == "solved_yes",
                ~exists().where(
                    posted.session_token == ev.session_token, posted.kind == "question_posted"
                ),
            ),
            ev.session_token,
        )
    )
    rows = db.session.execute(
        select(
            ev.item_id,
            func.sum(case((ev.kind == "suggestions_shown", 1), else_=0)).label("suggested"),
            func.sum(case((ev.kind == "suggestion_opened", 1), else_=0)).label("opened"),
            func.count(distinct(deflected_session)).label("deflections"),
        )
        .where(ev.item_kind == "video", ev.item_id.in_(ids))
        .group_by(ev.item_id)
    )
    events = {r.item_id: r for r in rows}
    links = dict(
        db.session.execute(
            select(QuestionVideo.video_id, func.count(QuestionVideo.id))
            .where(QuestionVideo.video_id.in_(ids), QuestionVideo.status == "approved")
            .group_by(QuestionVideo.video_id)
        ).all()
    )
    stats = {}
    for video_id in ids:
        row = events.get(video_id)
        stats[video_id] = VideoStats(
            suggested=int(row.suggested or 0) if row else 0,
            opened=int(row.opened or 0) if row else 0,
            deflections=int(row.deflections or 0) if row else 0,
            questions=int(links.get(video_id, 0)),
        )
    return stats

"""Reads: the bell count, the notification list, what a user follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from community import permissions as perm
from community.extensions import db
from community.models import Follow, Notification, Question, Tag
from community.pagination import Page, paginate


def count_unread(user_id: int) -> int:
    """Unread notifications of a user: one COUNT on the (user_id, read_at) index."""
    return int(
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_notifications(
    viewer: Any, page: int, per_page: int, unread_only: bool = False
) -> Page[Notification]:
    """The viewer's notifications, newest first (messages are stored, so no joins needed)."""
    stmt = select(Notification).where(Notification.user_id == viewer.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return paginate(
        stmt.order_by(Notification.created_at.desc(), Notification.id.desc()), page, per_page
    )


def is_following(viewer: Any, target_type: str, target_id: int) -> bool:
    """Whether the viewer follows a question or a tag (False for visitors)."""
    if not perm.is_member(viewer):
        return False
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == viewer.id,
                Follow.target_type == target_type,
                Follow.target_id == target_id,
            )
        )
        is not None
    )


def get_tag_id(name: str) -> int | None:
    """The id of a tag by name, if it exists."""
    return db.session.scalar(select(Tag.id).where(Tag.name == name))


@dataclass
class FollowLine:
    """One followed item with its label."""

    follow: Follow
    label: str


def list_follows(viewer: Any, page: int, per_page: int) -> Page[FollowLine]:
    """What the viewer follows, newest first, with titles and tag names (3 statements + count)."""
    result = paginate(
        select(Follow)
        .where(Follow.user_id == viewer.id)
        .order_by(Follow.created_at.desc(), Follow.id.desc()),
        page,
        per_page,
    )
    q_ids = [f.target_id for f in result.items if f.target_type == "question"]
    t_ids = [f.target_id for f in result.items if f.target_type == "tag"]
    titles = (
        dict(
            db.session.execute(
                select(Question.id, Question.title).where(Question.id.in_(q_ids))
            ).all()
        )
        if q_ids
        else {}
    )
    names = (
        dict(db.session.execute(select(Tag.id, Tag.name).where(Tag.id.in_(t_ids))).all())
        if t_ids
        else {}
    )
    lines = [
        FollowLine(
            f,
            titles.get(f.target_id, "(removed question)")
            if f.target_type == "question"
            else names.get(f.target_id, "(removed tag)"),
        )
        for f in result.items
    ]
    return Page(items=lines, page=result.page, per_page=per_page, total=result.total)

"""Reads for question lists and question pages, in a constant number of SQL statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from community import permissions as perm
from community.exceptions import NotFound
from community.extensions import db
from community.models import Answer, Question, Revision, Tag, User, question_tags
from community.pagination import Page, paginate_by_key
from community.questions import rows
from community.questions.records import (
    AnswerDetail,
    CommentDetail,
    QuestionDetail,
    QuestionLink,
    QuestionSummary,
)

SORTS = {
    "newest": "Newest",
    "active": "Active",
    "votes": "Most votes",
    "unanswered": "Unanswered",
    "solved": "Solved",
}


def _visibility(viewer: Any) -> str:
    """Which hidden posts the viewer sees (see rows.VISIBILITIES): all, their own, or none."""
    if perm.is_moderator(viewer):
        return "all"
    return "own" if perm.is_member(viewer) else "public"


# Counting every visible question walks a whole index; past this many, lists say "1000+".
LIST_COUNT_LIMIT = 1000


def list_questions(
    viewer: Any, sort: str = "newest", tag: str | None = None, page: int = 1, per_page: int = 20
) -> Page[QuestionSummary]:
    """One page of question summaries with author and tags, counted, usually in one statement.

    Counting and skipping walk an index of ids (no row reads), then only the page's rows load.
    """
    if sort not in SORTS:
        sort = "newest"
    page_stmt, count_stmt = rows.list_statements(_visibility(viewer), sort, bool(tag))
    viewer_id = viewer.id if perm.is_member(viewer) else None
    params: dict[str, Any] = {"tag": tag, "viewer_id": viewer_id}
    rows.autoflush()

    def load_page(limit: int, offset: int, count_limit: int) -> Any:
        bounds = {"limit": limit, "offset": offset, "count_limit": count_limit}
        return rows.load_summaries(page_stmt, {**params, **bounds})

    def count_keys(limit: int) -> int:
        return int(db.session.execute(count_stmt, {**params, "count_limit": limit}).scalar_one())

    return paginate_by_key(load_page, count_keys, page, per_page, LIST_COUNT_LIMIT)


def get_question(viewer: Any, question_id: int) -> Question:
    """A question the viewer may see, or NotFound."""
    question = db.session.get(Question, question_id)
    if question is None or not perm.can_view_question(viewer, question):
        raise NotFound("That question does not exist or was removed.")
    return question


def get_answer(viewer: Any, answer_id: int) -> Answer:
    """An answer the viewer may see, or NotFound."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or not perm.can_view_answer(viewer, answer):
        raise NotFound("That answer does not exist or was removed.")
    return answer


@dataclass
class QuestionPage:
    """Everything the question page renders."""

    question: QuestionDetail
    answers: list[AnswerDetail]
    comments: dict[tuple[str, int], list[CommentDetail]] = field(default_factory=dict)
    my_votes: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def duplicate_of(self) -> QuestionLink | None:
        """The original question, when this one is marked as its duplicate."""
        return self.question.duplicate_of


def get_question_page(viewer: Any, question_id: int) -> QuestionPage:
    """A question with answers (accepted first, then by votes), comments and the viewer's votes.

    Issues a fixed number of statements whatever the number of answers or comments.
    """
    rows.autoflush()
    question = rows.load_question(question_id)
    if question is None or not perm.can_view_question(viewer, question):
        raise NotFound("That question does not exist or was removed.")
    visibility = _visibility(viewer)
    viewer_id = viewer.id if perm.is_member(viewer) else None
    answers, comments = rows.load_thread(question, visibility, viewer_id)
    my_votes: dict[tuple[str, int], int] = {}
    if viewer_id is not None:
        my_votes = rows.load_my_votes(viewer_id, question.id, [a.id for a in answers])
    return QuestionPage(question, answers, comments, my_votes)


def list_revisions(viewer: Any, post_type: str, post_id: int) -> list[Revision]:
    """Edit history of a post, newest first."""
    return list(
        db.session.scalars(
            select(Revision)
            .where(Revision.post_type == post_type, Revision.post_id == post_id)
            .options(selectinload(Revision.editor))
            .order_by(Revision.number.desc())
        ).all()
    )


def get_tag_names(question_id: int) -> list[str]:
    """Names of a question's tags."""
    return list(
        db.session.scalars(
            select(Tag.name)
            .join(question_tags, question_tags.c.tag_id == Tag.id)
            .where(question_tags.c.question_id == question_id)
            .order_by(Tag.name)
        ).all()
    )


def list_tags() -> list[Tag]:
    """All tags, most used first."""
    return list(db.session.scalars(select(Tag).order_by(Tag.question_count.desc(), Tag.name)).all())


def get_user_by_name(username: str) -> User:
    """A user by username, or NotFound."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("No such user.")
    return user

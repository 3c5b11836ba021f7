"""Reads for question lists and question pages, in a constant number of SQL statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from community import permissions as perm
from community.exceptions import NotFound
from community.extensions import db
from community.models import Answer, Comment, Question, Revision, Tag, User, Vote, question_tags
from community.pagination import Page, paginate_by_key

SORTS = {
    "newest": "Newest",
    "active": "Active",
    "votes": "Most votes",
    "unanswered": "Unanswered",
    "solved": "Solved",
}


def _visible(viewer: Any) -> Any:
    """SQL condition: questions the viewer may see in lists."""
    if perm.is_moderator(viewer):
        return True
    if perm.is_member(viewer):
        return or_(Question.is_hidden.is_(False), Question.author_id == viewer.id)
    return Question.is_hidden.is_(False)


@dataclass(frozen=True)
class AuthorSummary:
    """What lists show of a post's author."""

    id: int
    username: str
    role: str
    reputation: int

    @property
    def display_role(self) -> str | None:
        """The role badge shown next to the name, if any."""
        return User.display_role.fget(self)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TagSummary:
    """A tag as lists show it."""

    id: int
    name: str


@dataclass
class QuestionSummary:
    """A question as the list page shows it: read with plain SQL rows, no ORM objects.

    The list is the busiest page; building these costs a fraction of loading Question, User
    and Tag instances. Attribute names match the models, so templates use either.
    """

    id: int
    title: str
    author_id: int | None
    status: str
    accepted_answer_id: int | None
    is_hidden: bool
    is_locked: bool
    score: int
    answer_count: int
    created_at: Any
    last_activity_at: Any
    author: AuthorSummary | None = None
    tags: list[TagSummary] = field(default_factory=list)

    @property
    def is_solved(self) -> bool:
        """Whether an answer has been accepted."""
        return self.accepted_answer_id is not None


AUTHOR_COLUMNS = (User.id, User.username, User.role, User.reputation)
SUMMARY_COLUMNS = (
    Question.id,
    Question.title,
    Question.author_id,
    Question.status,
    Question.accepted_answer_id,
    Question.is_hidden,
    Question.is_locked,
    Question.score,
    Question.answer_count,
    Question.created_at,
    Question.last_activity_at,
)


def _load_summaries(stmt: Any) -> list[QuestionSummary]:
    """Run a select of SUMMARY_COLUMNS (authors joined in); attach tags with one statement."""
    width = len(SUMMARY_COLUMNS)
    items = []
    for row in db.session.execute(
        stmt.add_columns(*AUTHOR_COLUMNS).outerjoin(User, User.id == Question.author_id)
    ):
        item = QuestionSummary(*row[:width])
        item.author = AuthorSummary(*row[width:]) if row[width] is not None else None
        items.append(item)
    if not items:
        return items
    tags: dict[int, list[TagSummary]] = defaultdict(list)
    rows: Any = db.session.execute(
        select(question_tags.c.question_id, Tag.id, Tag.name)
        .join(Tag, Tag.id == question_tags.c.tag_id)
        .where(question_tags.c.question_id.in_([q.id for q in items]))
        .order_by(Tag.name)
    )
    for question_id, tag_id, name in rows:
        tags[question_id].append(TagSummary(tag_id, name))
    for q in items:
        q.tags = tags.get(q.id, [])
    return items


# Counting every visible question walks a whole index; past this many, lists say "1000+".
LIST_COUNT_LIMIT = 1000


def list_questions(
    viewer: Any, sort: str = "newest", tag: str | None = None, page: int = 1, per_page: int = 20
) -> Page[QuestionSummary]:
    """One page of question summaries with author and tags, in four statements.

    Counting and skipping walk an index of ids (no row reads), then only the page's rows load.
    """
    if sort not in SORTS:
        sort = "newest"
    stmt: Select[Any] = select(Question.id).where(_visible(viewer))
    if tag:
        tag_id = select(Tag.id).where(Tag.name == tag).scalar_subquery()
        stmt = stmt.where(
            Question.id.in_(
                select(question_tags.c.question_id).where(question_tags.c.tag_id == tag_id)
            )
        )
    order: list[Any]
    if sort == "unanswered":
        stmt = stmt.where(Question.answer_count == 0)
        order = [Question.created_at.desc()]
    elif sort == "solved":
        stmt = stmt.where(Question.accepted_answer_id.is_not(None))
        order = [Question.last_activity_at.desc()]
    elif sort == "active":
        order = [Question.last_activity_at.desc()]
    elif sort == "votes":
        order = [Question.score.desc(), Question.created_at.desc()]
    else:
        order = [Question.created_at.desc()]
    order.append(Question.id.desc())

    def load_rows(ids: Any) -> list[QuestionSummary]:
        return _load_summaries(
            select(*SUMMARY_COLUMNS).where(Question.id.in_(ids)).order_by(*order)
        )

    return paginate_by_key(stmt.order_by(*order), load_rows, page, per_page, LIST_COUNT_LIMIT)


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

    question: Question
    answers: list[Answer]
    comments: dict[tuple[str, int], list[Comment]] = field(default_factory=dict)
    my_votes: dict[tuple[str, int], int] = field(default_factory=dict)
    duplicate_of: Question | None = None


def get_question_page(viewer: Any, question_id: int) -> QuestionPage:
    """A question with answers (accepted first, then by votes), comments and the viewer's votes.

    Issues a fixed number of statements whatever the number of answers or comments.
    """
    question = db.session.scalar(
        select(Question)
        .where(Question.id == question_id)
        .options(
            joinedload(Question.author),
            selectinload(Question.tags),
            joinedload(Question.duplicate_of),
        )
    )
    if question is None or not perm.can_view_question(viewer, question):
        raise NotFound("That question does not exist or was removed.")
    answer_stmt = select(Answer).where(Answer.question_id == question.id)
    if not perm.is_moderator(viewer):
        mine = Answer.author_id == viewer.id if perm.is_member(viewer) else false()
        answer_stmt = answer_stmt.where(or_(Answer.is_hidden.is_(False), mine))
    answers = list(
        db.session.scalars(
            answer_stmt.options(joinedload(Answer.author)).order_by(
                (Answer.id == (question.accepted_answer_id or 0)).desc(),
                Answer.score.desc(),
                Answer.created_at.asc(),
            )
        ).all()
    )
    answer_ids = [a.id for a in answers]
    comment_stmt = select(Comment).where(
        or_(
            Comment.question_id == question.id,
            Comment.answer_id.in_(answer_ids) if answer_ids else false(),
        )
    )
    if not perm.is_moderator(viewer):
        comment_stmt = comment_stmt.where(Comment.is_hidden.is_(False))
    comments: dict[tuple[str, int], list[Comment]] = defaultdict(list)
    for c in db.session.scalars(
        comment_stmt.options(joinedload(Comment.author)).order_by(Comment.created_at, Comment.id)
    ):
        key = ("question", c.question_id) if c.question_id else ("answer", c.answer_id or 0)
        comments[key].append(c)
    my_votes: dict[tuple[str, int], int] = {}
    if perm.is_member(viewer):
        rows = db.session.execute(
            select(Vote.post_type, Vote.post_id, Vote.value).where(
                Vote.user_id == viewer.id,
                or_(
                    and_(Vote.post_type == "question", Vote.post_id == question.id),
                    and_(Vote.post_type == "answer", Vote.post_id.in_(answer_ids))
                    if answer_ids
                    else false(),
                ),
            )
        )
        my_votes = {(r.post_type, r.post_id): r.value for r in rows}
    return QuestionPage(question, answers, dict(comments), my_votes, question.duplicate_of)


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

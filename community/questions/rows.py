"""The statements that read the busiest pages (the question list and a question page) as plain
rows, and the readers that turn the rows into records (``community/questions/records.py``).

Loading ORM instances (identity map, attribute instrumentation, relationship loaders) and
building a statement for every request cost several times the SQL itself. Statements here are
built once per shape, with bound parameters, and go through Core: compiled once, then only
executed. Each page takes as few statements as it can: every one is a round trip to PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from community.extensions import db
from community.models import Answer, Comment, Question, Tag, User, Vote, question_tags
from community.questions.records import (
    AnswerDetail,
    AuthorSummary,
    CommentDetail,
    QuestionDetail,
    QuestionLink,
    QuestionSummary,
    TagSummary,
)

questions = Question.__table__
answers = Answer.__table__
comments = Comment.__table__
users = User.__table__
tags = Tag.__table__
votes = Vote.__table__

# Who sees hidden posts: everyone's (moderators), their own (members), none (visitors).
VISIBILITIES = ("all", "own", "public")

AUTHOR_COLUMNS = (users.c.id, users.c.username, users.c.role, users.c.reputation, users.c.top_badge)
# The list page shows names, roles and reputation, without award badges.
LIST_AUTHOR_COLUMNS = AUTHOR_COLUMNS[:-1]


def _columns(table: Any, record: type, related: int) -> tuple[Any, ...]:
    """The columns of ``table`` that fill ``record``'s fields, in order (all but ``related``)."""
    names = [f.name for f in fields(record)]
    return tuple(table.c[name] for name in names[: len(names) - related])


SUMMARY_COLUMNS = _columns(questions, QuestionSummary, related=2)
DETAIL_COLUMNS = _columns(questions, QuestionDetail, related=3)
ANSWER_COLUMNS = _columns(answers, AnswerDetail, related=1)
COMMENT_COLUMNS = _columns(comments, CommentDetail, related=1)


def autoflush() -> None:
    """Flush pending changes first, as ORM reads do: Core statements skip the autoflush."""
    if db.session.autoflush:
        db.session.flush()


def _fetch(stmt: Select[Any], params: dict[str, Any]) -> list[Any]:
    """Every row of a statement, fetched at once (iterating a result fetches row by row)."""
    return list(db.session.execute(stmt, params).all())


def _author(
    row: Sequence[Any], start: int, width: int = len(AUTHOR_COLUMNS)
) -> AuthorSummary | None:
    """The ``width`` author columns of a row from ``start`` (None for a deleted user)."""
    if row[start] is None:
        return None
    return AuthorSummary(*row[start : start + width])


def _visible(table: Any, visibility: str) -> Any:
    """SQL condition: rows of ``table`` a viewer with that visibility may see (or None: all)."""
    if visibility == "all":
        return None
    public = table.c.is_hidden.is_(False)
    if visibility == "own":
        return or_(public, table.c.author_id == bindparam("viewer_id", type_=Integer))
    return public


def _where(stmt: Select[Any], condition: Any) -> Select[Any]:
    """``stmt.where(condition)`` unless there is no condition."""
    return stmt if condition is None else stmt.where(condition)


# --- the list page ----------------------------------------------------------------------------


def _list_order(sort: str) -> tuple[Any, list[Any]]:
    """Extra filter and ORDER BY of a list sort (newest unless known)."""
    q = questions.c
    if sort == "unanswered":
        return q.answer_count == 0, [q.created_at.desc(), q.id.desc()]
    if sort == "solved":
        return q.accepted_answer_id.is_not(None), [q.last_activity_at.desc(), q.id.desc()]
    if sort == "active":
        return None, [q.last_activity_at.desc(), q.id.desc()]
    if sort == "votes":
        return None, [q.score.desc(), q.created_at.desc(), q.id.desc()]
    return None, [q.created_at.desc(), q.id.desc()]


@cache
def list_statements(visibility: str, sort: str, tagged: bool) -> tuple[Select[Any], Select[Any]]:
    """The list's page (``:limit`` questions from ``:offset``) and COUNT statements.

    Counting and skipping walk an index of ids (no row reads); only the page's rows are loaded,
    authors and tags joined. Both count the matching questions up to ``:count_limit``: the page
    statement in its last column, so a page usually takes one statement. With ``tagged``, only
    questions with the tag named ``:tag``.
    """
    keys = _where(select(questions.c.id), _visible(questions, visibility))
    if tagged:
        tag_id = select(tags.c.id).where(tags.c.name == bindparam("tag")).scalar_subquery()
        keys = keys.where(
            questions.c.id.in_(
                select(question_tags.c.question_id).where(question_tags.c.tag_id == tag_id)
            )
        )
    condition, order = _list_order(sort)
    keys = _where(keys, condition)
    count = select(func.count()).select_from(
        keys.limit(bindparam("count_limit", type_=Integer, literal_execute=True)).subquery()
    )
    page_keys = (
        keys.order_by(*order)
        .limit(bindparam("limit", type_=Integer, literal_execute=True))
        .offset(bindparam("offset", type_=Integer, literal_execute=True))
    )
    page = (
        select(*SUMMARY_COLUMNS, *LIST_AUTHOR_COLUMNS, *TAG_COLUMNS, count.scalar_subquery())
        .select_from(_with_tags(questions.outerjoin(users, users.c.id == questions.c.author_id)))
        .where(questions.c.id.in_(page_keys.scalar_subquery()))
        .order_by(*order, tags.c.name)
    )
    return page, count


def load_summaries(
    page: Select[Any], params: dict[str, Any]
) -> tuple[list[QuestionSummary], int | None]:
    """Run a page statement (one row per question and tag, in page order): the questions, and
    the count of matching ones it carries (None when no row came back)."""
    width, authored = len(SUMMARY_COLUMNS), len(SUMMARY_COLUMNS) + len(LIST_AUTHOR_COLUMNS)
    grouped: list[tuple[Any, list[TagSummary]]] = []
    total = None
    for row in _fetch(page, params):
        if not grouped or grouped[-1][0][0] != row[0]:
            grouped.append((row, []))
        _add_tag(grouped[-1][1], row, authored)
        total = row[-1]
    make: Any = QuestionSummary  # the columns fill its fields in order; mypy cannot count them
    items = [
        make(*row[:width], _author(row, width, len(LIST_AUTHOR_COLUMNS)), tuple(found))
        for row, found in grouped
    ]
    return items, total


# --- tags of questions ------------------------------------------------------------------------

# Pages read a question's tags (at most TAGS_MAX) joined to its row rather than with one more
# statement: a round trip to PostgreSQL costs more than repeating a few columns.
TAG_COLUMNS = (tags.c.id, tags.c.name)


def _with_tags(joined: Any) -> Any:
    """``joined`` (questions and more) with each question's tags, one row per tag (or none)."""
    return joined.outerjoin(question_tags, question_tags.c.question_id == questions.c.id).outerjoin(
        tags, tags.c.id == question_tags.c.tag_id
    )


def _add_tag(found: list[TagSummary], row: Sequence[Any], start: int) -> None:
    """Append the tag in a row's TAG_COLUMNS from ``start``, if the row has one."""
    if row[start] is not None:
        found.append(TagSummary(row[start], row[start + 1]))


# --- a question page --------------------------------------------------------------------------

_duplicate = questions.alias("duplicate_of")
QUESTION = (
    select(*DETAIL_COLUMNS, *AUTHOR_COLUMNS, _duplicate.c.id, _duplicate.c.title, *TAG_COLUMNS)
    .select_from(
        _with_tags(
            questions.outerjoin(users, users.c.id == questions.c.author_id).outerjoin(
                _duplicate, _duplicate.c.id == questions.c.duplicate_of_id
            )
        )
    )
    .where(questions.c.id == bindparam("question_id", type_=Integer))
    .order_by(tags.c.name)
)


def load_question(question_id: int) -> QuestionDetail | None:
    """A question with its author, tags and the original it duplicates (one row per tag)."""
    rows = _fetch(QUESTION, {"question_id": question_id})
    if not rows:
        return None
    row, width = rows[0], len(DETAIL_COLUMNS)
    authored = width + len(AUTHOR_COLUMNS)
    question = QuestionDetail(*row[:width])
    question.author = _author(row, width)
    if row[authored] is not None:
        question.duplicate_of = QuestionLink(row[authored], row[authored + 1])
    for row in rows:
        _add_tag(question.tags, row, authored + 2)
    return question


# A question's answers and comments come in one UNION ALL: one round trip instead of two. Each
# row holds its kind, THREAD_FIELDS (NULL where a comment or an answer has no such column), the
# author, and two sort keys.
ANSWER_FIELDS = tuple(column.name for column in ANSWER_COLUMNS)
COMMENT_FIELDS = tuple(column.name for column in COMMENT_COLUMNS)
THREAD_FIELDS = COMMENT_FIELDS + tuple(f for f in ANSWER_FIELDS if f not in COMMENT_FIELDS)
_answer_values = itemgetter(*(1 + THREAD_FIELDS.index(f) for f in ANSWER_FIELDS))
_comment_values = itemgetter(*(1 + THREAD_FIELDS.index(f) for f in COMMENT_FIELDS))


def _thread_side(table: Any, kind: str, first: Any, rank: Any, joined: Any) -> Select[Any]:
    """One side of the thread statement: ``table``'s rows (from ``joined``) in the thread layout,
    author joined."""
    other = comments if table is answers else answers
    values = [
        table.c[f] if f in table.c else cast(null(), other.c[f].type).label(f)
        for f in THREAD_FIELDS
    ]
    return select(
        literal_column(f"'{kind}'").label("kind"),
        *values,
        *AUTHOR_COLUMNS,
        first.label("first"),
        rank.label("rank"),
    ).select_from(joined.outerjoin(users, users.c.id == table.c.author_id))


@cache
def thread_statement(visibility: str) -> Select[Any]:
    """The answers of a question the viewer may see (the accepted one first, then by votes, then
    oldest), then the comments on the question and on those answers (oldest first)."""
    question_id = bindparam("question_id", type_=Integer)
    accepted = case((answers.c.id == bindparam("accepted_id", type_=Integer), 1), else_=0)
    answer_rows = _thread_side(answers, "answer", accepted, answers.c.score, answers)
    answer_rows = _where(
        answer_rows.where(answers.c.question_id == question_id), _visible(answers, visibility)
    )
    zero: Any = literal_column("0")
    on_question = _thread_side(comments, "comment", zero, zero, comments).where(
        comments.c.question_id == question_id
    )
    # Two sides rather than one with an OR: PostgreSQL reads an index for each, not the table.
    on_answers = _where(
        _thread_side(
            comments,
            "comment",
            zero,
            zero,
            comments.join(answers, answers.c.id == comments.c.answer_id),
        ).where(answers.c.question_id == question_id),
        _visible(answers, visibility),
    )
    sides = [answer_rows, on_question, on_answers]
    if visibility != "all":  # hidden comments show to moderators only, whoever wrote them
        sides[1:] = [side.where(comments.c.is_hidden.is_(False)) for side in sides[1:]]
    thread = union_all(*sides).subquery("thread")
    return select(thread).order_by(
        thread.c.kind, thread.c.first.desc(), thread.c.rank.desc(), thread.c.created_at, thread.c.id
    )


def load_thread(
    question: QuestionDetail, visibility: str, viewer_id: int | None
) -> tuple[list[AnswerDetail], dict[tuple[str, int], list[CommentDetail]]]:
    """The answers the viewer may see, in page order, and the comments by the post they are on
    (``("question", id)`` or ``("answer", id)``), oldest first."""
    params = {
        "question_id": question.id,
        "accepted_id": question.accepted_answer_id or 0,
        "viewer_id": viewer_id,
    }
    found: list[AnswerDetail] = []
    comments_on: dict[tuple[str, int], list[CommentDetail]] = defaultdict(list)
    authored = 1 + len(THREAD_FIELDS)
    for row in _fetch(thread_statement(visibility), params):
        if row[0] == "answer":
            answer = AnswerDetail(*_answer_values(row))
            answer.author = _author(row, authored)
            found.append(answer)
            continue
        comment = CommentDetail(*_comment_values(row))
        comment.author = _author(row, authored)
        if comment.question_id:
            comments_on[("question", comment.question_id)].append(comment)
        else:
            comments_on[("answer", comment.answer_id or 0)].append(comment)
    return found, dict(comments_on)


MY_VOTES: Select[Any] = select(votes.c.post_type, votes.c.post_id, votes.c.value).where(
    votes.c.user_id == bindparam("viewer_id", type_=Integer),
    or_(
        and_(
            votes.c.post_type == "question",
            votes.c.post_id == bindparam("question_id", type_=Integer),
        ),
        and_(
            votes.c.post_type == "answer",
            votes.c.post_id.in_(bindparam("answer_ids", expanding=True)),
        ),
    ),
)


def load_my_votes(viewer_id: int, question_id: int, answer_ids: list[int]) -> dict[Any, int]:
    """The viewer's votes on a question and its answers: ``(post_type, post_id) -> value``."""
    params = {"viewer_id": viewer_id, "question_id": question_id, "answer_ids": answer_ids}
    return {(post_type, post_id): value for post_type, post_id, value in _fetch(MY_VOTES, params)}

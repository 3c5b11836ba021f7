"""Questions in the database -> the document dicts the search engine indexes.

A question's document holds its own text, the accepted answer and the best-voted answers, and the
titles of the questions closed as duplicates of it, so a customer's wording finds the thread
whichever phrasing they use. Hidden questions and hidden answers never enter it, and neither does
anything personal (no user names). Documents are built in batches with a fixed number of SQL
statements per batch, whatever the number of answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from community.extensions import db
from community.models import Answer, Question, QuestionAlias, Tag, question_tags
from community.search.plaintext import (
    ANSWER_CHARS,
    QUESTION_CHARS,
    markdown_to_text,
    question_text,
)

KIND = "question"
PREFIX = "q"

TOP_ANSWERS = 3  # best-voted answers besides the accepted one
DUPLICATES = 10  # duplicate questions whose title (and a little text) are appended
DUPLICATE_CHARS = 200
BODY_CHARS = 20_000  # cap on the whole body
BATCH = 2000


def doc_id(question_id: int) -> str:
    """Return the index id of a question."""
    return f"{PREFIX}:{question_id}"


@dataclass
class _Parts:
    """What one question's document is assembled from."""

    row: Any
    tags: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def _document(parts: _Parts) -> dict[str, Any]:
    row = parts.row
    text = question_text(row.title, row.body, QUESTION_CHARS)
    sections = [text, *parts.answers, *parts.duplicates]
    body = "\n\n".join(s for s in sections if s)[:BODY_CHARS]
    created: datetime = row.created_at
    return {
        "doc_id": doc_id(row.id),
        "kind": KIND,
        "external_id": row.external_id,
        "aliases": parts.aliases,
        "title": row.title,
        "body": body,
        "tags": parts.tags,
        "solved": row.accepted_answer_id is not None,
        "answers": int(row.answer_count or 0),
        "score": int(row.score or 0),
        "created_at": created,
    }


def _build(where: ColumnElement[bool], by_qid: Any) -> list[dict[str, Any]]:
    """Documents of the visible questions matching ``where``; ``by_qid(col)`` restricts children.

    Five statements: questions, tags, answers (top N per question by a window function),
    duplicates, aliases.
    """
    rows = db.session.execute(
        select(
            Question.id,
            Question.title,
            Question.body,
            Question.accepted_answer_id,
            Question.answer_count,
            Question.score,
            Question.created_at,
            Question.external_id,
        )
        .where(where, Question.is_hidden.is_(False))
        .order_by(Question.id)
    ).all()
    if not rows:
        return []
    parts = {row.id: _Parts(row) for row in rows}
    for qid, name in db.session.execute(
        select(question_tags.c.question_id, Tag.name)
        .join(Tag, Tag.id == question_tags.c.tag_id)
        .where(by_qid(question_tags.c.question_id))
        .order_by(question_tags.c.question_id, Tag.name)
    ):
        if qid in parts:
            parts[qid].tags.append(str(name))
    rank = (
        func.row_number()
        .over(
            partition_by=Answer.question_id,
            order_by=(
                case((Answer.id == Question.accepted_answer_id, 0), else_=1),
                Answer.score.desc(),
                Answer.id,
            ),
        )
        .label("rank")
    )
    ranked = (
        select(Answer.question_id, Answer.body, rank)
        .join(Question, Question.id == Answer.question_id)
        .where(by_qid(Answer.question_id), Answer.is_hidden.is_(False))
        .subquery()
    )
    for qid, body, _rank in db.session.execute(
        select(ranked.c.question_id, ranked.c.body, ranked.c.rank)
        .where(ranked.c.rank <= TOP_ANSWERS + 1)
        .order_by(ranked.c.question_id, ranked.c.rank)
    ):
        if qid in parts:
            parts[qid].answers.append(markdown_to_text(str(body), ANSWER_CHARS))
    dup_rank = (
        func.row_number()
        .over(partition_by=Question.duplicate_of_id, order_by=Question.id)
        .label("rank")
    )
    dups = (
        select(Question.duplicate_of_id, Question.title, Question.body, dup_rank)
        .where(by_qid(Question.duplicate_of_id), Question.is_hidden.is_(False))
        .subquery()
    )
    for target, title, body, _rank in db.session.execute(
        select(dups.c.duplicate_of_id, dups.c.title, dups.c.body, dups.c.rank)
        .where(dups.c.rank <= DUPLICATES)
        .order_by(dups.c.duplicate_of_id, dups.c.rank)
    ):
        if target in parts:
            parts[target].duplicates.append(
                f"{title}. {markdown_to_text(str(body), DUPLICATE_CHARS)}".strip()
            )
    for qid, alias in db.session.execute(
        select(QuestionAlias.question_id, QuestionAlias.alias)
        .where(by_qid(QuestionAlias.question_id))
        .order_by(QuestionAlias.question_id, QuestionAlias.alias)
    ):
        if qid in parts:
            parts[qid].aliases.append(alias)
    return [_document(p) for p in parts.values()]


def load_question_documents(ids: Sequence[int]) -> dict[int, dict[str, Any] | None]:
    """Return ``{id: document}`` for each id; None for a question that is hidden or gone."""
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any] | None] = dict.fromkeys(wanted)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for doc in _build(Question.id.in_(chunk), lambda col, c=chunk: col.in_(c)):
            found[int(doc["doc_id"].split(":", 1)[1])] = doc
    return found


def iter_question_documents(batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Yield the document of every visible question, in id order, ``batch`` questions at a time.

    Batches are id ranges (keyset), so each costs five statements and no IN lists.
    """
    last = 0
    while True:
        ids = db.session.scalars(
            select(Question.id).where(Question.id > last).order_by(Question.id).limit(batch)
        ).all()
        if not ids:
            return
        low, high = last, ids[-1]
        yield from _build(
            (Question.id > low) & (Question.id <= high),
            lambda col, lo=low, hi=high: (col > lo) & (col <= hi),
        )
        last = high

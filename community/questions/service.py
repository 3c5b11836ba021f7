"""Writes on questions, answers, comments, votes and acceptance.

Every function takes the acting user first, checks permissions here (not only in templates),
flushes but never commits, and raises domain errors.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from community import permissions as perm
from community import signals
from community.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.extensions import db
from community.markup import render_markdown, render_plain
from community.models import Answer, Comment, Question, Revision, Tag, Vote, utcnow

logger = logging.getLogger(__name__)


def _require(condition: bool, message: str) -> None:
    """Raise PermissionDenied unless the condition holds."""
    if not condition:
        raise PermissionDenied(message)


def _clean_text(value: Any, field: str, low: int, high: int) -> str:
    """Strip and length-check a text field, raising ValidationFailed with a clear message."""
    text = value.strip() if isinstance(value, str) else ""
    # Control characters other than newlines and tabs are never meaningful in a post.
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    if len(text) < low:
        raise ValidationFailed(
            f"{field.capitalize()} must be at least {low} characters.",
            {field: [f"At least {low} characters, please."]},
        )
    if len(text) > high:
        raise ValidationFailed(
            f"{field.capitalize()} must be at most {high} characters.",
            {field: [f"At most {high} characters, please."]},
        )
    return text


def parse_tag_names(raw: str | list[str]) -> list[str]:
    """Split user input into normalised, de-duplicated tag names."""
    parts = raw if isinstance(raw, list) else raw.replace(",", " ").split()
    names: list[str] = []
    for part in parts:
        name = part.strip().lower()
        if name and name not in names:
            names.append(name)
    return names


def resolve_tags(raw: str | list[str]) -> list[Tag]:
    """Turn tag input into existing Tag rows; unknown or too many tags are refused."""
    names = parse_tag_names(raw)
    limit = current_app.config["TAGS_MAX"]
    if not names:
        raise ValidationFailed("Add at least one tag.", {"tags": ["Add at least one tag."]})
    if len(names) > limit:
        raise ValidationFailed(f"Use at most {limit} tags.", {"tags": [f"At most {limit} tags."]})
    tags = db.session.scalars(select(Tag).where(Tag.name.in_(names))).all()
    known = {t.name for t in tags}
    unknown = [n for n in names if n not in known]
    if unknown:
        msg = "Unknown tag: " + ", ".join(n[:40] for n in unknown[:5]) + ". Pick from the tag list."
        raise ValidationFailed(msg, {"tags": [msg]})
    return sorted(tags, key=lambda t: names.index(t.name))


def _claim_next_version(model: type[Question] | type[Answer], post: Question | Answer) -> int:
    """Move the post to its next version atomically, or raise Conflict if another edit won.

    A conditional UPDATE takes the row's write lock at once, so two simultaneous edits serialise:
    the second finds the version moved on and gets a clean 409 instead of a duplicate revision.
    """
    current = post.version
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(model)
        .where(model.id == post.id, model.version == current)
        .values(version=current + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(
            "Someone else edited this post at the same moment. Reload to see their changes."
        )
    set_committed_value(post, "version", current + 1)
    return current + 1


def _add_revision(
    post_type: str,
    post_id: int,
    number: int,
    editor_id: int | None,
    body: str,
    title: str | None = None,
    tags: list[Tag] | None = None,
    comment: str = "",
) -> None:
    """Append one revision snapshot."""
    db.session.add(
        Revision(
            post_type=post_type,
            post_id=post_id,
            number=number,
            editor_id=editor_id,
            body=body,
            title=title,
            tags=" ".join(t.name for t in tags) if tags is not None else None,
            comment=comment[:300],
        )
    )


def ask_question(actor: Any, title: str, body: str, tags: str | list[str]) -> Question:
    """Create a question with 1-5 existing tags and its first revision."""
    _require(perm.can_ask(actor), "You must be logged in and not suspended to ask.")
    cfg = current_app.config
    title = _clean_text(title, "title", cfg["TITLE_MIN"], cfg["TITLE_MAX"])
    body = _clean_text(body, "body", cfg["BODY_MIN"], cfg["BODY_MAX"])
    tag_rows = resolve_tags(tags)
    now = utcnow()
    question = Question(
        title=title,
        body=body,
        body_html=render_markdown(body),
        author_id=actor.id,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    question.tags = tag_rows
    db.session.add(question)
    db.session.flush()
    for tag in tag_rows:
        tag.question_count = Tag.question_count + 1
    _add_revision("question", question.id, 1, actor.id, body, title, tag_rows, "asked")
    logger.info("question %s asked by user %s", question.id, actor.id)
    signals.question_asked.send(actor, question=question)
    return question


def edit_question(
    actor: Any,
    question: Question,
    title: str,
    body: str,
    tags: str | list[str],
    expected_version: int | None,
    comment: str = "",
) -> Question:
    """Edit a question; a stale form (version moved on) is a Conflict, not a silent overwrite."""
    _require(perm.can_edit(actor, question), "You may not edit this question.")
    if expected_version is not None and expected_version != question.version:
        raise Conflict(
            "Someone else edited this question while you were editing. "
            "Reload to see their changes; your text is kept below."
        )
    cfg = current_app.config
    title = _clean_text(title, "title", cfg["TITLE_MIN"], cfg["TITLE_MAX"])
    body = _clean_text(body, "body", cfg["BODY_MIN"], cfg["BODY_MAX"])
    new_tags = resolve_tags(tags)
    # Load the current tag collection (relationships are lazy="raise" to forbid N+1 loads).
    db.session.scalars(
        select(Question)
        .where(Question.id == question.id)
        .options(selectinload(Question.tags))
        .execution_options(populate_existing=True)
    ).one()
    old_tags = list(question.tags)
    for tag in set(old_tags) - set(new_tags):
        tag.question_count = Tag.question_count - 1
    for tag in set(new_tags) - set(old_tags):
        tag.question_count = Tag.question_count + 1
    now = utcnow()
    question.title, question.body, question.body_html = title, body, render_markdown(body)
    question.tags = new_tags
    _claim_next_version(Question, question)
    question.updated_at = question.last_activity_at = now
    question.needs_info = False  # an edit by the asker answers a "needs more information" request
    _add_revision(
        "question", question.id, question.version, actor.id, body, title, new_tags, comment
    )
    signals.question_edited.send(actor, question=question)
    return question


def post_answer(actor: Any, question: Question, body: str) -> Answer:
    """Answer an open question."""
    _require(
        perm.can_answer(actor, question),
        "This question does not accept answers (closed, locked, or you are not logged in).",
    )
    cfg = current_app.config
    body = _clean_text(body, "body", cfg["ANSWER_MIN"], cfg["BODY_MAX"])
    now = utcnow()
    answer = Answer(
        question_id=question.id,
        author_id=actor.id,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
        updated_at=now,
    )
    db.session.add(answer)
    db.session.flush()
    values: dict[str, Any] = {"answer_count": Question.answer_count + 1, "last_activity_at": now}
    if question.first_answer_at is None and actor.id != question.author_id:
        values["first_answer_at"] = now
    db.session.execute(update(Question).where(Question.id == question.id).values(**values))
    db.session.expire(question, ["answer_count", "last_activity_at", "first_answer_at"])
    _add_revision("answer", answer.id, 1, actor.id, body, comment="answered")
    signals.answer_posted.send(actor, question=question, answer=answer)
    return answer


def edit_answer(
    actor: Any, answer: Answer, body: str, expected_version: int | None, comment: str = ""
) -> Answer:
    """Edit an answer, keeping a revision."""
    _require(perm.can_edit(actor, answer), "You may not edit this answer.")
    question = db.session.get(Question, answer.question_id)
    if question is not None and question.is_locked and not perm.is_moderator(actor):
        raise PermissionDenied("This question is locked.")
    if expected_version is not None and expected_version != answer.version:
        raise Conflict("Someone else edited this answer while you were editing. Reload first.")
    body = _clean_text(
        body, "body", current_app.config["ANSWER_MIN"], current_app.config["BODY_MAX"]
    )
    now = utcnow()
    _claim_next_version(Answer, answer)
    answer.body, answer.body_html = body, render_markdown(body)
    answer.updated_at = now
    if question is not None:
        question.last_activity_at = now
    _add_revision("answer", answer.id, answer.version, actor.id, body, comment=comment)
    signals.answer_edited.send(actor, answer=answer)
    return answer


def add_comment(actor: Any, question: Question, body: str, answer: Answer | None = None) -> Comment:
    """Comment on a question, or on one of its answers."""
    _require(perm.can_comment(actor, question), "You may not comment here.")
    if answer is not None and answer.question_id != question.id:
        raise ValidationFailed("That answer belongs to another question.")
    cfg = current_app.config
    body = _clean_text(body, "comment", cfg["COMMENT_MIN"], cfg["COMMENT_MAX"])
    comment = Comment(
        question_id=None if answer else question.id,
        answer_id=answer.id if answer else None,
        author_id=actor.id,
        body=body,
        body_html=render_plain(body),
    )
    db.session.add(comment)
    target: Any = answer if answer is not None else question
    target.comment_count = type(target).comment_count + 1
    question.last_activity_at = utcnow()
    db.session.flush()
    signals.comment_added.send(actor, question=question, comment=comment, answer=answer)
    return comment


def cast_vote(actor: Any, post: Question | Answer, value: int) -> tuple[int, int]:
    """Vote up (+1) or down (-1); the same vote again removes it. Returns (score, my vote)."""
    if value not in (1, -1):
        raise ValidationFailed("A vote is up (1) or down (-1).")
    if not perm.is_member(actor):
        raise PermissionDenied("Log in to vote.")
    if perm.is_author(actor, post):
        raise PermissionDenied("You cannot vote on your own post.")
    _require(perm.can_vote(actor, post), "You may not vote on this post.")
    post_type = "question" if isinstance(post, Question) else "answer"
    model = type(post)
    existing = db.session.scalar(
        select(Vote).where(
            Vote.user_id == actor.id, Vote.post_type == post_type, Vote.post_id == post.id
        )
    )
    if existing is None:
        db.session.add(Vote(user_id=actor.id, post_type=post_type, post_id=post.id, value=value))
        delta, mine = value, value
    elif existing.value == value:
        db.session.delete(existing)
        delta, mine = -value, 0
    else:
        existing.value = value
        delta, mine = 2 * value, value
    # Atomic in SQL so concurrent voters never overwrite each other's counter updates.
    db.session.execute(update(model).where(model.id == post.id).values(score=model.score + delta))
    db.session.flush()
    db.session.refresh(post, ["score"])
    signals.vote_cast.send(actor, post=post, post_type=post_type, value=mine, delta=delta)
    return post.score, mine


def accept_answer(actor: Any, answer: Answer) -> Question:
    """Accept an answer (replacing any previous one) on its question."""
    question = db.session.get(Question, answer.question_id)
    if question is None:
        raise NotFound("That question no longer exists.")
    _require(
        perm.can_accept(actor, question), "Only the asker or a moderator can accept an answer."
    )
    if answer.is_hidden:
        raise Conflict("A hidden answer cannot be accepted.")
    if question.accepted_answer_id == answer.id:
        return question
    now = utcnow()
    previous = None
    if question.accepted_answer_id is not None:
        previous = db.session.get(Answer, question.accepted_answer_id)
        if previous is not None:
            previous.accepted_at, previous.accepted_by_id = None, None
    answer.accepted_at, answer.accepted_by_id = now, actor.id
    question.accepted_answer_id = answer.id
    question.accepted_at = now
    question.last_activity_at = now
    logger.info("answer %s accepted on question %s by user %s", answer.id, question.id, actor.id)
    db.session.flush()
    signals.answer_accepted.send(actor, question=question, answer=answer, previous=previous)
    return question


def accept_answer_on(actor: Any, question: Question, answer: Answer) -> Question:
    """Accept ``answer`` for ``question``, refusing an answer of another question."""
    if answer.question_id != question.id:
        raise ValidationFailed("That answer belongs to another question.")
    return accept_answer(actor, answer)


def unaccept_answer(actor: Any, question: Question) -> Question:
    """Remove the accepted mark from a question."""
    _require(
        perm.can_accept(actor, question),
        "Only the asker or a moderator can change the accepted answer.",
    )
    if question.accepted_answer_id is None:
        raise Conflict("This question has no accepted answer.")
    previous = db.session.get(Answer, question.accepted_answer_id)
    if previous is not None:
        previous.accepted_at, previous.accepted_by_id = None, None
    question.accepted_answer_id = None
    question.accepted_at = None
    db.session.flush()
    signals.answer_unaccepted.send(actor, question=question, answer=previous)
    return question


def set_official(actor: Any, answer: Answer, official: bool) -> Answer:
    """Staff mark (or unmark) their own answer as the official answer."""
    _require(
        perm.can_mark_official(actor, answer), "Only staff can mark their own answer official."
    )
    answer.is_official = official
    db.session.flush()
    return answer

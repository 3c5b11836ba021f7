"""Signal receivers: who hears about what (rows added in the request's unit of work).

- a new answer: the asker ("new_answer"), followers of the question ("followed_answer");
- a comment: the author of the question or answer commented on ("new_comment");
- an accepted answer: its author ("answer_accepted"), followers ("followed_accepted");
- a question edited: its followers, the asker included when someone else edited ("followed_edit");
- a new question: followers of its tags ("tag_question"); the asker follows it automatically;
- a moderation outcome: the user it concerns ("moderation").
Nobody is notified of their own action; notifications about hidden questions go to the asker only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from community import signals
from community.extensions import db
from community.models import Answer, Comment, Question, User, question_tags
from community.notifications import service

MODERATION_MESSAGES = {
    "accept": "A moderator accepted an answer on your question",
    "unaccept": "A moderator removed the accepted mark on your question",
    "hide": "Your post was hidden by a moderator",
    "restore": "Your post was restored by a moderator",
    "unhide": "Your post was restored by a moderator",
    "close": "Your question was closed by a moderator",
    "reopen": "Your question was reopened",
    "duplicate": "Your question was marked as a duplicate",
    "mark_duplicate": "Your question was marked as a duplicate",
    "lock": "Your question was locked by a moderator",
    "unlock": "Your question was unlocked",
    "edit": "A moderator edited your post",
    "suspend": "Your account was suspended",
    "unsuspend": "Your account suspension was lifted",
    "flags_upheld": "Your post was hidden after members flagged it",
    "flags_dismissed": "Flags on your post were reviewed and dismissed",
    "request_info": "A moderator asked you for more details on your question",
}


def _name(actor: Any) -> str:
    """How an actor is named in a message."""
    return getattr(actor, "username", None) or "Someone"


def _title(question: Question) -> str:
    """A question title, shortened to fit in a message."""
    title = question.title
    return title if len(title) <= 120 else title[:117] + "..."


def _followers(question: Question) -> set[int]:
    """Followers of a question; nobody but the asker when it is hidden."""
    if question.is_hidden:
        return {question.author_id} if question.author_id else set()
    return service.list_follower_ids("question", [question.id])


def on_question_asked(actor: Any, question: Question, **kw: Any) -> None:
    """The asker follows their question; followers of its tags hear about it."""
    service.ensure_following(actor.id, "question", question.id)
    tag_ids: list[int] = list(
        db.session.scalars(
            select(question_tags.c.tag_id).where(question_tags.c.question_id == question.id)
        )
    )
    message = f'New question in a topic you follow: "{_title(question)}"'
    recipients = {u: ("tag_question", message) for u in service.list_follower_ids("tag", tag_ids)}
    if not question.is_hidden:
        service.notify(recipients, actor.id, question.id)


def on_question_edited(actor: Any, question: Question, **kw: Any) -> None:
    """Followers hear that a question they follow changed."""
    message = f'{_name(actor)} edited "{_title(question)}"'
    service.notify(
        {u: ("followed_edit", message) for u in _followers(question)}, actor.id, question.id
    )


def on_answer_posted(actor: Any, question: Question, answer: Answer, **kw: Any) -> None:
    """The asker and the followers hear about a new answer."""
    recipients = {
        u: ("followed_answer", f'{_name(actor)} answered "{_title(question)}", which you follow')
        for u in _followers(question)
    }
    if question.author_id is not None:
        recipients[question.author_id] = (
            "new_answer",
            f'{_name(actor)} answered your question "{_title(question)}"',
        )
    service.notify(recipients, actor.id, question.id, answer.id)


def on_comment_added(
    actor: Any, question: Question, comment: Comment, answer: Answer | None = None, **kw: Any
) -> None:
    """The author of the post commented on hears about it."""
    if answer is not None:
        owner = answer.author_id
        message = f'{_name(actor)} commented on your answer to "{_title(question)}"'
    else:
        owner = question.author_id
        message = f'{_name(actor)} commented on your question "{_title(question)}"'
    if owner is not None:
        service.notify(
            {owner: ("new_comment", message)},
            actor.id,
            question.id,
            answer.id if answer is not None else None,
        )


def on_answer_accepted(
    actor: Any, question: Question, answer: Answer, previous: Answer | None = None, **kw: Any
) -> None:
    """The answer's author and the question's followers hear about the acceptance."""
    recipients = {
        u: ("followed_accepted", f'An answer was accepted on "{_title(question)}"')
        for u in _followers(question)
    }
    if answer.author_id is not None:
        recipients[answer.author_id] = (
            "answer_accepted",
            f'Your answer to "{_title(question)}" was accepted',
        )
    service.notify(recipients, actor.id, question.id, answer.id)


def _question_of(target: Any) -> Question | None:
    """The question a moderation target belongs to, if any."""
    if isinstance(target, Question):
        return target
    if isinstance(target, Answer):
        return db.session.get(Question, target.question_id)
    if isinstance(target, Comment):
        if target.question_id is not None:
            return db.session.get(Question, target.question_id)
        answer = db.session.get(Answer, target.answer_id) if target.answer_id else None
        return db.session.get(Question, answer.question_id) if answer else None
    return None


def on_moderation_action(
    actor: Any,
    action: Any = None,
    target: Any = None,
    notify_user_id: int | None = None,
    reason: str | None = None,
    **kw: Any,
) -> None:
    """The user a moderation outcome concerns hears about it, with the reason."""
    if notify_user_id is None:
        return
    name = action if isinstance(action, str) else getattr(action, "action", None)
    name = str(name or getattr(action, "kind", "") or "")
    message = MODERATION_MESSAGES.get(name, "A moderator acted on your post")
    question = _question_of(target)
    if question is not None:
        message += f': "{_title(question)}"'
    if reason:
        message += f". Reason: {str(reason)[:150]}"
    answer_id = target.id if isinstance(target, Answer) else None
    if isinstance(target, User) or question is None:
        service.notify({notify_user_id: ("moderation", message)}, getattr(actor, "id", None))
    else:
        service.notify(
            {notify_user_id: ("moderation", message)},
            getattr(actor, "id", None),
            question.id,
            answer_id,
        )


def connect() -> None:
    """Subscribe to the domain signals (blinker ignores a second connection of the same one)."""
    signals.question_asked.connect(on_question_asked)
    signals.question_edited.connect(on_question_edited)
    signals.answer_posted.connect(on_answer_posted)
    signals.comment_added.connect(on_comment_added)
    signals.answer_accepted.connect(on_answer_accepted)
    signals.moderation_action.connect(on_moderation_action)

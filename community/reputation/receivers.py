"""Signal receivers: keep the ledger and badges in step with votes, accepts and deflections.

They run inside the request's unit of work (flush, never commit).
"""

from __future__ import annotations

from typing import Any

from community import signals
from community.models import Answer, Question, utcnow
from community.reputation import badges, credit, ledger


def on_vote_cast(actor: Any, post: Question | Answer, post_type: str, **kw: Any) -> None:
    """Votes move the author's day bucket; answer votes may move deflection credit."""
    now = utcnow()
    ledger.record_vote(actor.id, post, post_type, kw.get("value", 0), kw.get("delta", 0), now)
    if isinstance(post, Answer):
        credit.credit_items([("question", post.question_id)], now)


def on_answer_accepted(
    actor: Any, question: Question, answer: Answer, previous: Answer | None = None, **kw: Any
) -> None:
    """Points to the accepted answer's author (taken back from the previous one)."""
    now = utcnow()
    if previous is not None:
        ledger.record_acceptance(previous, question, actor.id, now)
    ledger.record_acceptance(answer, question, actor.id, now)
    badges.check_badges(answer.author_id, ["accepted"])
    credit.credit_items([("question", question.id)], now)


def on_answer_unaccepted(
    actor: Any, question: Question, answer: Answer | None = None, **kw: Any
) -> None:
    """Take back the accepted-answer points."""
    now = utcnow()
    if answer is not None:
        ledger.record_acceptance(answer, question, actor.id, now)
    credit.credit_items([("question", question.id)], now)


def on_answer_posted(actor: Any, **kw: Any) -> None:
    """First answer badge."""
    badges.check_badges(actor.id, ["answers"])


def on_comment_added(
    actor: Any, question: Question, answer: Answer | None = None, **kw: Any
) -> None:
    """Helpful commenter badge (comments on other people's posts only)."""
    parent = answer if answer is not None else question
    if parent.author_id != actor.id:
        badges.check_badges(actor.id, ["comments_on_others"])


def on_moderation_action(actor: Any, target: Any = None, **kw: Any) -> None:
    """Hiding or restoring an answer can change who a question's deflections are credited to."""
    if isinstance(target, Answer):
        credit.credit_items([("question", target.question_id)], utcnow())
    elif isinstance(target, Question):
        credit.credit_items([("question", target.id)], utcnow())


def on_deflection_recorded(sender: Any, session_token: str = "", kind: str = "", **kw: Any) -> None:
    """A session said "this solved my problem", or posted after all: reconcile its items."""
    if session_token and kind in ("solved_yes", "question_posted"):
        credit.credit_session(session_token, utcnow())


def connect() -> None:
    """Subscribe to the domain signals (blinker ignores a second connection of the same one)."""
    signals.vote_cast.connect(on_vote_cast)
    signals.answer_accepted.connect(on_answer_accepted)
    signals.answer_unaccepted.connect(on_answer_unaccepted)
    signals.answer_posted.connect(on_answer_posted)
    signals.comment_added.connect(on_comment_added)
    signals.moderation_action.connect(on_moderation_action)
    signals.deflection_recorded.connect(on_deflection_recorded)

"""Content checks on every new or edited post: link limits for new members, blocked words.

Implemented as subscribers of the question services' signals (sent after flush, inside the
transaction), so the core services stay unaware of them:
- too many links from a new member raises ValidationFailed; the route rolls back and shows the
  form again with the text kept;
- a blocked word saves the post hidden and puts it in the review queue (a flag without reporter).
Moderators, staff and admins are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import current_app

from community import permissions as perm
from community import signals
from community.exceptions import ValidationFailed
from community.models import Answer, Comment, Question, utcnow
from community.moderation import flags
from community.moderation.targets import Post, question_of

# http(s)://, ftp://, protocol-relative //host and bare www. addresses.
LINK_RE = re.compile(r"(?i)(?:\b(?:https?|ftp):)?//[^\s/$.?#][^\s]*|(?<![\w./])www\.[^\s]+")


def count_links(text: str) -> int:
    """How many web addresses a text contains (Markdown links included)."""
    return len(LINK_RE.findall(text or ""))


def parse_blocked_words(raw: str | Iterable[str]) -> list[str]:
    """The BLOCKED_WORDS setting (a list, or one string separated by commas or new lines)."""
    items = re.split(r"[,\n]", raw) if isinstance(raw, str) else list(raw)
    words: list[str] = []
    for item in items:
        word = " ".join(str(item).split()).lower()
        if word and word not in words:
            words.append(word)
    return words


def find_blocked_words(text: str, words: Iterable[str]) -> list[str]:
    """Blocked words or phrases found in the text (whole words, case-insensitive)."""
    haystack = " ".join((text or "").split()).lower()
    return [w for w in words if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", haystack)]


def screen_post(actor: Any, post_type: str, post: Post, question: Question, text: str) -> None:
    """Refuse too many links from a new member; hold a post with a blocked word for review."""
    if perm.is_trusted_poster(actor):
        return
    cfg = current_app.config
    limit = cfg["MAX_LINKS_NEW_MEMBER"]
    if (
        perm.is_new_member(actor, utcnow(), cfg["NEW_MEMBER_DAYS"], cfg["NEW_MEMBER_REPUTATION"])
        and count_links(text) > limit
    ):
        field = "body" if post_type != "comment" else "comment"
        message = (
            f"New members can include at most {limit} link{'s' if limit != 1 else ''} in a post. "
            "Remove some links; the limit goes away after your first day or once you have "
            f"{cfg['NEW_MEMBER_REPUTATION']} reputation."
        )
        raise ValidationFailed(message, {field: [message]})
    found = find_blocked_words(text, parse_blocked_words(cfg["BLOCKED_WORDS"]))
    if found:
        flags.hold_for_review(post_type, post, question, found)


def on_question_asked(sender: Any, question: Question, **_: Any) -> None:
    """Screen a new question (title and body)."""
    screen_post(sender, "question", question, question, f"{question.title}\n{question.body}")


def on_question_edited(sender: Any, question: Question, **_: Any) -> None:
    """Screen an edited question."""
    screen_post(sender, "question", question, question, f"{question.title}\n{question.body}")


def on_answer_posted(sender: Any, question: Question, answer: Answer, **_: Any) -> None:
    """Screen a new answer."""
    screen_post(sender, "answer", answer, question, answer.body)


def on_answer_edited(sender: Any, answer: Answer, **_: Any) -> None:
    """Screen an edited answer."""
    screen_post(sender, "answer", answer, question_of("answer", answer), answer.body)


def on_comment_added(sender: Any, question: Question, comment: Comment, **_: Any) -> None:
    """Screen a new comment."""
    screen_post(sender, "comment", comment, question, comment.body)


def connect() -> None:
    """Subscribe to the question services' signals (blinker ignores repeated connects)."""
    signals.question_asked.connect(on_question_asked)
    signals.question_edited.connect(on_question_edited)
    signals.answer_posted.connect(on_answer_posted)
    signals.answer_edited.connect(on_answer_edited)
    signals.comment_added.connect(on_comment_added)

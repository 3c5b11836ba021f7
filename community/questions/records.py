"""The records the busiest pages render (the question list and a question page).

Plain, slotted dataclasses filled from SQL rows (``community/questions/rows.py``) instead of
ORM instances. Attribute names match the models, so templates and permission predicates accept
either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from community.models import Question, User


@dataclass(frozen=True, slots=True)
class AuthorSummary:
    """What pages show of a post's author."""

    id: int
    username: str
    role: str
    reputation: int
    top_badge: str | None = None

    @property
    def display_role(self) -> str | None:
        """The role badge shown next to the name, if any."""
        return User.display_role.fget(self)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class TagSummary:
    """A tag as pages show it."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """A question as the list page shows it; hashable, so its rendered row can be memoised."""

    id: int
    title: str
    author_id: int | None
    status: str
    accepted_answer_id: int | None
    is_hidden: bool
    is_locked: bool
    score: int
    answer_count: int
    created_at: datetime
    last_activity_at: datetime
    author: AuthorSummary | None = None
    tags: tuple[TagSummary, ...] = ()

    @property
    def is_solved(self) -> bool:
        """Whether an answer has been accepted."""
        return self.accepted_answer_id is not None


@dataclass(frozen=True, slots=True)
class QuestionLink:
    """Another question a page links to (the original of a duplicate)."""

    id: int
    title: str


@dataclass(slots=True)
class QuestionDetail:
    """A question as its page shows it (everything but the Markdown source)."""

    id: int
    title: str
    body_html: str
    author_id: int | None
    status: str
    close_reason: str | None
    duplicate_of_id: int | None
    accepted_answer_id: int | None
    is_locked: bool
    is_hidden: bool
    needs_info: bool
    score: int
    answer_count: int
    comment_count: int
    version: int
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    author: AuthorSummary | None = None
    duplicate_of: QuestionLink | None = None
    tags: list[TagSummary] = field(default_factory=list)

    @property
    def is_solved(self) -> bool:
        """Whether an answer has been accepted."""
        return self.accepted_answer_id is not None

    @property
    def is_open(self) -> bool:
        """Whether new answers are possible (not closed, duplicate or locked)."""
        return Question.is_open.fget(self)  # type: ignore[attr-defined,no-any-return]


@dataclass(slots=True)
class AnswerDetail:
    """An answer as the question page shows it."""

    id: int
    question_id: int
    author_id: int | None
    body_html: str
    score: int
    is_hidden: bool
    is_official: bool
    version: int
    comment_count: int
    created_at: datetime
    updated_at: datetime
    accepted_at: datetime | None
    author: AuthorSummary | None = None


@dataclass(slots=True)
class CommentDetail:
    """A comment as the question page shows it."""

    id: int
    question_id: int | None
    answer_id: int | None
    author_id: int | None
    body_html: str
    is_hidden: bool
    created_at: datetime
    author: AuthorSummary | None = None

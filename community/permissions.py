"""Every access rule, as pure predicates of (user, object).

Services enforce these; templates call the same functions only to hide buttons. ``user`` may be
an anonymous user (Flask-Login's ``AnonymousUserMixin``) or ``None``.
"""

from __future__ import annotations

from typing import Any, Protocol

from community.models import Answer, Comment, Question, User

MODERATOR_ROLES = frozenset({"moderator", "admin"})
STAFF_ROLES = frozenset({"staff", "admin"})


class Post(Protocol):
    """What the post predicates read: the models and the busiest pages' plain rows both have it
    (``community/questions/records.py``)."""

    @property
    def author_id(self) -> int | None: ...

    @property
    def is_hidden(self) -> bool: ...


def is_member(user: Any) -> bool:
    """A logged-in account of any role."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_active_member(user: Any) -> bool:
    """Logged in and not suspended: may write."""
    return is_member(user) and not user.is_suspended()


def is_moderator(user: Any) -> bool:
    """Moderators and admins."""
    return is_member(user) and user.role in MODERATOR_ROLES


def is_staff(user: Any) -> bool:
    """Support staff and admins."""
    return is_member(user) and user.role in STAFF_ROLES


def is_admin(user: Any) -> bool:
    """Admins only."""
    return is_member(user) and user.role == "admin"


def is_author(user: Any, post: Post) -> bool:
    """Whether the user wrote the post."""
    return is_member(user) and post.author_id == user.id


def can_view_question(user: Any, question: Post) -> bool:
    """Hidden questions are visible only to their author and moderators."""
    return not question.is_hidden or is_moderator(user) or is_author(user, question)


def can_view_answer(user: Any, answer: Answer) -> bool:
    """Hidden answers are visible only to their author and moderators."""
    return not answer.is_hidden or is_moderator(user) or is_author(user, answer)


def can_ask(user: Any) -> bool:
    """Any active member may ask."""
    return is_active_member(user)


def can_answer(user: Any, question: Question) -> bool:
    """Active members may answer open, unlocked, visible questions."""
    return is_active_member(user) and question.is_open and not question.is_hidden


def can_comment(user: Any, question: Question) -> bool:
    """Comments are allowed until the question is locked or hidden."""
    return is_active_member(user) and not question.is_locked and not question.is_hidden


def can_edit(user: Any, post: Question | Answer) -> bool:
    """Authors edit their own posts (unless locked); moderators edit anything."""
    if is_moderator(user):
        return True
    if not is_active_member(user) or not is_author(user, post):
        return False
    # Questions (models or the question page's rows) can be locked; answers have no lock.
    return not getattr(post, "is_locked", False)


def can_vote(user: Any, post: Question | Answer) -> bool:
    """Active members vote on others' visible posts, never on their own."""
    return is_active_member(user) and not is_author(user, post) and not post.is_hidden


def can_accept(user: Any, question: Question) -> bool:
    """The asker accepts on their own question; moderators on any."""
    if is_moderator(user):
        return True
    return is_active_member(user) and is_author(user, question) and not question.is_locked


def can_mark_official(user: Any, answer: Answer) -> bool:
    """Staff mark their own answers as the official answer."""
    return is_staff(user) and is_author(user, answer)


def can_moderate(user: Any) -> bool:
    """Close, lock, hide, handle flags, suspend."""
    return is_moderator(user)


def can_manage_users(user: Any) -> bool:
    """Change roles and site settings."""
    return is_admin(user)


def can_view_dashboard(user: Any) -> bool:
    """The deflection dashboard and the unanswered queue."""
    return is_staff(user)


def can_change_role(actor: Any, target: User, role: str) -> bool:
    """Admins change others' roles (not their own, so a site never loses its last admin)."""
    return is_admin(actor) and actor.id != target.id


# --- moderation (community/moderation/) ---


def can_flag(user: Any, post: Question | Answer | Comment, author_id: int | None = None) -> bool:
    """Active members flag others' visible posts."""
    owner = post.author_id if author_id is None else author_id
    return is_active_member(user) and owner != user.id and not post.is_hidden


def can_request_info(user: Any, question: Question, first_answerer_id: int | None) -> bool:
    """A moderator, or the first other member who answered, may ask the asker for details."""
    if is_moderator(user):
        return True
    return (
        is_active_member(user)
        and first_answerer_id is not None
        and user.id == first_answerer_id
        and user.id != question.author_id
    )


def can_suspend(actor: Any, target: User) -> bool:
    """Moderators suspend members and staff; only admins suspend moderators; never admins."""
    if not is_moderator(actor) or actor.id == target.id or target.role == "admin":
        return False
    return target.role != "moderator" or is_admin(actor)


def can_view_audit_log(user: Any) -> bool:
    """Moderators and admins browse the moderation log."""
    return is_moderator(user)


def is_trusted_poster(user: Any) -> bool:
    """Moderators, staff and admins skip the blocked-word and link checks."""
    return is_moderator(user) or is_staff(user)


def is_new_member(user: Any, now: Any, min_age_days: int, min_reputation: int) -> bool:
    """A member younger than min_age_days AND below min_reputation (either earns trust)."""
    if not is_member(user) or user.role != "member":
        return False
    age_days = (now - user.created_at).total_seconds() / 86400
    return age_days < min_age_days and user.reputation < min_reputation


# --- video library -----------------------------------------------------------------------------


def can_manage_videos(user: Any) -> bool:
    """Staff and admins add, edit, remove and approve videos and video proposals."""
    return is_staff(user)


def can_view_video(user: Any, video: Any) -> bool:
    """Approved videos are public; proposed ones only for staff."""
    return video.status == "approved" or can_manage_videos(user)


def can_propose_video(user: Any, question: Question) -> bool:
    """Active members propose a video for a visible question."""
    return is_active_member(user) and not question.is_hidden


def can_follow(user: Any) -> bool:
    """Active members follow questions and tags."""
    return is_active_member(user)


def can_read_notification(user: Any, notification: Any) -> bool:
    """Only the recipient reads or marks a notification."""
    return is_member(user) and notification.user_id == user.id

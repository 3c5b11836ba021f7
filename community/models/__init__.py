"""Database models, one module per aggregate; importing this registers every table."""

from community.models.base import UTCDateTime, utcnow
from community.models.deflection import (
    EVENT_KINDS,
    ITEM_KINDS,
    DeflectionDay,
    DeflectionDayItem,
    DeflectionDayTag,
    DeflectionEvent,
)
from community.models.moderation import (
    ACTIONS,
    FLAG_REASONS,
    FLAG_TARGETS,
    Flag,
    ModerationAction,
)
from community.models.notification import (  # noqa: I001 - after user and question, which it uses
    FOLLOW_TARGETS,
    Follow,
    Notification,
    NotificationPreference,
)
from community.models.question import (
    QUESTION_STATUSES,
    Answer,
    Comment,
    Question,
    Revision,
    Tag,
    Vote,
    question_tags,
)
from community.models.reputation import REPUTATION_KINDS, ReputationEvent, UserBadge
from community.models.search import QuestionAlias, SearchOutbox
from community.models.user import ROLES, User
from community.models.video import (
    LINK_STATUSES,
    VIDEO_STATUSES,
    QuestionVideo,
    Video,
    video_tags,
)

__all__ = [
    "EVENT_KINDS",
    "ITEM_KINDS",
    "DeflectionEvent",
    "DeflectionDay",
    "DeflectionDayItem",
    "DeflectionDayTag",
    "QUESTION_STATUSES",
    "ROLES",
    "Answer",
    "Comment",
    "Question",
    "QuestionAlias",
    "Revision",
    "SearchOutbox",
    "Tag",
    "UTCDateTime",
    "User",
    "Vote",
    "question_tags",
    "ACTIONS",
    "FLAG_REASONS",
    "FLAG_TARGETS",
    "Flag",
    "ModerationAction",
    "utcnow",
    "LINK_STATUSES",
    "VIDEO_STATUSES",
    "QuestionVideo",
    "Video",
    "video_tags",
    "FOLLOW_TARGETS",
    "Follow",
    "Notification",
    "NotificationPreference",
    "REPUTATION_KINDS",
    "ReputationEvent",
    "UserBadge",
]

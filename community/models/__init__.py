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
from community.models.user import ROLES, User

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
    "Revision",
    "Tag",
    "UTCDateTime",
    "User",
    "Vote",
    "question_tags",
    "utcnow",
]

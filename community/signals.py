"""Domain signals sent by services after a change is flushed (inside the transaction).

Feature packages subscribe instead of being called by the core: search marks documents dirty,
notifications and reputation add rows in the same unit of work. Receivers must not commit; they
get the acting user and the objects as keyword arguments.
"""

from blinker import Namespace

_signals = Namespace()

question_asked = _signals.signal("question-asked")  # actor, question
question_edited = _signals.signal("question-edited")  # actor, question
answer_posted = _signals.signal("answer-posted")  # actor, question, answer
answer_edited = _signals.signal("answer-edited")  # actor, answer
comment_added = _signals.signal("comment-added")  # actor, question, comment, answer (or None)
vote_cast = _signals.signal(
    "vote-cast"
)  # actor, post, post_type, value (new vote: 1, -1 or 0), delta
answer_accepted = _signals.signal(
    "answer-accepted"
)  # actor, question, answer, previous (Answer|None)
answer_unaccepted = _signals.signal("answer-unaccepted")  # actor, question, answer (Answer|None)

# Moderation: actor, action (ModerationAction row), target (the post or user), notify_user_id
# (whom the outcome concerns, e.g. the asker when a moderator accepts), reason.
moderation_action = _signals.signal("moderation-action")

# Visibility and status changes, so the search indexer can refresh (or drop) documents.
# post_visibility_changed: actor (None for automatic holds), post_type, post, question, is_hidden.
post_visibility_changed = _signals.signal("post-visibility-changed")
# question_status_changed: actor, question, change ("close", "reopen", "lock", "unlock",
# "duplicate", "request_info"), previous_status.
question_status_changed = _signals.signal("question-status-changed")
# question_duplicate_changed: actor, question (the duplicate), original (Question or None when
# unmarked), previous (the former original or None). Search adds/removes the duplicate's words.
question_duplicate_changed = _signals.signal("question-duplicate-changed")
# post_flagged: actor, flag, post_type, post.
post_flagged = _signals.signal("post-flagged")

# Video library: actor, video (Video row), deleted (bool). Sent after a video is added, edited,
# approved or removed; deleted=True means "no longer in the public library" (drop it from any
# index). Proposed (not yet approved) videos send nothing until approved.
video_changed = _signals.signal("video-changed")

# Deflection: session_token, kind (an EVENT_KINDS value), item_kind, item_id. Sent by the
# deflection package after it stores an event, so reputation can credit the answers that deflect.
deflection_recorded = _signals.signal("deflection-recorded")

"""The reputation rules, as pure functions (no database).

Points reward what helps others:

- an upvote on your answer: +10; on your question: +5; any downvote on your post: -2;
- your answer accepted: +15 (not when you accepted your own answer on your own question);
- a deflection credited to you: +10 each. A deflection of a question is an ask session with a
  ``solved_yes`` event on that question and no ``question_posted``; it is credited to the author of
  the question's accepted answer or, when none is accepted, of its best visible answer (highest
  score above zero, oldest first on ties). Credit follows the question's current answers, so it
  moves if the accepted answer changes.

Votes are capped per user and UTC day: the points a day's votes bring (up minus down) count up
to ``REPUTATION_DAILY_VOTE_CAP`` (default 200). A vote belongs to the day it was cast. Accepted
answers and deflections are never capped.
"""

from __future__ import annotations

from collections.abc import Iterable

ANSWER_UPVOTE = 10
QUESTION_UPVOTE = 5
DOWNVOTE = -2
ACCEPTED = 15
DEFLECTION = 10

RANKS: tuple[tuple[int, str], ...] = (
    (5000, "Guru"),
    (1000, "Expert"),
    (200, "Helper"),
    (50, "Contributor"),
    (0, "Newcomer"),
)


def vote_points(post_type: str, value: int) -> int:
    """Points one vote gives the post's author."""
    if value < 0:
        return DOWNVOTE
    if value > 0:
        return ANSWER_UPVOTE if post_type == "answer" else QUESTION_UPVOTE
    return 0


def capped_day_total(points: Iterable[int], cap: int) -> int:
    """What one day's vote points are worth after the daily cap."""
    return min(cap, sum(points))


def accept_points(answer_author_id: int | None, question_author_id: int | None) -> int:
    """Points for an accepted answer; self-answers accepted by their asker earn nothing."""
    if answer_author_id is None or answer_author_id == question_author_id:
        return 0
    return ACCEPTED


def rank_for(reputation: int) -> str:
    """The rank shown for a reputation figure."""
    for floor, name in RANKS:
        if reputation >= floor:
            return name
    return RANKS[-1][1]


def next_rank(reputation: int) -> tuple[str, int] | None:
    """The next rank and the points still missing, or None at the top."""
    for floor, name in reversed(RANKS):
        if reputation < floor:
            return name, floor - reputation
    return None


REASON_LABELS = {
    "answer_upvoted": "Upvote on an answer",
    "question_upvoted": "Upvote on a question",
    "downvoted": "Downvote",
    "vote_removed": "Vote withdrawn",
    "vote_changed": "Vote changed",
    "answer_accepted": "Answer accepted",
    "answer_unaccepted": "Accepted mark removed",
    "deflection_credited": "Solved a customer's problem before they asked",
    "deflection_withdrawn": "Deflection credit moved or withdrawn",
    "rebuild": "Correction by a reputation rebuild",
}


def reason_label(reason: str) -> str:
    """A human label for a ledger reason."""
    return REASON_LABELS.get(reason, reason.replace("_", " ").capitalize())

"""Pure tests of the session outcome definitions, with explicit times (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from community.deflection import metrics

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=30)


@dataclass
class Ev:
    session_token: str
    kind: str
    created_at: datetime
    item_kind: str | None = None
    item_id: int | None = None
    question_id: int | None = None


def session(*steps: tuple[int, str, int | None], name: str = "s") -> list[Ev]:
    """Events at T0 + minutes: (minute, kind, question id or None)."""
    return [
        Ev(
            name,
            kind,
            T0 + timedelta(minutes=m),
            "question" if i else None,
            i,
            i if kind == "question_posted" else None,
        )
        for m, kind, i in steps
    ]


def outcome(events: list[Ev], minutes_later: int = 120) -> metrics.SessionOutcome:
    return metrics.classify_session(events, T0 + timedelta(minutes=minutes_later), WINDOW)


def test_no_suggestions_and_not_engaged():
    assert outcome(session((0, "ask_started", None))).outcome == metrics.NO_SUGGESTIONS
    o = outcome(session((0, "ask_started", None), (1, "suggestions_shown", 5)))
    assert o.outcome == metrics.NOT_ENGAGED and o.shown and not o.opened
    # Shown, none opened, posted: still "not engaged" (never a failure of a suggestion).
    o = outcome(session((0, "suggestions_shown", 5), (3, "question_posted", 99)))
    assert o.outcome == metrics.NOT_ENGAGED and o.posted_question_id == 99


def test_explicit_credits_the_item_marked_solved():
    o = outcome(
        session(
            (0, "suggestions_shown", 5),
            (1, "suggestion_opened", 5),
            (2, "suggestion_opened", 6),
            (3, "solved_yes", 5),
        ),
        minutes_later=4,  # explicit does not wait for the window
    )
    assert (o.outcome, o.credited) == (metrics.EXPLICIT, ("question", 5))


def test_implicit_waits_for_the_window_and_credits_the_last_opened():
    events = session(
        (0, "suggestions_shown", 5), (1, "suggestion_opened", 5), (2, "suggestion_opened", 6)
    )
    pending = outcome(events, minutes_later=31)  # 29 minutes after the last open
    assert (pending.outcome, pending.credited) == (metrics.PENDING, ("question", 6))
    done = outcome(events, minutes_later=32)  # exactly the window
    assert (done.outcome, done.credited) == (metrics.IMPLICIT, ("question", 6))


def test_opened_implies_shown_even_if_the_shown_beacon_was_lost():
    o = outcome(session((0, "ask_started", None), (1, "suggestion_opened", 5)))
    assert o.shown and o.outcome == metrics.IMPLICIT


def test_failed_when_posting_within_the_window_after_engaging():
    o = outcome(session((0, "suggestion_opened", 5), (10, "question_posted", 42)))
    assert o.outcome == metrics.FAILED and o.posted_question_id == 42
    # Saying "solved" and posting anyway is a failure too.
    o = outcome(
        session((0, "suggestion_opened", 5), (1, "solved_yes", 5), (5, "question_posted", 42))
    )
    assert o.outcome == metrics.FAILED
    # On the window's edge: still failed; one minute later it is a new need, not a failure.
    assert (
        outcome(session((0, "suggestion_opened", 5), (30, "question_posted", 42))).outcome
        == metrics.FAILED
    )
    assert (
        outcome(session((0, "suggestion_opened", 5), (31, "question_posted", 42))).outcome
        == metrics.IMPLICIT
    )


def test_posting_before_opening_is_not_a_failure():
    o = outcome(
        session(
            (0, "suggestions_shown", 5), (1, "question_posted", 42), (2, "suggestion_opened", 5)
        )
    )
    assert o.outcome == metrics.IMPLICIT


def test_abandoned_when_not_my_problem_is_the_last_word():
    o = outcome(session((0, "suggestion_opened", 5), (1, "solved_no", 5)))
    assert (o.outcome, o.credited) == (metrics.ABANDONED, None)
    # Opening another suggestion afterwards makes that the last word: implicit, credited to it.
    o = outcome(
        session((0, "suggestion_opened", 5), (1, "solved_no", 5), (2, "suggestion_opened", 6))
    )
    assert (o.outcome, o.credited) == (metrics.IMPLICIT, ("question", 6))
    # "Not my problem" on one item, "solved" on another: explicit for the second.
    o = outcome(
        session(
            (0, "suggestion_opened", 5),
            (1, "solved_no", 5),
            (2, "suggestion_opened", 6),
            (3, "solved_yes", 6),
        )
    )
    assert (o.outcome, o.credited) == (metrics.EXPLICIT, ("question", 6))
    # Changing one's mind: the item's latest verdict counts.
    o = outcome(session((0, "suggestion_opened", 5), (1, "solved_yes", 5), (2, "solved_no", 5)))
    assert o.outcome == metrics.ABANDONED


def test_event_order_in_input_does_not_matter():
    events = session((0, "suggestion_opened", 5), (1, "solved_no", 5), (2, "suggestion_opened", 6))
    assert outcome(list(reversed(events))) == outcome(events)


def test_tally_rate_cost_and_credits():
    sessions = (
        session((0, "suggestion_opened", 1), (1, "solved_yes", 1), name="a")
        + session((0, "suggestion_opened", 1), name="b")
        + session((0, "suggestion_opened", 2), (5, "question_posted", 9), name="c")
        + session((0, "suggestions_shown", 2), name="d")
        + session((0, "ask_started", None), name="e")
    )
    outcomes = metrics.classify_sessions(sessions, T0 + timedelta(hours=2), WINDOW)
    totals = metrics.tally(outcomes)
    assert (totals.sessions, totals.shown, totals.opened) == (5, 4, 3)
    assert (totals.explicit, totals.implicit, totals.failed, totals.not_engaged) == (1, 1, 1, 1)
    assert totals.rate == pytest.approx(2 / 4)
    assert metrics.cost_avoided(totals.deflected, 12.5) == 25.0
    assert metrics.credits(outcomes) == {("question", 1): [1, 1]}
    assert metrics.tally_by_day(outcomes)[date(2026, 3, 2)].sessions == 5
    assert metrics.deflection_rate(0, 0) is None


def test_settled_days_and_percentiles():
    now = datetime(2026, 3, 10, 0, 10, tzinfo=UTC)
    # A session may last 24 h and flip until 30 min after: 2026-03-08 is not final until 03-10 00:30.
    assert metrics.settled_before(now, WINDOW, timedelta(hours=24)) == date(2026, 3, 8)
    assert metrics.settled_before(now + timedelta(minutes=20), WINDOW, timedelta(hours=24)) == date(
        2026, 3, 9
    )
    values = sorted(float(v) for v in range(1, 11))
    assert metrics.percentile(values, 0.5) == 5.0 and metrics.percentile(values, 0.9) == 9.0
    assert metrics.percentile([], 0.5) is None and metrics.share(1, 0) is None

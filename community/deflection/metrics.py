"""Ask-session outcomes and deflection figures: pure functions over event rows and an explicit now.

Standard library only, so the definitions below are the single source of truth for the live
dashboard, the daily roll-ups rebuilt from the log, the API and the terminal report.

Definitions (DESIGN.md, "Deflection"), for one ask session:

- *engagement* is opening a suggestion or answering "did this solve it" on a page opened from one;
- the session *posted anyway* when a ``question_posted`` event comes at most ``window`` after an
  engagement that preceded it;
- **failed**: it posted anyway (whatever was said before);
- **explicit**: otherwise, some item's latest verdict is ``solved_yes`` (credited to that item,
  the latest one marked solved);
- **abandoned**: otherwise, the last engagement is a ``solved_no`` ("not my problem");
- **implicit**: otherwise, it opened at least one suggestion and the window has passed since the
  last engagement without a post (credited to the last opened item);
- **pending**: as implicit, but the window has not passed yet (the outcome is not known);
- **not engaged**: it was shown suggestions and opened none;
- **no suggestions**: nothing was ever shown (not in the rate's denominator).

A session belongs to the UTC day of its first event. Opening a suggestion counts as having been
shown one even if the ``suggestions_shown`` beacon was lost.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

EXPLICIT = "explicit"
IMPLICIT = "implicit"
FAILED = "failed"
ABANDONED = "abandoned"
PENDING = "pending"
NOT_ENGAGED = "not_engaged"
NO_SUGGESTIONS = "no_suggestions"
OUTCOMES = (EXPLICIT, IMPLICIT, FAILED, ABANDONED, PENDING, NOT_ENGAGED, NO_SUGGESTIONS)

_ENGAGEMENT = frozenset({"suggestion_opened", "solved_yes", "solved_no"})
_VERDICTS = frozenset({"solved_yes", "solved_no"})


class EventRow(Protocol):
    """What the metrics read from one logged event (an ORM row or a SQL result row)."""

    session_token: str
    kind: str
    item_kind: str | None
    item_id: int | None
    question_id: int | None
    created_at: datetime


Item = tuple[str, int]


@dataclass(frozen=True)
class SessionOutcome:
    """How one ask session ended (or that it has not ended yet)."""

    session_token: str
    started_at: datetime
    outcome: str
    shown: bool
    opened: bool
    credited: Item | None = None
    posted_question_id: int | None = None

    @property
    def is_deflection(self) -> bool:
        """Explicit or implicit deflection."""
        return self.outcome in (EXPLICIT, IMPLICIT)


def _item(event: EventRow) -> Item | None:
    """The (kind, id) an event is about, if any."""
    if event.item_kind is None or event.item_id is None:
        return None
    return (event.item_kind, event.item_id)


def classify_session(
    events: Sequence[EventRow], now: datetime, window: timedelta
) -> SessionOutcome:
    """The outcome of one session from all its events (any order), as of ``now``."""
    if not events:
        raise ValueError("a session has at least one event")
    ordered = sorted(events, key=lambda e: e.created_at)  # stable: ties keep log order
    token, started_at = ordered[0].session_token, ordered[0].created_at
    engagements = [e for e in ordered if e.kind in _ENGAGEMENT]
    opens = [e for e in engagements if e.kind == "suggestion_opened"]
    posts = [e for e in ordered if e.kind == "question_posted"]
    shown = bool(opens) or any(e.kind == "suggestions_shown" for e in ordered)
    posted = posts[0] if posts else None
    posted_id = (posted.question_id or posted.item_id) if posted else None

    def result(outcome: str, credited: Item | None = None) -> SessionOutcome:
        return SessionOutcome(token, started_at, outcome, shown, bool(opens), credited, posted_id)

    if not engagements:
        return result(NOT_ENGAGED if shown else NO_SUGGESTIONS)
    if posted is not None and any(
        e.created_at <= posted.created_at <= e.created_at + window for e in engagements
    ):
        return result(FAILED)
    latest_verdict: dict[Item, str] = {}
    solved_order: list[Item] = []
    for event in engagements:
        item = _item(event)
        if event.kind in _VERDICTS and item is not None:
            latest_verdict[item] = event.kind
            if event.kind == "solved_yes":
                solved_order.append(item)
    solved = [item for item in solved_order if latest_verdict.get(item) == "solved_yes"]
    if solved:
        return result(EXPLICIT, solved[-1])
    last = engagements[-1]
    if last.kind == "solved_no":
        return result(ABANDONED)
    if not opens:
        # Only verdicts that were all taken back: nothing to credit, nothing opened.
        return result(ABANDONED)
    credited = _item(opens[-1])
    if now - last.created_at < window:
        return result(PENDING, credited)
    return result(IMPLICIT, credited)


def group_by_session(events: Iterable[EventRow]) -> dict[str, list[EventRow]]:
    """Events grouped by their session token, keeping their order."""
    sessions: dict[str, list[EventRow]] = defaultdict(list)
    for event in events:
        sessions[event.session_token].append(event)
    return sessions


def classify_sessions(
    events: Iterable[EventRow], now: datetime, window: timedelta
) -> list[SessionOutcome]:
    """Outcomes of every session found in ``events`` (each session's events must all be there)."""
    return [classify_session(evs, now, window) for evs in group_by_session(events).values()]


@dataclass
class Totals:
    """Counts of sessions by outcome; ``shown`` and ``opened`` are funnel steps."""

    sessions: int = 0
    shown: int = 0
    opened: int = 0
    explicit: int = 0
    implicit: int = 0
    failed: int = 0
    abandoned: int = 0
    not_engaged: int = 0
    pending: int = 0

    @property
    def deflected(self) -> int:
        """Explicit plus implicit deflections."""
        return self.explicit + self.implicit

    @property
    def rate(self) -> float | None:
        """Deflection rate, or None when no session was shown a suggestion."""
        return deflection_rate(self.deflected, self.shown)

    def add(self, other: Totals) -> Totals:
        """Add another tally into this one (returns self)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def count(self, outcome: SessionOutcome) -> None:
        """Count one session."""
        self.sessions += 1
        self.shown += outcome.shown
        self.opened += outcome.opened
        if outcome.outcome != NO_SUGGESTIONS:
            setattr(self, outcome.outcome, getattr(self, outcome.outcome) + 1)


def tally(outcomes: Iterable[SessionOutcome]) -> Totals:
    """Totals over sessions."""
    totals = Totals()
    for outcome in outcomes:
        totals.count(outcome)
    return totals


def tally_by_day(outcomes: Iterable[SessionOutcome]) -> dict[date, Totals]:
    """Totals per UTC day the sessions started."""
    days: dict[date, Totals] = defaultdict(Totals)
    for outcome in outcomes:
        days[outcome.started_at.astimezone(UTC).date()].count(outcome)
    return dict(days)


def credits(outcomes: Iterable[SessionOutcome]) -> dict[Item, list[int]]:
    """Deflections per credited item: ``{(kind, id): [explicit, implicit]}``."""
    counts: dict[Item, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        if outcome.is_deflection and outcome.credited is not None:
            counts[outcome.credited][0 if outcome.outcome == EXPLICIT else 1] += 1
    return dict(counts)


def deflection_rate(deflected: int, shown: int) -> float | None:
    """(explicit + implicit) / sessions shown a suggestion; None when nothing was shown."""
    return deflected / shown if shown else None


def cost_avoided(deflected: int, cost_per_contact: float) -> float:
    """Estimated cost avoided: deflections times the cost of one assisted contact."""
    return round(deflected * cost_per_contact, 2)


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of a day."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def settled_before(now: datetime, window: timedelta, session_max_age: timedelta) -> date:
    """The first day whose sessions may still change outcome; every earlier day is final.

    A session accepts events for ``session_max_age`` after its first one, and its outcome can
    flip until ``window`` after its last engagement.
    """
    horizon = now - session_max_age - window
    return horizon.astimezone(UTC).date()


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile of already sorted values; None for no values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide."""
    return part / whole if whole else None

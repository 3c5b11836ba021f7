"""Daily summaries computed from the event log, and the roll-up tables rebuilt from them.

The same function (:func:`summarise_days`) feeds the live part of the dashboard and the roll-ups,
so a rolled-up day and a day computed on the fly can never disagree. Roll-ups are only written
for settled days (no session that started that day can still change outcome) and are rebuilt,
never incremented.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select

from community import permissions as perm
from community.deflection import metrics
from community.deflection.events import insert_ignoring_conflicts
from community.exceptions import PermissionDenied
from community.extensions import db
from community.models import (
    DeflectionDay,
    DeflectionDayItem,
    DeflectionDayTag,
    DeflectionEvent,
    Tag,
    question_tags,
)

logger = logging.getLogger(__name__)

CHUNK_DAYS = 7
TOTAL_FIELDS = ("sessions", "shown", "opened", "explicit", "implicit", "failed", "abandoned")


@dataclass
class DaySummary:
    """Everything the dashboard needs about the sessions that started on one day."""

    totals: metrics.Totals = field(default_factory=metrics.Totals)
    items: dict[metrics.Item, list[int]] = field(default_factory=dict)  # [explicit, implicit]
    tags: dict[str, list[int]] = field(default_factory=dict)  # [explicit, implicit, failed]


def window() -> timedelta:
    """The implicit-deflection window from the settings."""
    return timedelta(minutes=current_app.config["DEFLECTION_WINDOW_MINUTES"])


def session_max_age() -> timedelta:
    """How long a session accepts events."""
    return timedelta(hours=current_app.config["DEFLECTION_SESSION_MAX_HOURS"])


def first_unsettled_day(now: datetime) -> date:
    """Days before this one are final and may be rolled up."""
    return metrics.settled_before(now, window(), session_max_age())


def tags_of_questions(question_ids: Iterable[int]) -> dict[int, list[str]]:
    """Tag names of the given questions."""
    ids = sorted(set(question_ids))
    found: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows: Any = db.session.execute(
            select(question_tags.c.question_id, Tag.name)
            .join(Tag, Tag.id == question_tags.c.tag_id)
            .where(question_tags.c.question_id.in_(ids[start : start + 500]))
        )
        for question_id, name in rows:
            found[int(question_id)].append(str(name))
    return found


def _events_between(start: datetime, end: datetime) -> list[metrics.EventRow]:
    """Event rows created in [start, end), oldest first."""
    return list(
        db.session.execute(
            select(
                DeflectionEvent.session_token,
                DeflectionEvent.kind,
                DeflectionEvent.item_kind,
                DeflectionEvent.item_id,
                DeflectionEvent.question_id,
                DeflectionEvent.created_at,
            )
            .where(DeflectionEvent.created_at >= start, DeflectionEvent.created_at < end)
            .order_by(DeflectionEvent.created_at, DeflectionEvent.id)
        ).all()
    )


def summarise_days(first: date, end: date, now: datetime) -> dict[date, DaySummary]:
    """Per-day summaries of the sessions that started in [first, end), from the log, as of now."""
    days = {first + timedelta(days=i): DaySummary() for i in range((end - first).days)}
    if not days:
        return days
    max_age = session_max_age()
    # A session that started before ``first`` may still have events inside the range; reading
    # from ``first - max_age`` shows its real first event, so it is not mistaken for a new one.
    events = _events_between(
        metrics.day_start(first) - max_age, metrics.day_start(end) + max_age + timedelta(minutes=1)
    )
    start_at, end_at = metrics.day_start(first), metrics.day_start(end)
    outcomes = [
        o
        for o in metrics.classify_sessions(events, now, window())
        if start_at <= o.started_at < end_at
    ]
    tag_names = tags_of_questions(
        [
            o.credited[1]
            for o in outcomes
            if o.is_deflection and o.credited and o.credited[0] == "question"
        ]
        + [
            o.posted_question_id
            for o in outcomes
            if o.outcome == metrics.FAILED and o.posted_question_id
        ]
    )
    for outcome in outcomes:
        summary = days[outcome.started_at.date()]
        summary.totals.count(outcome)
        if outcome.is_deflection and outcome.credited is not None:
            column = 0 if outcome.outcome == metrics.EXPLICIT else 1
            summary.items.setdefault(outcome.credited, [0, 0])[column] += 1
            if outcome.credited[0] == "question":
                for name in tag_names.get(outcome.credited[1], []):
                    summary.tags.setdefault(name, [0, 0, 0])[column] += 1
        elif outcome.outcome == metrics.FAILED and outcome.posted_question_id:
            for name in tag_names.get(outcome.posted_question_id, []):
                summary.tags.setdefault(name, [0, 0, 0])[2] += 1
    return days


def rebuild_days(first: date, end: date, now: datetime) -> int:
    """Replace the roll-ups of the settled days in [first, end) with fresh ones from the log.

    Flushes only. Returns the number of days written.
    """
    end = min(end, first_unsettled_day(now))
    written = 0
    chunk_start = first
    while chunk_start < end:
        chunk_end = min(chunk_start + timedelta(days=CHUNK_DAYS), end)
        summaries = summarise_days(chunk_start, chunk_end, now)
        for model in (DeflectionDayItem, DeflectionDayTag, DeflectionDay):
            db.session.execute(delete(model).where(model.day >= chunk_start, model.day < chunk_end))
        _write(summaries, now)
        written += len(summaries)
        chunk_start = chunk_end
    logger.info("rebuilt deflection roll-ups for %s days from %s", written, first)
    return written


def _write(summaries: dict[date, DaySummary], now: datetime) -> None:
    """Insert roll-up rows for the given day summaries."""
    day_rows = [
        {"day": day, "built_at": now, "not_engaged": s.totals.not_engaged}
        | {name: getattr(s.totals, name) for name in TOTAL_FIELDS}
        for day, s in summaries.items()
    ]
    item_rows = [
        {"day": day, "item_kind": kind, "item_id": item_id, "explicit": e, "implicit": i}
        for day, s in summaries.items()
        for (kind, item_id), (e, i) in s.items.items()
    ]
    tag_rows = [
        {"day": day, "tag": tag, "explicit": e, "implicit": i, "failed": f}
        for day, s in summaries.items()
        for tag, (e, i, f) in s.tags.items()
    ]
    # Another process may build the same day at the same moment: the first one wins, and both
    # computed the same numbers from the same log.
    insert_ignoring_conflicts(DeflectionDay, day_rows, ["day"])
    if item_rows:
        insert_ignoring_conflicts(DeflectionDayItem, item_rows, ["day", "item_kind", "item_id"])
    if tag_rows:
        insert_ignoring_conflicts(DeflectionDayTag, tag_rows, ["day", "tag"])


def ensure_rollups(actor: Any, first: date, end: date, now: datetime) -> int:
    """Build the missing roll-ups of settled days in [first, end) that still have their log.

    Staff and admins only (it runs when they open the dashboard). Flushes only; returns the
    number of days built. Days older than the retention period are left alone (their events
    may have been pruned).
    """
    if not perm.can_view_dashboard(actor):
        raise PermissionDenied("Only support staff and admins can see deflection figures.")
    return build_missing(max(first, first_rebuildable_day(now)), end, now)


def first_rebuildable_day(now: datetime) -> date:
    """The oldest day whose sessions still have all their events under the retention setting.

    Pruning may have cut a session that began before the cutoff in two; a day's worth of margin
    per ``session_max_age`` keeps such remnants from being mistaken for new sessions.
    """
    retention = timedelta(days=current_app.config["DEFLECTION_RETENTION_DAYS"])
    margin = timedelta(days=1 + -(-session_max_age() // timedelta(days=1)))
    return (now - retention).date() + margin


def build_missing(first: date, end: date, now: datetime) -> int:
    """Build roll-ups for the settled days in [first, end) that have none. Flushes only."""
    end = min(end, first_unsettled_day(now))
    if first >= end:
        return 0
    present = set(
        db.session.scalars(
            select(DeflectionDay.day).where(DeflectionDay.day >= first, DeflectionDay.day < end)
        )
    )
    missing = [first + timedelta(days=i) for i in range((end - first).days)]
    built = 0
    for run_start, run_end in contiguous_runs([d for d in missing if d not in present]):
        built += rebuild_days(run_start, run_end, now)
    return built


def oldest_event_day() -> date | None:
    """The day of the oldest event still in the log."""
    oldest = db.session.scalar(select(func.min(DeflectionEvent.created_at)))
    return oldest.date() if oldest is not None else None


def contiguous_runs(days: list[date]) -> list[tuple[date, date]]:
    """Sorted days grouped into [start, end) runs of consecutive days."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day:
            runs[-1] = (runs[-1][0], day + timedelta(days=1))
        else:
            runs.append((day, day + timedelta(days=1)))
    return runs

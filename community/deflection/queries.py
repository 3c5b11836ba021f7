"""Reads for the deflection dashboard, the stats API and the terminal report.

Settled days come from the daily roll-ups (summed in SQL); days not rolled up yet (the live tail,
or days nobody has built) are computed from the event log with the same functions. Only staff
and admins may read them (``permissions.can_view_dashboard``), enforced here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from community import permissions as perm
from community.deflection import metrics
from community.deflection.rollups import DaySummary, contiguous_runs, summarise_days
from community.exceptions import PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import DeflectionDay, DeflectionDayItem, DeflectionDayTag, Question, Video

PRESET_DAYS = (7, 30, 90)
MAX_DAYS = 400
TOTAL_COLUMNS = (
    "sessions",
    "shown",
    "opened",
    "explicit",
    "implicit",
    "failed",
    "abandoned",
    "not_engaged",
)


def require_dashboard(viewer: Any) -> None:
    """Raise PermissionDenied unless the viewer is staff or admin."""
    if not perm.can_view_dashboard(viewer):
        raise PermissionDenied("Only support staff and admins can see deflection figures.")


@dataclass(frozen=True)
class Period:
    """A range of whole UTC days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def end_exclusive(self) -> date:
        """The day after the last one."""
        return self.end + timedelta(days=1)

    @property
    def label(self) -> str:
        """Human description, e.g. '2026-01-01 to 2026-01-30 (30 days)'."""
        return f"{self.start.isoformat()} to {self.end.isoformat()} ({self.days} days)"


def period_for_days(days: int, today: date) -> Period:
    """The last ``days`` days, today included."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(
            f"days must be between 1 and {MAX_DAYS}.", {"days": ["Out of range."]}
        )
    return Period(today - timedelta(days=days - 1), today)


def _parse_date(raw: str, name: str) -> date:
    """An ISO date (YYYY-MM-DD) or ValidationFailed."""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationFailed(
            f"{name} must be a date like 2026-01-31.", {name: ["Use YYYY-MM-DD."]}
        ) from None


def parse_period(args: Mapping[str, str], today: date) -> Period:
    """The period asked for: ``start``/``end`` dates, or ``days`` (default 30)."""
    raw_start, raw_end = args.get("start") or "", args.get("end") or ""
    if raw_start or raw_end:
        if not (raw_start and raw_end):
            raise ValidationFailed("Give both a start and an end date.")
        start, end = _parse_date(raw_start, "start"), _parse_date(raw_end, "end")
        if start > end:
            raise ValidationFailed("The start date is after the end date.")
        if start > today:
            raise ValidationFailed("The period starts in the future.")
        end = min(end, today)
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationFailed(f"A period is at most {MAX_DAYS} days.")
        return Period(start, end)
    raw_days = args.get("days") or "30"
    try:
        days = int(raw_days)
    except ValueError:
        raise ValidationFailed(
            "days must be a whole number, e.g. 7, 30 or 90.", {"days": ["Not a number."]}
        ) from None
    return period_for_days(days, today)


@dataclass
class ItemRow:
    """A question or video and the deflections credited to it."""

    kind: str
    id: int
    title: str
    explicit: int = 0
    implicit: int = 0

    @property
    def deflected(self) -> int:
        """Explicit plus implicit."""
        return self.explicit + self.implicit


@dataclass
class TagRow:
    """Deflections credited to questions with this tag, and failed sessions that posted in it."""

    tag: str
    explicit: int = 0
    implicit: int = 0
    failed: int = 0

    @property
    def deflected(self) -> int:
        """Explicit plus implicit."""
        return self.explicit + self.implicit

    @property
    def deflected_share(self) -> float | None:
        """Deflected / (deflected + failed)."""
        return metrics.share(self.deflected, self.deflected + self.failed)


@dataclass
class DeflectionReport:
    """Deflection figures for a period."""

    period: Period
    totals: metrics.Totals
    daily: list[tuple[date, metrics.Totals]]
    tags: list[TagRow]
    items: list[ItemRow]
    cost_per_contact: float
    currency: str
    live_from: date
    window_minutes: int
    funnel: list[tuple[str, int]] = field(default_factory=list)

    @property
    def cost_avoided(self) -> float:
        """Deflections times the cost of one assisted contact."""
        return metrics.cost_avoided(self.totals.deflected, self.cost_per_contact)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/v1/stats/deflection``."""
        t = self.totals
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "days": self.period.days,
            "sessions": t.sessions,
            "shown": t.shown,
            "opened": t.opened,
            "explicit": t.explicit,
            "implicit": t.implicit,
            "deflected": t.deflected,
            "failed": t.failed,
            "abandoned": t.abandoned,
            "not_engaged": t.not_engaged,
            "pending": t.pending,
            "rate": round(t.rate, 4) if t.rate is not None else None,
            "cost_per_contact": self.cost_per_contact,
            "cost_avoided": self.cost_avoided,
            "currency": self.currency,
            "window_minutes": self.window_minutes,
        }


def _rolled_up(period: Period) -> dict[date, metrics.Totals]:
    """Totals of the rolled-up days in the period."""
    rows = db.session.execute(
        select(DeflectionDay).where(
            DeflectionDay.day >= period.start, DeflectionDay.day <= period.end
        )
    ).scalars()
    return {
        row.day: metrics.Totals(**{name: getattr(row, name) for name in TOTAL_COLUMNS})
        for row in rows
    }


def _live(period: Period, rolled: set[date], now: datetime) -> dict[date, DaySummary]:
    """Summaries computed from the log for the days without a roll-up."""
    missing = [
        period.start + timedelta(days=i)
        for i in range(period.days)
        if period.start + timedelta(days=i) not in rolled
    ]
    live: dict[date, DaySummary] = {}
    for first, end in contiguous_runs(missing):
        live.update(summarise_days(first, end, now))
    return live


def _titles(keys: list[metrics.Item]) -> dict[metrics.Item, str]:
    """Titles of questions and (when the videos package is installed) videos."""
    titles: dict[metrics.Item, str] = {}
    question_ids = [i for k, i in keys if k == "question"]
    if question_ids:
        rows: Any = db.session.execute(
            select(Question.id, Question.title).where(Question.id.in_(question_ids))
        )
        for qid, title in rows:
            titles[("question", int(qid))] = str(title)
    video_ids = [i for k, i in keys if k == "video"]
    if video_ids:
        videos: Any = db.session.execute(
            select(Video.id, Video.title).where(Video.id.in_(video_ids))
        )
        for vid, title in videos:
            titles[("video", int(vid))] = str(title)
    return titles


def _top_items(period: Period, live: dict[date, DaySummary], top: int) -> list[ItemRow]:
    """The items that deflected most: rolled-up sums (SQL) merged with the live tail, exactly."""
    live_counts: dict[metrics.Item, list[int]] = {}
    for summary in live.values():
        for key, (e, i) in summary.items.items():
            counts = live_counts.setdefault(key, [0, 0])
            counts[0] += e
            counts[1] += i
    in_period = (DeflectionDayItem.day >= period.start, DeflectionDayItem.day <= period.end)
    total = func.sum(DeflectionDayItem.explicit + DeflectionDayItem.implicit)
    base = select(
        DeflectionDayItem.item_kind,
        DeflectionDayItem.item_id,
        func.sum(DeflectionDayItem.explicit),
        func.sum(DeflectionDayItem.implicit),
    ).where(*in_period)
    grouped = base.group_by(DeflectionDayItem.item_kind, DeflectionDayItem.item_id)
    settled: dict[metrics.Item, list[int]] = {
        (k, i): [int(e), int(m)]
        for k, i, e, m in db.session.execute(
            grouped.order_by(
                total.desc(), DeflectionDayItem.item_kind, DeflectionDayItem.item_id
            ).limit(top)
        )
    }
    # Live items outside the settled top list need their settled counts too, to rank exactly
    # (looked up through ix_deflection_day_items_item).
    others: dict[str, list[int]] = {}
    for kind, item_id in live_counts:
        if (kind, item_id) not in settled:
            others.setdefault(kind, []).append(item_id)
    for kind, ids in others.items():
        for start in range(0, len(ids), 500):
            for k, i, e, m in db.session.execute(
                grouped.where(
                    DeflectionDayItem.item_kind == kind,
                    DeflectionDayItem.item_id.in_(ids[start : start + 500]),
                )
            ):
                settled[(k, i)] = [int(e), int(m)]
    merged: dict[metrics.Item, list[int]] = {}
    for key in set(settled) | set(live_counts):
        s, lv = settled.get(key, [0, 0]), live_counts.get(key, [0, 0])
        merged[key] = [s[0] + lv[0], s[1] + lv[1]]
    ranked = sorted(merged.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))[:top]
    titles = _titles([key for key, _ in ranked])
    return [
        ItemRow(
            kind,
            item_id,
            titles.get((kind, item_id))
            or (f"Video #{item_id}" if kind == "video" else f"Question #{item_id}"),
            e,
            i,
        )
        for (kind, item_id), (e, i) in ranked
    ]


def _tags(period: Period, live: dict[date, DaySummary]) -> list[TagRow]:
    """Deflections and failures by tag: rolled-up sums merged with the live tail."""
    rows: dict[str, TagRow] = {}
    for tag, e, i, f in db.session.execute(
        select(
            DeflectionDayTag.tag,
            func.sum(DeflectionDayTag.explicit),
            func.sum(DeflectionDayTag.implicit),
            func.sum(DeflectionDayTag.failed),
        )
        .where(DeflectionDayTag.day >= period.start, DeflectionDayTag.day <= period.end)
        .group_by(DeflectionDayTag.tag)
    ):
        rows[tag] = TagRow(tag, int(e), int(i), int(f))
    for summary in live.values():
        for tag, (e, i, f) in summary.tags.items():
            row = rows.setdefault(tag, TagRow(tag))
            row.explicit += e
            row.implicit += i
            row.failed += f
    return sorted(rows.values(), key=lambda r: (-r.deflected, -r.failed, r.tag))


def get_deflection_report(
    viewer: Any, period: Period, now: datetime, top: int = 10
) -> DeflectionReport:
    """Deflection figures for the period as of ``now`` (staff and admins only)."""
    require_dashboard(viewer)
    return compute_deflection_report(period, now, top)


def compute_deflection_report(period: Period, now: datetime, top: int = 10) -> DeflectionReport:
    """Deflection figures without a permission check: for trusted callers (the CLI)."""
    cfg = current_app.config
    rolled = _rolled_up(period)
    live = _live(period, set(rolled), now)
    daily: list[tuple[date, metrics.Totals]] = []
    totals = metrics.Totals()
    for offset in range(period.days):
        day = period.start + timedelta(days=offset)
        day_totals = rolled.get(day) or (live[day].totals if day in live else metrics.Totals())
        daily.append((day, day_totals))
        totals.add(day_totals)
    funnel = [
        ("Ask sessions", totals.sessions),
        ("Shown suggestions", totals.shown),
        ("Opened a suggestion", totals.opened),
        ("Deflected (explicit + implicit)", totals.deflected),
        ("Said it solved their problem", totals.explicit),
    ]
    return DeflectionReport(
        period=period,
        totals=totals,
        daily=daily,
        tags=_tags(period, live),
        items=_top_items(period, live, top),
        cost_per_contact=float(cfg["DEFLECTION_COST_PER_CONTACT"]),
        currency=str(cfg["DEFLECTION_CURRENCY"]),
        live_from=min(live) if live else period.end_exclusive,
        window_minutes=int(cfg["DEFLECTION_WINDOW_MINUTES"]),
        funnel=funnel,
    )

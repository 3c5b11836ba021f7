"""Geometry of the dashboard's daily chart, drawn as server-side SVG (no script, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from community.deflection.metrics import Totals

# (field or "other", legend label, fill colour): bottom to top of each day's stacked bar.
SERIES = (
    ("explicit", "Explicit deflections", "#16794a"),
    ("implicit", "Implicit deflections", "#7cc49c"),
    ("failed", "Failed (posted anyway)", "#b42318"),
    ("other", "Other sessions shown suggestions", "#c3cad6"),
)


@dataclass(frozen=True)
class Bar:
    """One rectangle of a stacked bar."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    left: int
    top: int
    plot_height: int
    bars: list[Bar]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    legend: list[tuple[str, str]]


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value``."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        candidate = int(step * factor)
        if candidate >= value:
            return candidate
    return step * 10


def daily_chart(daily: Sequence[tuple[date, Totals]], width: int = 900, height: int = 260) -> Chart:
    """Stacked bars per day of the sessions shown suggestions, split by outcome."""
    left, top, bottom, right = 48, 10, 30, 10
    base: float
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((t.shown for _, t in daily), default=0))
    slot = plot_w / max(len(daily), 1)
    bar_w = max(slot * 0.75, 1.0)
    bars: list[Bar] = []
    for index, (day, totals) in enumerate(daily):
        x = left + index * slot + (slot - bar_w) / 2
        base = top + plot_h
        other = max(totals.shown - totals.explicit - totals.implicit - totals.failed, 0)
        for name, label, fill in SERIES:
            value = other if name == "other" else getattr(totals, name)
            if value <= 0:
                continue
            h = plot_h * value / peak
            base -= h
            bars.append(
                Bar(
                    round(x, 2),
                    round(base, 2),
                    round(bar_w, 2),
                    round(h, 2),
                    fill,
                    f"{day.isoformat()}: {value} {label.lower()}",
                )
            )
    ticks = [(round(top + plot_h - plot_h * i / 4, 2), peak * i // 4) for i in range(5)]
    every = max(1, round(len(daily) / 8))
    labels = [
        (round(left + i * slot + slot / 2, 2), day.strftime("%b %d"))
        for i, (day, _) in enumerate(daily)
        if i % every == 0
    ]
    return Chart(
        width,
        height,
        left,
        top,
        plot_h,
        bars,
        ticks,
        labels,
        [(label, fill) for _, label, fill in SERIES],
    )

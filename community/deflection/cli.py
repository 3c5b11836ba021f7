"""``flask deflection report|rollup|prune``."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from community.deflection import health, queries, rollups
from community.deflection.events import prune_events
from community.extensions import db
from community.models import utcnow


def _pct(value: float | None) -> str:
    """A share as a percentage, or n/a."""
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _hours(value: float | None) -> str:
    """Hours with one decimal, or n/a."""
    return "n/a" if value is None else f"{value:.1f} h"


@click.group("deflection")
def deflection_cli() -> None:
    """Deflection figures and event-log maintenance."""


@deflection_cli.command("report")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, queries.MAX_DAYS))
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100))
def report(days: int, top: int) -> None:
    """Print the dashboard's figures for the last N days."""
    now = utcnow()
    period = queries.period_for_days(days, now.date())
    r = queries.compute_deflection_report(period, now, top)
    t = r.totals
    echo = click.echo
    echo(f"Deflection, {period.label}")
    for label, value in (
        ("ask sessions", t.sessions),
        ("shown suggestions", t.shown),
        ("opened a suggestion", t.opened),
        ("explicit deflections", t.explicit),
        ("implicit deflections", t.implicit),
        ("failed (posted anyway)", t.failed),
        ("abandoned (not my problem)", t.abandoned),
        ("not engaged", t.not_engaged),
        ("pending (window open)", t.pending),
    ):
        echo(f"  {label:<28} {value}")
    echo(f"  {'deflection rate':<28} {_pct(t.rate)}")
    echo(
        f"  {'cost avoided':<28} {r.cost_avoided:.2f} {r.currency} ({r.cost_per_contact:.2f} per contact)"
    )
    echo("Top deflecting items")
    for item in r.items:
        echo(
            f"  {item.deflected:>6}  ({item.explicit} explicit)  {item.kind} #{item.id}  {item.title}"
        )
    echo("By tag (deflected / failed)")
    for row in r.tags:
        echo(f"  {row.tag:<24} {row.deflected:>6} / {row.failed}")
    h = health.compute_health(period, now)
    echo("Community health (questions asked in the period)")
    for label, f in [("all", h.overall), *h.by_tag]:
        echo(
            f"  {label:<16} questions {f.questions}, unanswered {f.unanswered}, "
            f"first answer median {_hours(f.median_hours)} p90 {_hours(f.p90_hours)}, "
            f"answered in 24h {_pct(f.answered_24h_share)}, resolved {_pct(f.resolved_share)}, "
            f"staff answers {_pct(f.staff_share)}, top 5 answerers {_pct(f.top5_share)}"
        )


@deflection_cli.command("rollup")
@click.option("--days", default=400, show_default=True, type=click.IntRange(1, 4000))
def rollup(days: int) -> None:
    """Rebuild the daily roll-ups of the settled days among the last N days from the log."""
    now = utcnow()
    first = max(now.date() - timedelta(days=days - 1), rollups.first_rebuildable_day(now))
    written = rollups.rebuild_days(first, now.date() + timedelta(days=1), now)
    db.session.commit()
    click.echo(f"rebuilt {written} days of roll-ups")


@deflection_cli.command("prune")
@click.option("--days", default=None, type=click.IntRange(1, 100000), help="Default: the setting.")
def prune(days: int | None) -> None:
    """Delete events older than DEFLECTION_RETENTION_DAYS (roll-ups are kept)."""
    keep = days or current_app.config["DEFLECTION_RETENTION_DAYS"]
    now = utcnow()
    oldest = rollups.oldest_event_day()
    if oldest is not None:
        # Roll the settled days up before their raw events go, so the history stays.
        built = rollups.build_missing(oldest, now.date(), now)
        click.echo(f"rolled up {built} days before pruning")
    deleted = prune_events(now, keep)
    db.session.commit()
    click.echo(f"deleted {deleted} events older than {keep} days")

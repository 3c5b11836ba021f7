"""``flask reputation ...`` commands."""

from __future__ import annotations

from datetime import timedelta

import click

from community.extensions import db
from community.models import utcnow


@click.group("reputation")
def reputation_cli() -> None:
    """Reputation ledger maintenance."""


@reputation_cli.command("rebuild")
@click.option("--dry-run", is_flag=True, help="Report drift without changing anything.")
def rebuild(dry_run: bool) -> None:
    """Recompute reputation from votes, accepted answers and deflection events."""
    from community.reputation.rebuild import rebuild_reputation

    report = rebuild_reputation(utcnow(), dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(
        f"{len(report.totals)} users with reputation, {len(report.drift)} drifted, "
        f"{report.events_appended} ledger corrections, {report.badges_awarded} badges awarded"
        + (" (dry run)" if dry_run else "")
    )
    for user_id, (was, now) in sorted(report.drift.items())[:20]:
        click.echo(f"  user {user_id}: {was} -> {now}")


@reputation_cli.command("credit-deflections")
@click.option(
    "--days", default=2, show_default=True, help="Look at sessions this far back (0: all)."
)
def credit_deflections(days: int) -> None:
    """Credit answers for recent "this solved my problem" sessions (run from cron)."""
    from community.reputation.credit import credit_since

    now = utcnow()
    count = credit_since(now - timedelta(days=days) if days > 0 else None, now)
    db.session.commit()
    click.echo(f"{count} solved items reconciled")

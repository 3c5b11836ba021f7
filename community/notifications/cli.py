"""``flask notifications send-mail``: drain pending notifications into digests (run from cron)."""

from __future__ import annotations

import click
from flask import current_app

from community.extensions import db
from community.models import utcnow


@click.group("notifications")
def notifications_cli() -> None:
    """Notification e-mails."""


@notifications_cli.command("send-mail")
def send_mail_command() -> None:
    """Send digest e-mails for pending notifications (at most one per question per hour)."""
    from community.notifications.digest import list_users_with_pending_mail, send_digest

    now = utcnow()
    totals = {"users": 0, "mailed": 0, "deferred": 0, "skipped": 0, "failed": 0}
    # Links in mails are absolute: build them against SITE_URL (there is no request here).
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        after = 0
        while batch := list_users_with_pending_mail(after):
            for user_id in batch:
                result = send_digest(user_id, now)
                db.session.commit()  # one user at a time: a crash never mails anyone twice
                totals["users"] += 1
                for key in ("mailed", "deferred", "skipped", "failed"):
                    totals[key] += getattr(result, key)
            after = batch[-1]
    click.echo(", ".join(f"{v} {k}" for k, v in totals.items()))

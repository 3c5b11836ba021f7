"""Drain pending notifications into digest e-mails (``flask notifications send-mail``).

Per user and run, one mail lists the pending notifications grouped by question. A question
whose notifications were mailed to that user less than NOTIFICATIONS_MAIL_INTERVAL_MINUTES ago
(default 60) waits for a later run, so nobody gets more than one mail per question per hour.
Users without an address, or who turned e-mails off, get none (their notifications are marked
``skipped``); so are notifications already read on the site before the mail went out.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import func, select, update

from community.extensions import db
from community.models import Notification, Question, User
from community.notifications import service
from community.notifications.mail import Mail, send_mail
from community.notifications.tokens import make_unsubscribe_token

logger = logging.getLogger(__name__)


@dataclass
class DigestResult:
    """What happened to one user's pending notifications."""

    mailed: int = 0
    deferred: int = 0
    skipped: int = 0
    failed: int = 0


def list_users_with_pending_mail(after_id: int = 0, limit: int = 500) -> list[int]:
    """Users (ids above ``after_id``) who have notifications waiting for a mail decision."""
    return list(
        db.session.scalars(
            select(Notification.user_id)
            .where(Notification.mail_status == "pending", Notification.user_id > after_id)
            .group_by(Notification.user_id)
            .order_by(Notification.user_id)
            .limit(limit)
        )
    )


def _mark(ids: list[int], status: str, now: datetime | None = None) -> None:
    """Set the mail status of notifications."""
    if ids:
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_(ids))
            .values(mail_status=status, emailed_at=now)
            .execution_options(synchronize_session=False)
        )


def send_digest(user_id: int, now: datetime) -> DigestResult:
    """Mail one user's pending notifications that the hourly limit allows (flushes only)."""
    result = DigestResult()
    user = db.session.get(User, user_id)
    pending = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.mail_status == "pending")
            .order_by(Notification.created_at, Notification.id)
        )
    )
    if user is None or not user.email or not service.is_email_enabled(user_id):
        _mark([n.id for n in pending], "skipped")
        result.skipped = len(pending)
        return result
    read = [n.id for n in pending if n.read_at is not None]
    _mark(read, "skipped")
    result.skipped = len(read)
    pending = [n for n in pending if n.read_at is None]
    interval = timedelta(minutes=current_app.config["NOTIFICATIONS_MAIL_INTERVAL_MINUTES"])
    recent = set(
        db.session.scalars(
            select(Notification.question_id)
            .where(
                Notification.user_id == user_id,
                Notification.mail_status == "sent",
                Notification.emailed_at > now - interval,
            )
            .group_by(Notification.question_id)
        )
    )
    groups: dict[int | None, list[Notification]] = defaultdict(list)
    for n in pending:
        if n.question_id in recent:
            result.deferred += 1
        else:
            groups[n.question_id].append(n)
    if not groups:
        return result
    mail = _compose(user, groups)
    try:
        send_mail(mail)
    except (OSError, smtplib.SMTPException):
        logger.warning("notification mail to user %s failed; will retry next run", user_id)
        result.failed = sum(len(g) for g in groups.values())
        return result
    _mark([n.id for g in groups.values() for n in g], "sent", now)
    result.mailed = sum(len(g) for g in groups.values())
    return result


def _compose(user: User, groups: dict[int | None, list[Notification]]) -> Mail:
    """The digest text: one section per question, then how to stop these mails."""
    site = current_app.config["SITE_NAME"]
    ids = [q for q in groups if q is not None]
    titles = (
        dict(
            db.session.execute(
                select(Question.id, Question.title).where(Question.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    lines = [f"Hello {user.username},", "", f"Here is what happened on {site}:", ""]
    for question_id, items in groups.items():
        if question_id is not None:
            lines.append(f"* {titles.get(question_id, 'A question')}")
            lines.append(
                f"  {url_for('questions.detail', question_id=question_id, _external=True)}"
            )
        else:
            lines.append("* Your account")
        lines += [f"  - {n.message}" for n in items]
        lines.append("")
    unsubscribe = url_for(
        "notifications.unsubscribe", token=make_unsubscribe_token(user.id), _external=True
    )
    lines += [
        f"All your notifications: {url_for('notifications.index', _external=True)}",
        f"Stop these e-mails (no login needed): {unsubscribe}",
    ]
    count = sum(len(g) for g in groups.values())
    if len(groups) == 1 and ids:
        subject = f'[{site}] {count} update{"s" if count != 1 else ""} on "{titles.get(ids[0], "your question")[:80]}"'
    else:
        subject = f"[{site}] {count} new notification{'s' if count != 1 else ''}"
    return Mail(
        to=user.email or "",
        subject=subject,
        body="\n".join(lines),
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )


def count_pending() -> int:
    """Notifications still waiting for a mail decision."""
    return int(
        db.session.scalar(
            select(func.count(Notification.id)).where(Notification.mail_status == "pending")
        )
        or 0
    )

"""Outgoing mail: SMTP in production, a console backend in development, memory in tests."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage

from flask import current_app

logger = logging.getLogger(__name__)

OUTBOX_KEY = "community.mail_outbox"


@dataclass
class Mail:
    """One plain-text e-mail."""

    to: str
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


def mail_backend() -> str:
    """The configured backend; empty means smtp when a server is set, console otherwise."""
    cfg = current_app.config
    return cfg["MAIL_BACKEND"] or ("smtp" if cfg["MAIL_SERVER"] else "console")


def _message(mail: Mail) -> EmailMessage:
    """Build the MIME message."""
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    for name, value in mail.headers.items():
        msg[name] = value
    msg.set_content(mail.body)
    return msg


def _send_smtp(mail: Mail) -> None:
    """Deliver through the configured SMTP server (TLS or STARTTLS, optional login)."""
    cfg = current_app.config
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if cfg["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(
            cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"], context=context
        )
    else:
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
    with smtp:
        if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
            smtp.starttls(context=context)
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.send_message(_message(mail))


def send_mail(mail: Mail) -> None:
    """Send one mail with the configured backend; SMTP errors propagate (OSError, SMTPException)."""
    backend = mail_backend()
    if backend == "memory":
        current_app.extensions.setdefault(OUTBOX_KEY, []).append(mail)
    elif backend == "smtp":
        _send_smtp(mail)
    else:
        # The console backend: what would be sent, never the address.
        logger.info("mail (console backend), subject %r:\n%s", mail.subject, mail.body)

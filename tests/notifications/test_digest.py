"""Digest e-mails: batching per question and hour, opt-outs, console backend, signed links."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from community.extensions import db
from community.models import Notification, utcnow
from community.notifications import service as notify
from community.notifications.digest import send_digest
from community.notifications.tokens import (
    BadUnsubscribeLink,
    make_unsubscribe_token,
    read_unsubscribe_token,
)


@pytest.fixture
def asker(make_user):
    return make_user(email="asker@example.test")


def _ping(user, question, text="Something happened"):
    notify.notify({user.id: ("new_answer", text)}, None, question.id)
    db.session.commit()


def test_one_mail_per_question_per_hour(asker, make_question, mail_outbox):
    q1, q2 = make_question(author=asker), make_question(author=asker)
    _ping(asker, q1, "first")
    _ping(asker, q1, "second")
    _ping(asker, q2, "other question")
    now = utcnow()
    result = send_digest(asker.id, now)
    db.session.commit()
    assert result.mailed == 3 and len(mail_outbox) == 1
    mail = mail_outbox[0]
    assert mail.to == "asker@example.test"
    assert "first" in mail.body and "second" in mail.body and q2.title in mail.body
    assert "/notifications/unsubscribe/" in mail.headers["List-Unsubscribe"]
    _ping(asker, q1, "third")
    assert send_digest(asker.id, now + timedelta(minutes=30)).deferred == 1
    assert len(mail_outbox) == 1
    assert send_digest(asker.id, now + timedelta(minutes=61)).mailed == 1
    assert len(mail_outbox) == 2


def test_no_mail_without_address_or_after_opting_out(make_user, make_question, mail_outbox):
    no_email = make_user()
    opted_out = make_user(email="quiet@example.test")
    notify.set_email_enabled(opted_out.id, False, utcnow())
    for user in (no_email, opted_out):
        _ping(user, make_question())
        assert send_digest(user.id, utcnow()).skipped == 1
    db.session.commit()
    assert mail_outbox == []
    statuses = set(db.session.scalars(select(Notification.mail_status)))
    assert statuses == {"skipped"}


def test_read_notifications_are_not_mailed(asker, make_question, mail_outbox):
    _ping(asker, make_question())
    notify.mark_all_read(asker, utcnow())
    assert send_digest(asker.id, utcnow()).skipped == 1
    assert mail_outbox == []


def test_console_backend_logs_without_addresses(app, asker, make_question, caplog):
    app.config["MAIL_BACKEND"] = ""  # no MAIL_SERVER: console
    _ping(asker, make_question(), "A visible message")
    with caplog.at_level(logging.INFO, logger="community"):
        assert send_digest(asker.id, utcnow()).mailed == 1
    assert "A visible message" in caplog.text
    assert "asker@example.test" not in caplog.text


def test_smtp_failure_keeps_notifications_pending(app, asker, make_question, monkeypatch):
    import community.notifications.digest as digest

    def broken(mail):
        raise OSError("connection refused")

    monkeypatch.setattr(digest, "send_mail", broken)
    _ping(asker, make_question())
    assert send_digest(asker.id, utcnow()).failed == 1
    assert db.session.scalar(select(Notification.mail_status)) == "pending"


def test_send_mail_command(app, runner, asker, make_question, mail_outbox):
    app.config.update(SERVER_NAME=None, SITE_URL="https://help.example.test")
    _ping(asker, make_question())
    result = runner.invoke(args=["notifications", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "1 mailed" in result.output
    assert len(mail_outbox) == 1
    assert "https://help.example.test/questions/" in mail_outbox[0].body
    assert "1 mailed" not in runner.invoke(args=["notifications", "send-mail"]).output


def test_unsubscribe_tokens(app, monkeypatch):
    token = make_unsubscribe_token(42)
    assert read_unsubscribe_token(token) == 42
    with pytest.raises(BadUnsubscribeLink, match="not valid"):
        read_unsubscribe_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    with pytest.raises(BadUnsubscribeLink, match="not valid"):
        read_unsubscribe_token("garbage")
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: 1_000_000_000)
    old = make_unsubscribe_token(42)
    monkeypatch.undo()
    with pytest.raises(BadUnsubscribeLink, match="expired"):
        read_unsubscribe_token(old)

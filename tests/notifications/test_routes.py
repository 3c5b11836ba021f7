"""Notification, follow and unsubscribe routes, including the refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.models import Follow, Notification, NotificationPreference
from community.notifications import service as notify
from community.notifications.tokens import make_unsubscribe_token


@pytest.fixture
def world(make_user, make_question):
    asker, other = make_user(), make_user()
    question = make_question(author=asker)
    notify.notify(
        {asker.id: ("new_answer", "Someone answered your question")}, other.id, question.id
    )
    notify.notify({other.id: ("new_answer", "Private to other")}, asker.id, question.id)
    db.session.commit()
    mine = db.session.scalar(select(Notification.id).where(Notification.user_id == asker.id))
    theirs = db.session.scalar(select(Notification.id).where(Notification.user_id == other.id))
    return asker, other, question, mine, theirs


def test_bell_shows_unread_count(client, login, world):
    asker, other, question, mine, theirs = world
    login(asker)
    page = client.get("/questions").get_data(as_text=True)
    assert "Notifications, 1 unread" in page


def test_bell_costs_one_statement(client, login, world, count_queries):
    asker, *_ = world
    login(asker)
    client.get("/badges")
    with count_queries() as counter:
        client.get("/badges")
    assert sum("FROM notifications" in s for s in counter.statements) == 1


def test_list_shows_only_own(client, login, world):
    asker, other, question, mine, theirs = world
    login(asker)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Someone answered your question" in page
    assert "Private to other" not in page


def test_visitors_are_refused(client, world):
    asker, other, question, mine, theirs = world
    assert client.get("/notifications").status_code == 403
    assert client.get(f"/notifications/{mine}").status_code == 403
    assert client.post(f"/notifications/{mine}/read").status_code == 403
    assert client.post("/notifications/read-all").status_code == 403
    assert client.post(f"/questions/{question.id}/follow").status_code == 403


def test_opening_marks_read_and_redirects(client, login, world):
    asker, other, question, mine, theirs = world
    login(asker)
    response = client.get(f"/notifications/{mine}")
    assert response.status_code == 302
    assert f"/questions/{question.id}" in response.headers["Location"]
    assert db.session.get(Notification, mine).read_at is not None


def test_others_notifications_are_forbidden_and_missing_ones_404(client, login, world):
    asker, other, question, mine, theirs = world
    login(asker)
    assert client.get(f"/notifications/{theirs}").status_code == 403
    assert client.post(f"/notifications/{theirs}/read").status_code == 403
    assert client.post("/notifications/99999/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, theirs).read_at is None


def test_mark_read_and_read_all(client, login, world):
    asker, other, question, mine, theirs = world
    login(asker)
    assert (
        client.post(f"/notifications/{mine}/read", data={"next": "//evil.test"})
        .headers["Location"]
        .endswith("/notifications")
    )
    assert client.post("/notifications/read-all").status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, theirs).read_at is None


def test_follow_question_twice_is_409(client, login, world):
    asker, other, question, mine, theirs = world
    login(other)
    assert client.post(f"/questions/{question.id}/follow").status_code == 302
    again = client.post(f"/questions/{question.id}/follow")
    assert again.status_code == 409
    assert "already follow" in again.get_data(as_text=True)
    assert client.get(f"/questions/{question.id}").get_data(as_text=True).count("Unfollow question")
    assert client.post(f"/questions/{question.id}/unfollow").status_code == 302
    assert client.post(f"/questions/{question.id}/unfollow").status_code == 409
    assert db.session.scalar(select(Follow)) is None


def test_cannot_follow_a_hidden_question(client, login, world, make_question):
    asker, other, *_ = world
    hidden = make_question(author=asker, is_hidden=True)
    login(other)
    assert client.post(f"/questions/{hidden.id}/follow").status_code == 404


def test_follow_tag(client, login, world, make_tag):
    asker, other, *_ = world
    make_tag("printer")
    login(other)
    assert client.post("/tags/printer/follow").status_code == 302
    assert client.post("/tags/printer/follow").status_code == 409
    assert "Unfollow printer" in client.get("/questions?tag=printer").get_data(as_text=True)
    following = client.get("/notifications/following").get_data(as_text=True)
    assert "printer" in following
    assert client.post("/tags/printer/unfollow").status_code == 302
    assert client.post("/tags/no-such-tag/follow").status_code == 404


def test_email_setting(client, login, make_user):
    user = make_user(email="me@example.test")
    login(user)
    assert client.post("/notifications/email", data={"enabled": "0"}).status_code == 302
    assert db.session.get(NotificationPreference, user.id).email_enabled is False
    assert "Turn e-mails on" in client.get("/notifications").get_data(as_text=True)


def test_unsubscribe_without_login(client, make_user):
    user = make_user(email="me@example.test")
    token = make_unsubscribe_token(user.id)
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop e-mails" in page.get_data(as_text=True)
    done = client.post(f"/notifications/unsubscribe/{token}")
    assert done.status_code == 200 and "Done" in done.get_data(as_text=True)
    assert db.session.get(NotificationPreference, user.id).email_enabled is False


def test_forged_or_dangling_unsubscribe_links(client, make_user):
    forged = client.get("/notifications/unsubscribe/eyJ1IjoxfQ.forged.signature")
    assert forged.status_code == 400
    assert "not valid" in forged.get_data(as_text=True)
    assert client.post("/notifications/unsubscribe/nonsense").status_code == 400
    assert (
        client.get(f"/notifications/unsubscribe/{make_unsubscribe_token(4242)}").status_code == 404
    )

"""Blocked words send posts to the review queue; new members may post only a few links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community import permissions as perm
from community.exceptions import ValidationFailed
from community.extensions import db
from community.models import Answer, Flag, ModerationAction, Question, utcnow
from community.moderation import flags
from community.moderation.spam import count_links, find_blocked_words, parse_blocked_words
from community.questions import service as question_service

BODY = "The router restarts every night at three."


@pytest.mark.parametrize(
    "text,expected",
    [
        ("no links here", 0),
        ("see https://example.com and http://x.org/a?b=1", 2),
        ("[docs](https://example.com/docs) and www.example.net", 2),
        ("protocol-relative //cdn.example.com/x", 1),
        ("a path /questions/12 is not a link", 0),
        ("ftp://files.example.com", 1),
    ],
)
def test_count_links(text, expected):
    assert count_links(text) == expected


def test_blocked_words_parsing_and_matching():
    words = parse_blocked_words("Casino,\n cheap   pills ,casino,")
    assert words == ["casino", "cheap pills"]
    assert find_blocked_words("Best CASINO bonus", words) == ["casino"]
    assert find_blocked_words("casinos and cheap\npills", words) == ["cheap pills"]
    assert find_blocked_words("nothing to see", words) == []
    assert parse_blocked_words(["Spam", "spam"]) == ["spam"]


def test_new_member_definition(make_user):
    now = utcnow()
    args = (now, 1, 10)
    assert perm.is_new_member(make_user(created_at=now - timedelta(hours=2)), *args)
    assert not perm.is_new_member(make_user(created_at=now - timedelta(days=2)), *args)
    assert not perm.is_new_member(make_user(created_at=now, reputation=10), *args)
    assert not perm.is_new_member(make_user("staff", created_at=now), *args)
    assert not perm.is_new_member(None, *args)


@pytest.fixture
def blocked(app, make_tag):
    app.config["BLOCKED_WORDS"] = "casino, cheap pills"
    make_tag("router")


def test_blocked_word_question_is_saved_hidden_and_queued(blocked, make_user):
    member = make_user()
    q = question_service.ask_question(member, "Router and casino bonus", BODY, "router")
    db.session.commit()
    assert q.is_hidden
    flag = db.session.scalar(select(Flag))
    assert flag.reason == "blocked_word" and flag.reporter_id is None and "casino" in flag.note
    assert db.session.scalar(select(ModerationAction.action)) == "hold_for_review"
    # A moderator dismissing the flag restores the post, since no one hid it on purpose.
    flags.resolve_flags(make_user("moderator"), "question", q, "dismiss")
    assert not q.is_hidden


def test_blocked_words_in_answers_comments_and_edits(blocked, make_user, make_question):
    member = make_user()
    q = make_question()
    a = question_service.post_answer(member, q, "Try cheap  pills for your router")
    c = question_service.add_comment(member, q, "Visit the casino")
    clean = question_service.post_answer(member, q, "Restart the router first")
    question_service.edit_answer(member, clean, "Restart the router at the CASINO", clean.version)
    db.session.commit()
    assert a.is_hidden and c.is_hidden and clean.is_hidden
    assert db.session.scalar(select(func.count(Flag.id))) == 3


def test_trusted_posters_are_not_screened(blocked, make_user, make_question):
    q = make_question()
    for role in ("moderator", "staff", "admin"):
        a = question_service.post_answer(make_user(role), q, "The casino case is fine to discuss")
        assert not a.is_hidden


def test_blocked_word_post_over_http_tells_the_author(blocked, client, login, make_user):
    member = make_user()
    login(member)
    r = client.post(
        "/questions/ask",
        data={"title": "Casino night router trouble", "body": BODY, "tags": "router"},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "waiting for a moderator" in r.get_data(as_text=True)
    client.post("/auth/logout")
    q = db.session.scalar(select(Question))
    assert client.get(f"/questions/{q.id}").status_code == 404


def test_new_member_link_limit(app, make_user, make_question, make_tag):
    app.config["MAX_LINKS_NEW_MEMBER"] = 2
    make_tag("router")
    q = make_question()
    newbie = make_user()
    three = "See https://a.example https://b.example https://c.example"
    with pytest.raises(ValidationFailed) as err:
        question_service.post_answer(newbie, q, three)
    assert "at most 2 links" in err.value.message
    db.session.rollback()
    assert question_service.post_answer(newbie, q, "See https://a.example and https://b.example")
    with pytest.raises(ValidationFailed):
        question_service.ask_question(newbie, "Three links in here", three, "router")
    db.session.rollback()
    with pytest.raises(ValidationFailed):
        question_service.add_comment(newbie, q, three)
    db.session.rollback()
    veteran = make_user(created_at=utcnow() - timedelta(days=3))
    assert question_service.post_answer(veteran, q, three)
    trusted = make_user(reputation=50)
    assert question_service.post_answer(trusted, q, three)


def test_link_limit_over_http_keeps_the_text(client, login, make_user, make_question):
    q = make_question()
    login(make_user())
    body = "Links: https://a.example https://b.example https://c.example"
    r = client.post(f"/questions/{q.id}/answers", data={"body": body})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "at most 2 links" in page and "https://c.example" in page
    assert db.session.scalar(select(func.count(Answer.id))) == 0

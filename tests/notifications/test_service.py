"""Notifications from domain signals, follows, reading and preferences (no HTTP)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from community import signals
from community.exceptions import Conflict, NotFound, PermissionDenied
from community.extensions import db
from community.models import Follow, Notification, utcnow
from community.notifications import queries
from community.notifications import service as notify
from community.questions import service


def _inbox(user) -> list[tuple[str, str]]:
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [(n.kind, n.message) for n in rows]


@pytest.fixture
def thread(make_user, make_question, make_answer):
    asker, helper, follower = make_user(), make_user(), make_user()
    question = make_question(author=asker)
    answer = make_answer(question, author=helper)
    return asker, helper, follower, question, answer


def test_asking_follows_your_question_and_tells_tag_followers(make_user, make_tag):
    asker, watcher = make_user(), make_user()
    tag = make_tag("router")
    notify.follow(watcher, tag)
    question = service.ask_question(
        asker,
        "My router drops the connection",
        "Every evening the router reboots itself.",
        "router",
    )
    db.session.commit()
    assert queries.is_following(asker, "question", question.id)
    assert [k for k, _ in _inbox(watcher)] == ["tag_question"]
    assert _inbox(asker) == []


def test_new_answer_notifies_asker_and_followers_not_the_actor(thread):
    asker, helper, follower, question, answer = thread
    notify.follow(follower, question)
    notify.ensure_following(asker.id, "question", question.id)
    service.post_answer(helper, question, "Reset it with the pin at the back.")
    db.session.commit()
    assert [k for k, _ in _inbox(asker)] == ["new_answer"]
    assert [k for k, _ in _inbox(follower)] == ["followed_answer"]
    assert _inbox(helper) == []
    assert helper.username in _inbox(asker)[0][1]


def test_comment_on_an_answer_notifies_its_author(thread):
    asker, helper, follower, question, answer = thread
    service.add_comment(asker, question, "Did not work for me, sadly.", answer)
    service.add_comment(helper, question, "Which firmware do you run?")
    db.session.commit()
    assert [k for k, _ in _inbox(helper)] == ["new_comment"]
    assert [k for k, _ in _inbox(asker)] == ["new_comment"]


def test_accepted_answer_and_edit_notify(thread, make_user):
    asker, helper, follower, question, answer = thread
    notify.follow(follower, question)
    service.accept_answer(asker, answer)
    db.session.commit()
    assert [k for k, _ in _inbox(helper)] == ["answer_accepted"]
    assert [k for k, _ in _inbox(follower)] == ["followed_accepted"]
    moderator = make_user(role="moderator")
    service.edit_question(
        moderator, question, question.title, question.body + " Edited.", "router", None
    )
    db.session.commit()
    assert [k for k, _ in _inbox(follower)][-1] == "followed_edit"


def test_hidden_question_notifies_only_the_asker(thread, make_user):
    asker, helper, follower, question, answer = thread
    notify.follow(follower, question)
    notify.ensure_following(asker.id, "question", question.id)
    question.is_hidden = True
    moderator = make_user(role="moderator")
    service.edit_question(moderator, question, question.title, question.body, "router", None)
    db.session.commit()
    assert _inbox(follower) == []
    assert [k for k, _ in _inbox(asker)] == ["followed_edit"]


def test_moderation_outcome_is_notified(thread, make_user):
    asker, helper, follower, question, answer = thread
    moderator = make_user(role="moderator")
    signals.moderation_action.send(
        moderator,
        action=SimpleNamespace(action="hide"),
        target=answer,
        notify_user_id=helper.id,
        reason="spam link",
    )
    signals.moderation_action.send(
        moderator, action="accept", target=question, notify_user_id=asker.id, reason=None
    )
    signals.moderation_action.send(
        moderator, action="suspend", target=helper, notify_user_id=helper.id, reason="abuse"
    )
    db.session.commit()
    inbox = _inbox(helper)
    assert inbox[0][0] == "moderation"
    assert "Your post was hidden" in inbox[0][1] and "spam link" in inbox[0][1]
    assert "suspended" in inbox[1][1]
    assert "A moderator accepted an answer on your question" in _inbox(asker)[0][1]
    row = db.session.scalars(
        select(Notification).where(Notification.user_id == helper.id).order_by(Notification.id)
    ).first()
    assert (row.question_id, row.answer_id) == (question.id, answer.id)


def test_following_twice_or_unfollowing_twice_is_a_conflict(thread):
    asker, helper, follower, question, answer = thread
    notify.follow(follower, question)
    with pytest.raises(Conflict, match="already follow"):
        notify.follow(follower, question)
    notify.unfollow(follower, question)
    with pytest.raises(Conflict, match="do not follow"):
        notify.unfollow(follower, question)
    assert db.session.scalar(select(Follow)) is None


def test_visitors_cannot_follow(thread):
    from flask_login import AnonymousUserMixin

    with pytest.raises(PermissionDenied):
        notify.follow(AnonymousUserMixin(), thread[3])


def test_reading_someone_elses_notification_is_refused(thread):
    asker, helper, follower, question, answer = thread
    service.post_answer(helper, question, "Another idea: update the firmware.")
    db.session.commit()
    mine = db.session.scalar(select(Notification.id).where(Notification.user_id == asker.id))
    with pytest.raises(PermissionDenied):
        notify.mark_read(follower, mine, utcnow())
    with pytest.raises(NotFound):
        notify.mark_read(follower, mine + 1000, utcnow())
    assert queries.count_unread(asker.id) == 1
    notify.mark_read(asker, mine, utcnow())
    assert queries.count_unread(asker.id) == 0


def test_mark_all_read_only_touches_own(thread):
    asker, helper, follower, question, answer = thread
    notify.follow(follower, question)
    service.post_answer(helper, question, "Another idea: update the firmware.")
    db.session.commit()
    assert notify.mark_all_read(asker, utcnow()) == 1
    assert queries.count_unread(follower.id) == 1

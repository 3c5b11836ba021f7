"""Fixtures for the security suite: real objects for every route, logins without a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import g

from community.extensions import db
from community.models import Notification, QuestionVideo, Revision
from community.notifications.tokens import make_unsubscribe_token
from tests.security.route_catalog import Objects


@pytest.fixture
def objects(make_user, make_question, make_answer, make_tag, make_comment, make_video) -> Objects:
    """An asker's question with someone else's answer, comment and video proposal, an answer the
    asker wrote elsewhere, a library video and a notification for the asker."""
    asker = make_user(username="asker")
    other = make_user(username="other")
    make_tag("printer")
    question = make_question(author=asker, tags=("router",))
    elsewhere = make_question(author=other)
    own_answer = make_answer(elsewhere, author=asker, body="The asker's answer elsewhere")
    answer = make_answer(question, author=other, body="Another member's answer")
    for post_type, post in (("question", question), ("answer", answer)):
        db.session.add(
            Revision(post_type=post_type, post_id=post.id, number=1, body=post.body, comment="")
        )
    comment = make_comment(question, author=other, body="Another member's comment here")
    video = make_video(tags=("router",))
    proposed = make_video(status="proposed")
    link = QuestionVideo(question_id=question.id, video_id=proposed.id, proposed_by_id=other.id)
    notification = Notification(
        user_id=asker.id, kind="answer", message="other answered", question_id=question.id
    )
    db.session.add_all([link, notification])
    db.session.commit()
    return Objects(
        question.id,
        answer.id,
        own_answer.id,
        other.id,
        other.username,
        comment_id=comment.id,
        video_id=video.id,
        link_id=link.id,
        notification_id=notification.id,
        unsubscribe_token=make_unsubscribe_token(asker.id),
    )


@pytest.fixture
def session_login(client) -> Callable[[Any], None]:
    """Log a user in by writing the session, for tests where the login form is not the subject."""

    def do(user: Any) -> None:
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True

    return do


@pytest.fixture
def isolated_logins(app) -> None:
    """Each request loads its own user from its own session cookie.

    The ``app`` fixture keeps one app context open for the whole test, and Flask reuses it for
    every request, so Flask-Login's cached ``g._login_user`` would otherwise carry the first
    request's user into every later request, whichever client sends it (a visitor's page would
    be rendered for the logged-in member). Runs before every other before_request hook.
    """

    def forget_cached_user() -> None:
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget_cached_user)

"""Fixtures for the security suite: real objects for every route, logins without a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from community.extensions import db
from community.models import Revision
from tests.security.route_catalog import Objects


@pytest.fixture
def objects(make_user, make_question, make_answer, make_tag) -> Objects:
    """An asker's question with someone else's answer, and an answer the asker wrote elsewhere."""
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
    db.session.commit()
    return Objects(question.id, answer.id, own_answer.id, other.id, other.username)


@pytest.fixture
def session_login(client) -> Callable[[Any], None]:
    """Log a user in by writing the session, for tests where the login form is not the subject."""

    def do(user: Any) -> None:
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True

    return do

"""Every mutating route of notifications, for every role: the expected status.

"author" owns the notification and the question the route acts on; suspended members may read
and mark their notifications but not follow.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from community.extensions import db
from community.models import utcnow
from community.notifications import service as notify

ROLES = ["anonymous", "suspended", "member", "author", "moderator", "staff", "admin"]


def _expect(**overrides: int) -> dict[str, int]:
    base = {role: 302 for role in ROLES}
    base["anonymous"] = 403
    base.update(overrides)
    return base


@pytest.fixture
def world(make_user, make_question, make_tag):
    author = make_user(username="author")
    question = make_question(author=author)
    make_tag("printer")
    (note,) = notify.notify({author.id: ("new_answer", "hello")}, None, question.id)
    db.session.commit()
    return {"author": author, "q": question, "note": note}


OTHERS = {r: 403 for r in ("suspended", "member", "moderator", "staff", "admin")}

MATRIX: list[tuple[str, Any, dict[str, int]]] = [
    ("follow question", lambda w: f"/questions/{w['q'].id}/follow", _expect(suspended=403)),
    ("follow tag", lambda w: "/tags/printer/follow", _expect(suspended=403)),
    (
        "unfollow question",
        lambda w: f"/questions/{w['q'].id}/unfollow",
        _expect(**dict.fromkeys(ROLES[1:], 409)),
    ),
    ("mark read", lambda w: f"/notifications/{w['note'].id}/read", _expect(**OTHERS)),
    ("open", lambda w: f"/notifications/{w['note'].id}", _expect(**OTHERS)),
    ("read all", lambda w: "/notifications/read-all", _expect()),
    ("email setting", lambda w: "/notifications/email", _expect()),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url,expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_route_permissions(client, make_user, login, world, role, name, url, expected):
    if role == "author":
        login(world["author"])
    elif role == "suspended":
        login(make_user(suspended_until=utcnow() + timedelta(days=1)))
    elif role != "anonymous":
        login(make_user(role=role))
    method = client.get if name == "open" else client.post
    response = method(url(world), data={"enabled": "0"})
    assert response.status_code == expected[role], (name, role, response.data[:300])

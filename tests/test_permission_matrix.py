"""Every mutating route of the core, for every role: the expected status.

"author" owns the object the route acts on. Statuses: 302 done (redirect), 403 refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from community.extensions import db

ROLES = ["anonymous", "member", "author", "moderator", "staff", "admin"]


def _expect(**overrides: int) -> dict[str, int]:
    base = {
        "anonymous": 403,
        "member": 302,
        "author": 302,
        "moderator": 302,
        "staff": 302,
        "admin": 302,
    }
    base.update(overrides)
    return base


@pytest.fixture
def world(make_user, make_question, make_answer, make_tag):
    author = make_user(username="author")
    other = make_user(username="other")
    make_tag("printer")
    q = make_question(author=author, tags=("router",))
    q_other = make_question(author=other)
    answer_by_author = make_answer(q_other, author=author)
    answer_on_q = make_answer(q, author=other)
    accepted = make_answer(q, author=other)
    q.accepted_answer_id = accepted.id
    staff_answer_owner = author
    db.session.commit()
    return {
        "author": author,
        "q": q,
        "q_other": q_other,
        "a_author": answer_by_author,
        "a_on_q": answer_on_q,
        "staff_owner": staff_answer_owner,
        "other": other,
    }


MATRIX: list[tuple[str, Any, dict[str, Any], dict[str, int]]] = [
    (
        "edit question",
        lambda w: f"/questions/{w['q'].id}/edit",
        {"title": "An edited title here", "body": "An edited body that is long", "tags": "printer"},
        _expect(member=403, staff=403),
    ),
    (
        "answer",
        lambda w: f"/questions/{w['q'].id}/answers",
        {"body": "Here is a useful answer"},
        _expect(),
    ),
    (
        "edit answer",
        lambda w: f"/answers/{w['a_author'].id}/edit",
        {"body": "An edited answer body"},
        _expect(member=403, staff=403),
    ),
    (
        "comment on question",
        lambda w: f"/questions/{w['q'].id}/comments",
        {"body": "Which model?"},
        _expect(),
    ),
    (
        "comment on answer",
        lambda w: f"/answers/{w['a_author'].id}/comments",
        {"body": "Which model?"},
        _expect(),
    ),
    (
        "vote question",
        lambda w: f"/questions/{w['q'].id}/vote",
        {"value": "up"},
        _expect(author=403),
    ),
    (
        "vote answer",
        lambda w: f"/answers/{w['a_author'].id}/vote",
        {"value": "down"},
        _expect(author=403),
    ),
    ("accept", lambda w: f"/answers/{w['a_on_q'].id}/accept", {}, _expect(member=403, staff=403)),
    ("unaccept", lambda w: f"/questions/{w['q'].id}/unaccept", {}, _expect(member=403, staff=403)),
    (
        "official",
        lambda w: f"/answers/{w['a_author'].id}/official",
        {"official": "1"},
        _expect(member=403, author=403, moderator=403, staff=403, admin=403),
    ),
    (
        "change role",
        lambda w: f"/admin/users/{w['other'].id}/role",
        {"role": "moderator"},
        _expect(member=403, author=403, moderator=403, staff=403),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url,data,expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_route_permissions(client, make_user, login, world, role, name, url, data, expected):
    if role == "author":
        login(world["author"])
    elif role != "anonymous":
        login(make_user(role=role if role != "member" else "member"))
    response = client.post(url(world), data=data)
    assert response.status_code == expected[role], (name, role, response.data[:300])


def test_staff_marks_own_answer_official(client, make_user, make_question, make_answer, login):
    staff = make_user("staff")
    a = make_answer(make_question(), author=staff)
    login(staff)
    assert client.post(f"/answers/{a.id}/official", data={"official": "1"}).status_code == 302
    db.session.refresh(a)
    assert a.is_official


def test_anonymous_ask_keeps_draft_through_login(client, make_user, make_tag, login):
    make_tag("router")
    draft = {
        "title": "Router reboots every night",
        "body": "It reboots at 3 am every night.",
        "tags": "router",
    }
    response = client.post("/questions/ask", data=draft)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login(make_user())
    page = client.get("/questions/ask").get_data(as_text=True)
    assert "Router reboots every night" in page and "It reboots at 3 am" in page

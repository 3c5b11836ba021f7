"""Every moderation route, for every role: the expected status.

One world per role with a separate target per route, so the routes cannot interfere with each
other. "author" wrote the posts the routes act on. 200 page, 302 done, 403 refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from community.extensions import db
from community.models import utcnow

ROLES = ["anonymous", "member", "author", "moderator", "staff", "admin"]
MODS = {"moderator", "admin"}
REASON = {"reason": "Tidying up the thread"}


def _moderators_only(ok: int = 302) -> dict[str, int]:
    return {role: ok if role in MODS else 403 for role in ROLES}


@pytest.fixture
def world(make_user, make_question, make_answer, make_comment, make_flag):
    from datetime import timedelta

    author, other = make_user(username="author"), make_user(username="other")

    def q(**fields: Any):
        return make_question(author=author, **fields)

    w: dict[str, Any] = {"author": author}
    w["flag_q"] = q()
    w["flag_a"] = make_answer(make_question(author=other), author=author)
    w["flag_c"] = make_comment(question=make_question(author=other), author=author)
    w["resolve_q"] = q()
    make_flag(w["resolve_q"], reporter=other)
    w["hide_q"] = q()
    w["hide_c"] = make_comment(question=make_question(author=other), author=author)
    restore_q = make_question(author=other)
    w["restore_a"] = make_answer(restore_q, author=author, is_hidden=True)
    w["close_q"] = q()
    w["reopen_q"] = q(status="closed", close_reason="Unclear")
    w["dup_q"], w["original"] = q(), make_question(author=other)
    w["lock_q"], w["unlock_q"] = q(), q(is_locked=True)
    accept_q = q()
    w["accept_a"] = make_answer(accept_q, author=other)
    w["unaccept_q"] = q()
    accepted = make_answer(w["unaccept_q"], author=other)
    w["unaccept_q"].accepted_answer_id = accepted.id
    w["info_q"] = q()
    make_answer(w["info_q"], author=other)
    w["victim"] = make_user()
    w["suspended"] = make_user(
        suspended_until=utcnow() + timedelta(days=3), suspension_reason="Spam"
    )
    db.session.commit()
    return w


ROUTES: list[tuple[str, str, Any, dict[str, Any], dict[str, int]]] = [
    (
        "flag question",
        "POST",
        lambda w: f"/moderation/flag/questions/{w['flag_q'].id}",
        {"reason": "spam"},
        {**_moderators_only(), "member": 302, "staff": 302},
    ),
    (
        "flag answer",
        "POST",
        lambda w: f"/moderation/flag/answers/{w['flag_a'].id}",
        {"reason": "rude"},
        {**_moderators_only(), "member": 302, "staff": 302},
    ),
    (
        "flag comment",
        "POST",
        lambda w: f"/moderation/flag/comments/{w['flag_c'].id}",
        {"reason": "other", "note": "Off-topic rant"},
        {**_moderators_only(), "member": 302, "staff": 302},
    ),
    ("queue", "GET", lambda w: "/moderation/", {}, _moderators_only(200)),
    ("log", "GET", lambda w: "/moderation/log", {}, _moderators_only(200)),
    (
        "resolve",
        "POST",
        lambda w: f"/moderation/queue/questions/{w['resolve_q'].id}/resolve",
        {"resolution": "dismiss"},
        _moderators_only(),
    ),
    (
        "hide",
        "POST",
        lambda w: f"/moderation/questions/{w['hide_q'].id}/hide",
        REASON,
        _moderators_only(),
    ),
    (
        "hide comment",
        "POST",
        lambda w: f"/moderation/comments/{w['hide_c'].id}/hide",
        REASON,
        _moderators_only(),
    ),
    (
        "restore",
        "POST",
        lambda w: f"/moderation/answers/{w['restore_a'].id}/restore",
        REASON,
        _moderators_only(),
    ),
    (
        "close",
        "POST",
        lambda w: f"/moderation/questions/{w['close_q'].id}/close",
        {"reason": "off_topic"},
        _moderators_only(),
    ),
    (
        "reopen",
        "POST",
        lambda w: f"/moderation/questions/{w['reopen_q'].id}/reopen",
        REASON,
        _moderators_only(),
    ),
    (
        "duplicate",
        "POST",
        lambda w: f"/moderation/questions/{w['dup_q'].id}/duplicate",
        lambda w: {"original": str(w["original"].id)},
        _moderators_only(),
    ),
    (
        "lock",
        "POST",
        lambda w: f"/moderation/questions/{w['lock_q'].id}/lock",
        REASON,
        _moderators_only(),
    ),
    (
        "unlock",
        "POST",
        lambda w: f"/moderation/questions/{w['unlock_q'].id}/unlock",
        REASON,
        _moderators_only(),
    ),
    (
        "accept",
        "POST",
        lambda w: f"/moderation/answers/{w['accept_a'].id}/accept",
        REASON,
        _moderators_only(),
    ),
    (
        "unaccept",
        "POST",
        lambda w: f"/moderation/questions/{w['unaccept_q'].id}/unaccept",
        REASON,
        _moderators_only(),
    ),
    (
        "needs info",
        "POST",
        lambda w: f"/moderation/questions/{w['info_q'].id}/needs-info",
        {"text": "Which firmware version is installed?"},
        _moderators_only(),
    ),
    (
        "user page",
        "GET",
        lambda w: f"/moderation/users/{w['victim'].id}",
        {},
        _moderators_only(200),
    ),
    (
        "suspend",
        "POST",
        lambda w: f"/moderation/users/{w['victim'].id}/suspend",
        {"days": "3", "reason": "Posting spam links"},
        _moderators_only(),
    ),
    (
        "unsuspend",
        "POST",
        lambda w: f"/moderation/users/{w['suspended'].id}/unsuspend",
        REASON,
        _moderators_only(),
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_every_moderation_route_for_every_role(client, make_user, login, world, role):
    if role == "author":
        login(world["author"])
    elif role != "anonymous":
        login(make_user(role=role))
    wrong = []
    for name, method, url, data, expected in ROUTES:
        payload = data(world) if callable(data) else data
        if method == "GET":
            response = client.get(url(world))
        else:
            response = client.post(url(world), data=payload)
        if response.status_code != expected[role]:
            wrong.append((name, response.status_code, expected[role], response.data[:200]))
    assert wrong == [], (role, wrong)

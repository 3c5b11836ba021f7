"""Rate limits with the limiter switched on: per account, per address, per username."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Limiter on (fresh in-memory storage per app), generous unless a test lowers a limit."""
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_POSTING_ACCOUNT": "100 per minute",
        "RATELIMIT_POSTING_ADDRESS": "100 per minute",
        "RATELIMIT_VOTING_ACCOUNT": "100 per minute",
        "RATELIMIT_VOTING_ADDRESS": "100 per minute",
        "RATELIMIT_FLAGGING_ACCOUNT": "100 per minute",
        "RATELIMIT_FLAGGING_ADDRESS": "100 per minute",
        "RATELIMIT_LOGIN_ADDRESS": "100 per minute",
        "RATELIMIT_LOGIN_USERNAME": "100 per minute",
        "RATELIMIT_REGISTER_ADDRESS": "100 per minute",
    }


def _as(client, address: str) -> dict[str, Any]:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_posting_is_limited_per_account_across_ask_answer_comment(
    app, client, login, make_user, make_question
):
    app.config["RATELIMIT_POSTING_ACCOUNT"] = "3 per minute"
    q = make_question()
    login(make_user())
    assert (
        client.post(f"/questions/{q.id}/answers", data={"body": "First answer here"}).status_code
        == 302
    )
    assert client.post(f"/questions/{q.id}/comments", data={"body": "A comment"}).status_code == 302
    assert (
        client.post(f"/questions/{q.id}/answers", data={"body": "Second answer here"}).status_code
        == 302
    )
    r = client.post(f"/questions/{q.id}/comments", data={"body": "One too many"})
    assert r.status_code == 429 and "Too many requests" in r.get_data(as_text=True)
    # Another account on the same address still has its own allowance.
    client.post("/auth/logout")
    login(make_user())
    assert (
        client.post(f"/questions/{q.id}/answers", data={"body": "Another member"}).status_code
        == 302
    )
    # Reading is never limited.
    assert client.get(f"/questions/{q.id}").status_code == 200


def test_posting_is_limited_per_address(app, client, login, make_user, make_question):
    app.config["RATELIMIT_POSTING_ADDRESS"] = "2 per minute"
    q = make_question()
    for expected in (302, 302, 429):
        client.post("/auth/logout")
        login(make_user())
        r = client.post(f"/questions/{q.id}/answers", data={"body": "An answer body"})
        assert r.status_code == expected
    # The same account from another address is fine.
    r = client.post(
        f"/questions/{q.id}/answers", data={"body": "From elsewhere"}, **_as(client, "10.9.9.9")
    )
    assert r.status_code == 302


def test_moderators_are_not_throttled_on_posting(app, client, login, make_user, make_question):
    app.config["RATELIMIT_POSTING_ACCOUNT"] = "1 per minute"
    q = make_question()
    login(make_user("moderator"))
    for _ in range(3):
        assert (
            client.post(f"/questions/{q.id}/comments", data={"body": "Mod note"}).status_code == 302
        )


def test_voting_is_limited(app, client, login, make_user, make_question):
    app.config["RATELIMIT_VOTING_ACCOUNT"] = "2 per minute"
    questions = [make_question() for _ in range(3)]
    login(make_user())
    statuses = [
        client.post(f"/questions/{q.id}/vote", data={"value": "up"}).status_code for q in questions
    ]
    assert statuses == [302, 302, 429]


def test_flagging_is_limited(app, client, login, make_user, make_question):
    app.config["RATELIMIT_FLAGGING_ACCOUNT"] = "2 per minute"
    questions = [make_question() for _ in range(3)]
    login(make_user())
    statuses = [
        client.post(f"/moderation/flag/questions/{q.id}", data={"reason": "spam"}).status_code
        for q in questions
    ]
    assert statuses == [302, 302, 429]


def test_login_throttled_per_username_without_revealing_accounts(app, client, make_user):
    app.config["RATELIMIT_LOGIN_USERNAME"] = "2 per minute"
    make_user(username="realuser")
    for name in ("realuser", "ghostuser"):
        seen = [
            client.post("/auth/login", data={"username": name, "password": "wrong-password"})
            for _ in range(3)
        ]
        assert [r.status_code for r in seen] == [401, 401, 429], name
        assert seen[0].get_data(as_text=True).count("Invalid username or password.") == 1
    # Even the right password waits now; another username from this address is not blocked.
    assert (
        client.post(
            "/auth/login", data={"username": "REALUSER", "password": "correct-horse-1"}
        ).status_code
        == 429
    )
    assert (
        client.post(
            "/auth/login", data={"username": "someone", "password": "x-wrong-x"}
        ).status_code
        == 401
    )


def test_successful_logins_do_not_use_up_the_username_allowance(app, client, make_user):
    app.config["RATELIMIT_LOGIN_USERNAME"] = "1 per minute"
    make_user(username="steady")
    for _ in range(3):
        assert (
            client.post(
                "/auth/login", data={"username": "steady", "password": "correct-horse-1"}
            ).status_code
            == 302
        )
        client.post("/auth/logout")


def test_login_throttled_per_address(app, client, make_user):
    app.config["RATELIMIT_LOGIN_ADDRESS"] = "2 per minute"
    statuses = [
        client.post(
            "/auth/login", data={"username": f"user{i}", "password": "wrong-password"}
        ).status_code
        for i in range(3)
    ]
    assert statuses == [401, 401, 429]
    other = client.post(
        "/auth/login", data={"username": "user9", "password": "wrong"}, **_as(client, "10.1.1.1")
    )
    assert other.status_code == 401


def test_registration_limited_per_address(app, client):
    app.config["RATELIMIT_REGISTER_ADDRESS"] = "2 per hour"
    statuses = []
    for i in range(3):
        client.post("/auth/logout")
        statuses.append(
            client.post(
                "/auth/register",
                data={
                    "username": f"newbie{i}",
                    "password": "long-enough-pw",
                    "confirm": "long-enough-pw",
                },
            ).status_code
        )
    assert statuses == [302, 302, 429]

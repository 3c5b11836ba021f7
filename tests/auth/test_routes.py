"""Registration, login, logout, remember me, safe redirects."""

from __future__ import annotations

import pytest

from community.auth.routes import safe_next


def test_register_login_logout(client):
    r = client.post(
        "/auth/register",
        data={"username": "newbie", "password": "long-enough-pw", "confirm": "long-enough-pw"},
    )
    assert r.status_code == 302
    assert "newbie" in client.get("/questions").get_data(as_text=True)
    assert client.post("/auth/logout").status_code == 302
    r = client.post(
        "/auth/login", data={"username": "NEWBIE", "password": "long-enough-pw", "remember": "y"}
    )
    assert r.status_code == 302
    assert any(c.key == "remember_token" for c in client._cookies.values())


def test_register_errors(client, make_user):
    make_user(username="taken")
    r = client.post(
        "/auth/register",
        data={"username": "taken", "password": "long-enough-pw", "confirm": "long-enough-pw"},
    )
    assert r.status_code == 409 and "taken" in r.get_data(as_text=True)
    r = client.post("/auth/register", data={"username": "x", "password": "a", "confirm": "b"})
    assert r.status_code == 422


def test_login_failure_does_not_reveal_accounts(client, make_user):
    make_user(username="real")
    wrong_pw = client.post("/auth/login", data={"username": "real", "password": "nope-nope"})
    no_user = client.post("/auth/login", data={"username": "ghost", "password": "nope-nope"})
    assert wrong_pw.status_code == no_user.status_code == 401
    assert "Invalid username or password" in wrong_pw.get_data(as_text=True)
    assert "Invalid username or password" in no_user.get_data(as_text=True)


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/questions/1", "/questions/1"),
        ("https://evil.example/", "/questions"),
        ("//evil.example/", "/questions"),
        ("/\\evil.example", "/questions"),
        ("javascript:alert(1)", "/questions"),
        ("", "/questions"),
    ],
)
def test_safe_next(app, target, expected):
    with app.test_request_context():
        assert safe_next(target) == expected


def test_passwords_are_hashed_with_scrypt(make_user):
    user = make_user()
    assert user.password_hash.startswith("scrypt:")

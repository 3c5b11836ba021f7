"""Hostile bytes in requests get a clear 4xx on every backend, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "method,url,data",
    [
        ("GET", "/questions?tag=router%00", None),
        ("GET", "/questions?sort=%00", None),
        ("GET", "/users/ann%00", None),
        ("POST", "/auth/login", {"username": "ann\x00", "password": "whatever-1"}),
        ("POST", "/auth/register", {"username": "a\x00b", "password": "x" * 9, "confirm": "x" * 9}),
        ("POST", "/questions/ask", {"title": "t" * 12, "body": "b" * 25, "tags": "router\x00"}),
    ],
)
def test_nul_characters_are_refused_clearly(client, make_user, login, method, url, data):
    login(make_user())
    response = client.open(url, method=method, data=data)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)


def test_ordinary_text_is_untouched(client):
    assert client.get("/questions?tag=router").status_code == 200

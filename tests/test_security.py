"""CSRF on forms, security headers, health check."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_post_without_csrf_token_is_refused(client, make_user, make_question):
    q = make_question()
    for url, data in [
        ("/auth/login", {"username": "a", "password": "b"}),
        (f"/questions/{q.id}/answers", {"body": "An answer without a token"}),
        (f"/questions/{q.id}/vote", {"value": "up"}),
        ("/questions/ask", {"title": "t", "body": "b", "tags": "router"}),
        ("/auth/logout", {}),
        ("/api/v1/preview", {"text": "x"}),
    ]:
        r = client.post(url, data=data)
        assert r.status_code == 400, url
        assert "expired" in r.get_data(as_text=True) or "form" in r.get_data(as_text=True)


def test_security_headers(client):
    r = client.get("/questions")
    csp = r.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json["checks"]["database"] == "ok"

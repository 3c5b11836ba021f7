"""Security headers on every page, session cookies, `next` redirects, password storage, and
login answers that do not tell whether an account exists."""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from community.extensions import db
from community.models import User
from tests.conftest import PASSWORD
from tests.security.route_catalog import iter_routes


def _directives(csp: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2] for part in csp.split(";")
    }


def assert_secure_headers(response) -> None:
    """The headers every response must carry."""
    csp = _directives(response.headers.get("Content-Security-Policy", ""))
    script_src = csp.get("script-src", csp.get("default-src", ""))
    assert script_src and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "*" not in script_src.split() and "data:" not in script_src
    assert csp.get("frame-ancestors") == "'none'"
    assert csp.get("object-src") == "'none'" and csp.get("base-uri") == "'self'"
    assert "'unsafe-inline'" not in csp.get("style-src", csp.get("default-src", ""))
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }
    assert response.headers.get("X-Frame-Options") == "DENY"


def test_every_get_route_and_error_page_sends_the_headers(app, client, objects):
    routes = list(iter_routes(app, objects, {"GET"}))
    for route in routes:
        response = client.get(route.url)
        assert_secure_headers(response)
    for url in ("/no-such-page", "/questions/999999", "/api/v1/nothing"):
        response = client.get(url)
        assert response.status_code == 404
        assert_secure_headers(response)
    assert_secure_headers(client.post("/api/v1/preview", json={"nope": 1}))


def _session_cookie(response, name: str = "session") -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]
    assert cookies, f"no {name} cookie set"
    return cookies[-1].lower()


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login", data={"username": user.username, "password": PASSWORD, "remember": "y"}
    )
    for name in ("session", "remember_token"):
        cookie = _session_cookie(response, name)
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert "secure" not in cookie.replace("samesite", "")  # plain http in development


@pytest.fixture
def production_like(app_config):
    return {**app_config, "SESSION_COOKIE_SECURE": True}


def test_cookies_are_secure_when_configured(production_like, make_user):
    """Production sets only COMMUNITY_SESSION_COOKIE_SECURE=true (README, "Running in
    production"); the long-lived remember-me cookie must follow it."""
    from community import create_app

    app = create_app(production_like)
    with app.app_context():
        user = make_user()
        client = app.test_client()
        response = client.post(
            "/auth/login", data={"username": user.username, "password": PASSWORD, "remember": "y"}
        )
        db.session.remove()
        db.engine.dispose()
        for name in ("session", "remember_token"):
            assert "; secure" in _session_cookie(response, name)


OPEN_REDIRECTS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    " //evil.example/",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "%2F%2Fevil.example",
    "/%09/evil.example",
    "evil.example",
]


def _browser_target(location: str) -> tuple[str, str]:
    """Where a browser would go: it drops tabs/newlines and reads backslashes as slashes."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    parts = urlsplit(cleaned.strip())
    return parts.scheme, parts.netloc


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_never_leaves_the_site(client, make_user, target):
    user = make_user()
    login = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"username": user.username, "password": PASSWORD},
    )
    client.post("/auth/logout")
    register = client.post(
        "/auth/register",
        query_string={"next": target},
        data={
            "username": f"new{abs(hash(target)) % 10**6}",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    for response in (login, register):
        assert response.status_code == 302
        scheme, netloc = _browser_target(response.headers["Location"])
        assert scheme in ("", "http") and netloc in ("", "localhost"), response.headers["Location"]


def test_local_next_is_followed(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login?next=/questions/ask",
        data={"username": user.username, "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/questions/ask")


def test_passwords_are_stored_with_scrypt(client, monkeypatch):
    from werkzeug import security

    from community.models import user as user_module

    monkeypatch.setattr(user_module, "generate_password_hash", security.generate_password_hash)
    # The suite lowers the work factor for speed; this test checks the production setting.
    monkeypatch.setattr(user_module, "PASSWORD_HASH_METHOD", "scrypt")
    response = client.post(
        "/auth/register", data={"username": "hashme", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 302
    stored = db.session.scalar(select(User.password_hash).where(User.username == "hashme"))
    method, salt, digest = stored.split("$")
    n, r, p = (int(x) for x in method.removeprefix("scrypt:").split(":"))
    assert method.startswith("scrypt:") and n >= 2**14 and r >= 8 and p >= 1
    assert PASSWORD not in stored and len(salt) >= 16 and len(digest) >= 64


def test_login_failures_look_the_same_with_or_without_an_account(client, make_user, monkeypatch):
    from community.models import user as user_module

    user = make_user()
    checks: list[str] = []
    real_check = user_module.check_password_hash

    def counting_check(pwhash: str, password: str) -> bool:
        checks.append(pwhash.split("$", 1)[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(user_module, "check_password_hash", counting_check)
    known = client.post("/auth/login", data={"username": user.username, "password": "wrong-pass"})
    unknown = client.post("/auth/login", data={"username": "nobody-here", "password": "wrong-pass"})
    assert known.status_code == unknown.status_code == 401

    def message(response) -> str:
        html = response.get_data(as_text=True)
        return html.split('role="alert"', 1)[1].split("<", 1)[0] if 'role="alert"' in html else html

    assert message(known) == message(unknown) and "Invalid username or password" in message(known)
    # Both paths ran one full password check, with the same KDF parameters.
    assert len(checks) == 2 and checks[0] == checks[1]


def test_login_timing_is_roughly_equal(client, make_user, monkeypatch):
    from werkzeug import security

    from community.models import user as user_module

    monkeypatch.setattr(user_module, "check_password_hash", security.check_password_hash)
    user = make_user()

    def timed(username: str) -> float:
        started = time.perf_counter()
        client.post("/auth/login", data={"username": username, "password": "wrong-password"})
        return time.perf_counter() - started

    known = statistics.median(timed(user.username) for _ in range(3))
    unknown = statistics.median(timed("nobody-here") for _ in range(3))
    assert 0.33 < unknown / known < 3, (known, unknown)


def test_visitors_reading_get_no_cookie(client, make_question):
    question = make_question()
    for url in ("/questions", "/", f"/questions/{question.id}"):
        response = client.get(url)
        assert response.status_code == 200 and not response.headers.getlist("Set-Cookie"), url
    assert "csrf-token" in client.get("/questions/ask").get_data(as_text=True)
    # Opened from an ask session, the page's deflection panel posts: it needs the token.
    opened = client.get(f"/questions/{question.id}?ask={'a' * 32}&rank=1")
    assert "csrf-token" in opened.get_data(as_text=True)


def _register(client, username: str, email: str):
    return client.post(
        "/auth/register",
        data={
            "username": username,
            "email": email,
            "password": "long-password-1",
            "confirm": "long-password-1",
        },
        follow_redirects=True,
    )


def test_registration_does_not_tell_whether_an_email_is_registered(
    app, make_user, mail_outbox, isolated_logins
):
    """E-mail addresses are private: a taken one gets the same answer as a fresh one, and only
    the address's owner is told (by mail). Usernames are public, so those clashes still show."""
    owner = make_user(username="owner", email="owner@example.com")
    fresh = _register(app.test_client(), "newcomer1", "fresh@example.com")
    taken = _register(app.test_client(), "newcomer2", "Owner@Example.com")
    assert fresh.status_code == taken.status_code == 200
    assert fresh.request.path == taken.request.path
    for response in (fresh, taken):
        page = response.get_data(as_text=True)
        assert "Welcome! Your account is ready." in page
        assert "already" not in page.lower() and "owner@example.com" not in page.lower()
    db.session.expire_all()
    newcomer = db.session.scalar(select(User).where(User.username == "newcomer2"))
    assert newcomer is not None and newcomer.email is None
    assert [m.to for m in mail_outbox] == [owner.email]
    assert owner.username in mail_outbox[0].body and "newcomer2" not in mail_outbox[0].body
    clash = _register(app.test_client(), "OWNER", "other@example.com")
    assert clash.status_code == 409 and "username is taken" in clash.get_data(as_text=True)

"""CSRF: every state-changing route of the url_map refuses a request without a token.

The only exemptions are listed in CSRF_EXEMPT with the reason; a route missing from the app is
reported so stale entries do not linger.
"""

from __future__ import annotations

import re

import pytest

from tests.security.route_catalog import STATE_CHANGING, iter_routes

# endpoint -> why it may accept a cross-site request. Keep this short and justified, e.g.
# "api.deflection_events": "sendBeacon cannot send headers; events are idempotent and anonymous".
CSRF_EXEMPT: dict[str, str] = {
    "deflection_api.record_event": (
        "navigator.sendBeacon cannot send the CSRF header; the endpoint reads no login session "
        "or cookie (only an anonymous token in the body), takes application/json only, and its "
        "events are validated, capped, rate-limited and idempotent"
    ),
}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_every_state_changing_route_refuses_a_missing_token(
    app, client, objects, make_user, session_login
):
    session_login(make_user(role="admin"))
    routes = list(iter_routes(app, objects, STATE_CHANGING))
    assert len(routes) >= 10, "the url_map walk found too few routes"
    accepted = []
    for route in routes:
        if route.endpoint in CSRF_EXEMPT:
            continue
        for payload in ({"data": {"body": "x" * 30, "value": "up"}}, {"json": {"text": "x"}}):
            response = client.open(route.url, method=route.method, **payload)
            if response.status_code != 400:
                accepted.append(f"{route.key} -> {response.status_code}")
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)


def test_a_wrong_token_is_refused_too(app, client, objects, make_user, session_login):
    session_login(make_user())
    response = client.post(
        f"/questions/{objects.question_id}/answers",
        data={"body": "An answer with a forged token", "csrf_token": "forged"},
    )
    assert response.status_code == 400


def test_the_token_is_what_is_checked(app, client, objects, make_user, session_login):
    """With the page's token the same request goes through: the 400s above are CSRF refusals."""
    session_login(make_user())
    page = client.get(f"/questions/{objects.question_id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        f"/questions/{objects.question_id}/answers",
        data={"body": "An answer with the real token", "csrf_token": token},
    )
    assert response.status_code == 302


def test_exemptions_name_real_routes(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(CSRF_EXEMPT) <= endpoints
    assert all(reason.strip() for reason in CSRF_EXEMPT.values())


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_the_exempt_beacon_refuses_what_a_cross_site_form_can_send(client, content_type):
    """A cross-site form or no-cors fetch can only send these types: the beacon refuses them."""
    body = '{"session": "0123456789abcdef0123456789abcdef", "kind": "shown"}'
    response = client.post(
        "/api/v1/deflection/events", data=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 415

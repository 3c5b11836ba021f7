"""HTTP behaviour of the deflection endpoints: statuses, CSRF, size caps, permissions, pages."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.models import DeflectionEvent, Question

EVENTS = "/api/v1/deflection/events"
TOKEN = "0123456789abcdef0123456789abcdef"


def stored() -> int:
    return db.session.scalar(select(func.count(DeflectionEvent.id))) or 0


def test_beacon_statuses(client, app):
    assert client.post(EVENTS, json={"session": TOKEN, "kind": "ask_started"}).status_code == 201
    assert client.post(EVENTS, json={"session": TOKEN, "kind": "ask_started"}).status_code == 200
    bad = client.post(EVENTS, json={"session": "x", "kind": "ask_started"})
    assert bad.status_code == 422 and "session" in bad.json["errors"]
    assert client.post(EVENTS, data="{not json", content_type="application/json").status_code == 422
    form = client.post(EVENTS, data={"session": TOKEN, "kind": "ask_started"})
    assert form.status_code == 415
    big = json.dumps({"session": TOKEN, "kind": "ask_started", "pad": "x" * 5000})
    assert client.post(EVENTS, data=big, content_type="application/json").status_code == 413
    assert client.get(EVENTS).status_code == 405
    assert stored() == 1


@pytest.fixture
def csrf_on(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_beacon_is_csrf_exempt_but_the_feedback_form_is_not(csrf_on, client, make_question):
    q = make_question()
    assert client.post(EVENTS, json={"session": TOKEN, "kind": "ask_started"}).status_code == 201
    page = client.get(f"/questions/{q.id}?ask={TOKEN}&rank=2").get_data(as_text=True)
    assert 'name="csrf_token"' in page and "This solved my problem" in page
    data = {"session": TOKEN, "item_kind": "question", "item_id": q.id, "verdict": "yes"}
    assert client.post("/deflection/feedback", data=data).status_code == 400  # no CSRF token
    assert stored() == 2  # ask_started + the open recorded by the page


def test_panel_only_with_a_valid_token(client, make_question):
    q = make_question()
    assert "This solved my problem" not in client.get(f"/questions/{q.id}").get_data(as_text=True)
    junk = client.get(f"/questions/{q.id}?ask=<b>junk</b>&rank=x")
    assert junk.status_code == 200 and "This solved my problem" not in junk.get_data(as_text=True)
    assert stored() == 0
    # Hidden questions stay 404 and record nothing.
    q.is_hidden = True
    db.session.commit()
    assert client.get(f"/questions/{q.id}?ask={TOKEN}&rank=1").status_code == 404
    assert stored() == 0


def test_feedback_form_refuses_forgeries(client, make_question):
    q = make_question()
    base = {"session": TOKEN, "item_kind": "question", "item_id": q.id, "verdict": "yes"}
    # Not opened from a suggestion in this session: refused.
    assert client.post("/deflection/feedback", data=base).status_code == 422
    client.get(f"/questions/{q.id}?ask={TOKEN}&rank=1")
    for change in (
        {"verdict": "maybe"},
        {"item_kind": "user"},
        {"item_id": "1; drop"},
        {"session": "x"},
    ):
        assert client.post("/deflection/feedback", data=base | change).status_code == 422
    ok = client.post("/deflection/feedback", data=base | {"verdict": "no"})
    assert ok.status_code == 303 and ok.headers["Location"].endswith(f"/questions/{q.id}")
    assert stored() == 2


def test_ask_page_wires_the_scripts_and_the_hidden_token(client):
    page = client.get("/questions/ask").get_data(as_text=True)
    assert "js/deflection.js" in page and "js/expectation.js" in page
    assert 'name="session_token"' in page


def test_question_posted_recorded_server_side(client, make_user, make_tag, login):
    make_tag("router")
    login(make_user())
    client.post(
        "/questions/ask",
        data={
            "title": "Router light is amber",
            "body": "The light is amber after an update.",
            "tags": "router",
            "session_token": TOKEN,
        },
    )
    q = db.session.scalar(select(Question))
    row = db.session.scalar(select(DeflectionEvent))
    assert (row.kind, row.question_id, row.session_token) == ("question_posted", q.id, TOKEN)


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "staff", "admin"])
def test_stats_api_permissions(client, make_user, login, role):
    if role != "anonymous":
        login(make_user(role=role))
    response = client.get("/api/v1/stats/deflection?days=30")
    expected = 200 if role in ("staff", "admin") else 403
    assert response.status_code == expected
    if expected == 200:
        assert {
            "sessions",
            "shown",
            "explicit",
            "implicit",
            "failed",
            "rate",
            "cost_avoided",
            "currency",
        } <= set(response.json)
    else:
        assert response.json["error"] == "Not allowed"


def test_stats_api_bad_periods(client, make_user, login):
    login(make_user(role="staff"))
    for query in (
        "days=abc",
        "days=0",
        "days=10000",
        "start=2026-01-05&end=2026-01-01",
        "start=2026-01-01",
        "start=nope&end=2026-01-01",
    ):
        assert client.get(f"/api/v1/stats/deflection?{query}").status_code == 422, query


def test_openapi_lists_the_deflection_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/deflection/events" in paths and "/api/v1/stats/deflection" in paths

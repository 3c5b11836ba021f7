"""Recording events without HTTP: validation, idempotency, limits, expiry, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from community.deflection import events
from community.exceptions import RateLimited, ValidationFailed
from community.extensions import db
from community.models import DeflectionEvent

TOKEN = "0123456789abcdef0123456789abcdef"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def count() -> int:
    return db.session.scalar(select(func.count(DeflectionEvent.id))) or 0


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "ask_started",
        {"session": TOKEN},
        {"session": TOKEN.upper(), "kind": "ask_started"},
        {"session": TOKEN[:-1], "kind": "ask_started"},
        {"session": TOKEN, "kind": "question_posted", "item": {"kind": "question", "id": 1}},
        {"session": TOKEN, "kind": "nonsense"},
        {"session": TOKEN, "kind": "ask_started", "extra": 1},
        {"session": TOKEN, "kind": "ask_started", "item": {"kind": "question", "id": 1, "rank": 1}},
        {"session": TOKEN, "kind": "suggestions_shown", "items": []},
        {"session": TOKEN, "kind": "suggestions_shown", "items": [{"kind": "question", "id": 1}]},
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "user", "id": 1, "rank": 1}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": "1", "rank": 1}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": True, "rank": 1}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": 0, "rank": 1}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": 2**40, "rank": 1}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": 1, "rank": 99}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": 1, "rank": 1, "x": 1}],
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": 1, "rank": 1}] * 2,
        },
        {
            "session": TOKEN,
            "kind": "suggestions_shown",
            "items": [{"kind": "question", "id": i, "rank": 1} for i in range(1, 12)],
        },
        {
            "session": TOKEN,
            "kind": "suggestion_opened",
            "items": [{"kind": "question", "id": 1, "rank": 1}],
        },
        {"session": TOKEN, "kind": "suggestion_opened", "item": {"kind": "question", "id": 1}},
        {
            "session": TOKEN,
            "kind": "solved_yes",
            "item": {"kind": "question", "id": 1},
        },  # never opened
    ],
)
def test_bad_or_forged_payloads_are_refused_and_not_stored(app, payload):
    with pytest.raises(ValidationFailed):
        events.record_client_event(payload, NOW)
    assert count() == 0


def test_idempotent_per_session_kind_and_item(app):
    shown = {
        "session": TOKEN,
        "kind": "suggestions_shown",
        "items": [{"kind": "question", "id": 1, "rank": 1}, {"kind": "video", "id": 1, "rank": 2}],
    }
    assert events.record_client_event(shown, NOW) == 2
    assert events.record_client_event(shown, NOW + timedelta(seconds=5)) == 0
    opened = {
        "session": TOKEN,
        "kind": "suggestion_opened",
        "item": {"kind": "video", "id": 1, "rank": 2},
    }
    assert events.record_client_event(opened, NOW) == 1
    assert events.record_opened_from_page("video", 1, TOKEN, "2") is False  # same event
    assert (
        events.record_client_event(
            {"session": TOKEN, "kind": "solved_yes", "item": {"kind": "video", "id": 1}}, NOW
        )
        == 1
    )
    assert count() == 4


def test_hooks_ignore_junk_without_failing(app):
    assert events.record_question_posted(5, "") is False
    assert events.record_question_posted(5, "not-a-token") is False
    assert events.record_opened_from_page("question", 5, "<script>", "1") is False
    assert events.record_opened_from_page("question", 5, TOKEN, "abc") is True  # rank dropped
    assert db.session.scalar(select(DeflectionEvent.rank)) is None
    assert events.record_question_posted(5, TOKEN) is True
    assert events.record_question_posted(5, TOKEN) is False


def test_per_session_cap_and_rate(app):
    app.config.update(DEFLECTION_MAX_EVENTS_PER_MINUTE=3, DEFLECTION_MAX_EVENTS_PER_SESSION=5)

    def opened(n: int, at: datetime) -> int:
        payload = {
            "session": TOKEN,
            "kind": "suggestion_opened",
            "item": {"kind": "question", "id": n, "rank": 1},
        }
        return events.record_client_event(payload, at)

    for n in range(1, 4):
        assert opened(n, NOW) == 1
    with pytest.raises(RateLimited):
        opened(4, NOW + timedelta(seconds=30))
    assert opened(4, NOW + timedelta(minutes=2)) == 1
    assert opened(5, NOW + timedelta(minutes=2)) == 1
    with pytest.raises(RateLimited):
        opened(6, NOW + timedelta(minutes=10))
    assert count() == 5


def test_session_expires_after_max_age(app):
    start = {"session": TOKEN, "kind": "ask_started"}
    events.record_client_event(start, NOW)
    late = NOW + timedelta(hours=app.config["DEFLECTION_SESSION_MAX_HOURS"], minutes=1)
    with pytest.raises(ValidationFailed):
        events.record_client_event(
            {
                "session": TOKEN,
                "kind": "suggestion_opened",
                "item": {"kind": "question", "id": 1, "rank": 1},
            },
            late,
        )


def test_prune_keeps_recent_events(app):
    old = "f" * 32
    events.record_client_event({"session": old, "kind": "ask_started"}, NOW - timedelta(days=40))
    events.record_client_event({"session": TOKEN, "kind": "ask_started"}, NOW - timedelta(days=10))
    assert events.prune_events(NOW, 30) == 1
    assert db.session.scalar(select(DeflectionEvent.session_token)) == TOKEN
    with pytest.raises(ValidationFailed):
        events.prune_events(NOW, 0)


def test_integral_json_numbers_are_integers(app):
    """JSON (and the OpenAPI document) treat 3.0 as the integer 3; 3.5 stays refused."""
    item = {"kind": "question", "id": 7.0, "rank": 2.0}
    payload = {"session": TOKEN, "kind": "suggestions_shown", "items": [item]}
    assert events.record_client_event(payload, NOW) == 1
    with pytest.raises(ValidationFailed):
        events.record_client_event(
            {"session": TOKEN, "kind": "suggestion_opened", "item": {**item, "id": 7.5}}, NOW
        )

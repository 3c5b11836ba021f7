"""Scripted ask sessions driven through the real endpoints, with exact counts.

Every outcome, reloads, duplicate beacons, sessions spanning the window and midnight, and the
daily roll-ups agreeing with the live computation. The server's clock is a fixture.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.models import DeflectionDay, DeflectionEvent

EVENTS = "/api/v1/deflection/events"


class Clock:
    """A settable server clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    c = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    for module in ("events", "api", "routes"):
        monkeypatch.setattr(f"community.deflection.{module}.utcnow", c)
    monkeypatch.setattr("community.staff.routes.utcnow", c)
    return c


def token(n: int) -> str:
    return f"{n:032x}"


@pytest.fixture
def world(client, make_user, make_question, make_tag, login):
    make_tag("router")
    make_tag("printer")
    q1 = make_question(tags=("router",))
    q2 = make_question(tags=("printer",))
    staff = make_user(role="staff")
    member = make_user()
    return {"q1": q1.id, "q2": q2.id, "staff": staff, "member": member}


def beacon(client, session: str, kind: str, **extra) -> int:
    response = client.post(EVENTS, json={"session": session, "kind": kind, **extra})
    assert response.status_code in (200, 201), response.json
    return response.json["stored"]


def item(qid: int, rank: int = 1) -> dict:
    return {"kind": "question", "id": qid, "rank": rank}


def shown(client, session: str, *qids: int) -> int:
    return beacon(
        client, session, "suggestions_shown", items=[item(q, r) for r, q in enumerate(qids, 1)]
    )


def open_page(client, session: str, qid: int, rank: int = 1) -> str:
    response = client.get(f"/questions/{qid}?ask={session}&rank={rank}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_question(client, session: str) -> None:
    response = client.post(
        "/questions/ask",
        data={
            "title": "My router still drops the connection",
            "body": "Nothing in the suggestions helped me, sadly.",
            "tags": "router",
            "session_token": session,
        },
    )
    assert response.status_code == 302, response.data


def stats(client, days: int = 7) -> dict:
    response = client.get(f"/api/v1/stats/deflection?days={days}")
    assert response.status_code == 200, response.data
    return response.json


def test_every_outcome_with_reloads_and_duplicates(app, client, clock, world, login):
    q1, q2 = world["q1"], world["q2"]
    login(world["member"])  # members and visitors alike; the member is needed to post

    # 1. Explicit: shown, clicked (beacon), the page records the open too, "This solved my problem".
    s1 = token(1)
    assert beacon(client, s1, "ask_started") == 1
    assert shown(client, s1, q1, q2) == 2
    assert beacon(client, s1, "suggestion_opened", item=item(q1)) == 1
    page = open_page(client, s1, q1)
    assert "This solved my problem" in page and "Not my problem" in page
    r = client.post(
        "/deflection/feedback",
        data={"session": s1, "item_kind": "question", "item_id": q1, "rank": 1, "verdict": "yes"},
    )
    assert r.status_code == 303
    # Reloads and duplicate beacons: nothing new is stored.
    assert beacon(client, s1, "ask_started") == 0
    assert shown(client, s1, q1, q2) == 0
    assert beacon(client, s1, "suggestion_opened", item=item(q1)) == 0
    open_page(client, s1, q1)
    assert beacon(client, s1, "solved_yes", item=item(q1)) == 0

    # 2. Implicit: opened from a new tab (only the page load records it), never posted.
    s2 = token(2)
    beacon(client, s2, "ask_started")
    shown(client, s2, q2, q1)
    open_page(client, s2, q2, rank=1)

    # 3. Failed: opened a suggestion, then posted anyway.
    s3 = token(3)
    beacon(client, s3, "ask_started")
    shown(client, s3, q1)
    beacon(client, s3, "suggestion_opened", item=item(q1))
    clock.advance(minutes=5)
    post_question(client, s3)

    # 4. Abandoned: "Not my problem" (beacon) and nothing posted.
    s4 = token(4)
    beacon(client, s4, "ask_started")
    shown(client, s4, q2)
    open_page(client, s4, q2)
    beacon(client, s4, "solved_no", item=item(q2))

    # 5. Not engaged: saw suggestions, opened none, posted.
    s5 = token(5)
    beacon(client, s5, "ask_started")
    shown(client, s5, q1, q2)
    post_question(client, s5)

    # 6. No suggestions at all.
    beacon(client, token(6), "ask_started")

    assert db.session.scalar(select(func.count(DeflectionEvent.id))) == 22

    login(world["staff"])
    early = stats(client)
    # s2 opened 5 minutes ago: still inside the 30-minute window, so pending, not implicit.
    assert {k: early[k] for k in ("sessions", "shown", "explicit", "implicit", "failed")} == {
        "sessions": 6,
        "shown": 5,
        "explicit": 1,
        "implicit": 0,
        "failed": 1,
    }
    assert (early["pending"], early["abandoned"], early["not_engaged"]) == (1, 1, 1)

    clock.advance(minutes=26)  # 31 minutes after s2's open
    later = stats(client)
    assert (later["explicit"], later["implicit"], later["failed"], later["pending"]) == (1, 1, 1, 0)
    assert later["rate"] == pytest.approx(2 / 5, abs=1e-4)
    assert later["cost_avoided"] == pytest.approx(2 * app.config["DEFLECTION_COST_PER_CONTACT"])
    assert later["currency"] == app.config["DEFLECTION_CURRENCY"]

    # Days later the day is settled and rolled up; the figures do not move.
    clock.advance(days=3)
    settled = stats(client)
    assert db.session.get(DeflectionDay, datetime(2026, 3, 2).date()) is not None
    assert {k: settled[k] for k in ("sessions", "shown", "explicit", "implicit", "failed")} == {
        k: later[k] for k in ("sessions", "shown", "explicit", "implicit", "failed")
    }
    page = client.get("/staff/dashboard?days=7").get_data(as_text=True)
    assert f"/questions/{q1}" in page and f"/questions/{q2}" in page  # top deflecting items


def test_sessions_spanning_midnight_and_the_window(client, clock, world, login):
    q1 = world["q1"]
    clock.now = datetime(2026, 3, 2, 23, 50, tzinfo=UTC)
    s = token(7)
    beacon(client, s, "ask_started")
    shown(client, s, q1)
    clock.advance(minutes=15)  # 00:05 the next day
    beacon(client, s, "suggestion_opened", item=item(q1))
    clock.advance(minutes=29)
    login(world["staff"])
    day_one = client.get("/api/v1/stats/deflection?start=2026-03-02&end=2026-03-02").json
    assert (day_one["sessions"], day_one["pending"], day_one["implicit"]) == (1, 1, 0)
    clock.advance(minutes=2)
    day_one = client.get("/api/v1/stats/deflection?start=2026-03-02&end=2026-03-02").json
    assert (day_one["sessions"], day_one["implicit"]) == (1, 1)
    day_two = client.get("/api/v1/stats/deflection?start=2026-03-03&end=2026-03-03").json
    assert day_two["sessions"] == 0  # the session belongs to the day it started
    # After 24 hours the session is closed to new events.
    clock.advance(hours=24)
    r = client.post(EVENTS, json={"session": s, "kind": "solved_yes", "item": item(q1)})
    assert r.status_code == 422


def test_posting_after_the_window_is_not_a_failure(client, clock, world, login):
    q1 = world["q1"]
    login(world["member"])
    s = token(8)
    shown(client, s, q1)
    open_page(client, s, q1)
    clock.advance(minutes=45)
    post_question(client, s)
    login(world["staff"])
    figures = stats(client)
    assert (figures["implicit"], figures["failed"]) == (1, 0)

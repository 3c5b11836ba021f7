"""Deflection across features: videos opened from suggestions, and reputation credit."""

from __future__ import annotations

from sqlalchemy import select

from community.extensions import db
from community.models import DeflectionEvent, User

EVENTS = "/api/v1/deflection/events"
SESSION = "ab" * 16


def test_video_opened_from_suggestion_and_solved_is_credited_to_the_video(
    client, make_video, make_user, login
):
    video = make_video(title="Reset the router with the button")
    shown = {"kind": "video", "id": video.id, "rank": 1}
    assert client.post(EVENTS, json={"session": SESSION, "kind": "ask_started"}).status_code in (
        200,
        201,
    )
    client.post(EVENTS, json={"session": SESSION, "kind": "suggestions_shown", "items": [shown]})
    page = client.get(f"/videos/{video.id}?ask={SESSION}&rank=1")
    assert page.status_code == 200 and "This solved my problem" in page.get_data(as_text=True)
    opened = db.session.scalars(
        select(DeflectionEvent).where(DeflectionEvent.kind == "suggestion_opened")
    ).all()
    assert [(e.item_kind, e.item_id, e.rank) for e in opened] == [("video", video.id, 1)]
    r = client.post(EVENTS, json={"session": SESSION, "kind": "solved_yes", "item": shown})
    assert r.status_code in (200, 201)
    login(make_user(role="staff"))
    stats = client.get("/api/v1/stats/deflection?days=7").json
    assert stats["explicit"] == 1 and stats["shown"] == 1


def test_solved_question_credits_reputation_to_the_accepted_answerer(
    client, make_user, make_question, make_answer
):
    helper = make_user()
    question = make_question()
    answer = make_answer(question, author=helper)
    question.accepted_answer_id = answer.id
    db.session.commit()
    item = {"kind": "question", "id": question.id, "rank": 1}
    client.post(EVENTS, json={"session": SESSION, "kind": "suggestions_shown", "items": [item]})
    assert client.get(f"/questions/{question.id}?ask={SESSION}&rank=1").status_code == 200
    before = db.session.get(User, helper.id).reputation
    assert client.post(
        EVENTS, json={"session": SESSION, "kind": "solved_yes", "item": item}
    ).status_code in (200, 201)
    db.session.expire_all()
    assert db.session.get(User, helper.id).reputation == before + 10

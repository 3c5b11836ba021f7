"""Route tests for the question pages: HTML, statuses and messages."""

from __future__ import annotations

from community.extensions import db
from community.models import Question


def test_browse_and_read(client, make_question, make_answer):
    q = make_question(title="Printer prints blank pages", tags=("printer",))
    make_answer(q, body="Remove the tape from the cartridge")
    page = client.get("/questions").get_data(as_text=True)
    assert "Printer prints blank pages" in page
    detail = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Remove the tape" in detail and "1 answer" in detail
    for sort in ("newest", "active", "votes", "unanswered", "solved", "junk"):
        assert client.get(f"/questions?sort={sort}&page=abc").status_code == 200
    assert client.get("/questions?tag=printer&page=99999999").status_code == 200


def test_ask_flow(client, make_user, make_tag, login):
    make_tag("router")
    login(make_user())
    r = client.post(
        "/questions/ask",
        data={
            "title": "Router light is amber",
            "body": "The light is amber after an update.",
            "tags": "router",
        },
    )
    assert r.status_code == 302
    q = db.session.scalar(db.select(Question))
    assert q.title == "Router light is amber"


def test_ask_bad_input_is_422_with_message(client, make_user, make_tag, login):
    make_tag("router")
    login(make_user())
    r = client.post("/questions/ask", data={"title": "", "body": "", "tags": "nosuchtag"})
    assert r.status_code == 422
    assert "at least" in r.get_data(as_text=True)
    r = client.post(
        "/questions/ask",
        data={
            "title": "A fine title here",
            "body": "A fine body for this question.",
            "tags": "nosuchtag",
        },
    )
    assert r.status_code == 422 and "Unknown tag" in r.get_data(as_text=True)


def test_vote_json_and_missing_posts(client, make_user, make_question, login):
    q = make_question()
    login(make_user())
    r = client.post(
        f"/questions/{q.id}/vote", data={"value": "up"}, headers={"Accept": "application/json"}
    )
    assert r.status_code == 200 and r.json == {"score": 1, "vote": 1}
    assert client.post("/questions/99999/vote", data={"value": "up"}).status_code == 404
    assert client.post("/answers/99999/vote", data={"value": "up"}).status_code == 404
    assert client.post(f"/questions/{q.id}/vote", data={"value": "sideways"}).status_code == 422


def test_accept_answer_of_another_question_is_refused(
    client, make_user, make_question, make_answer, login
):
    asker = make_user()
    q1, q2 = make_question(author=asker), make_question(author=asker)
    other = make_answer(q2)
    login(asker)
    r = client.post(f"/answers/{other.id}/accept", data={"question_id": q1.id})
    assert r.status_code == 422


def test_stale_edit_is_409_and_text_kept(client, make_user, make_question, login, make_tag):
    author = make_user()
    q = make_question(author=author)
    login(author)
    data = {
        "title": "Edited title number one",
        "body": "Edited body number one",
        "tags": "router",
        "version": 1,
    }
    assert client.post(f"/questions/{q.id}/edit", data=data).status_code == 302
    r = client.post(f"/questions/{q.id}/edit", data={**data, "title": "Edited title number two"})
    assert r.status_code == 409
    assert "edited this question while you were editing" in r.get_data(as_text=True)
    revisions = client.get(f"/questions/{q.id}/revisions")
    assert revisions.status_code == 200 and "Edited title number one" in revisions.get_data(
        as_text=True
    )


def test_hidden_question_is_404_for_public(client, make_question):
    q = make_question(is_hidden=True)
    assert client.get(f"/questions/{q.id}").status_code == 404


def test_answer_bad_input(client, make_user, make_question, login):
    q = make_question()
    login(make_user())
    assert client.post(f"/questions/{q.id}/answers", data={"body": ""}).status_code == 422
    assert (
        client.post("/questions/424242/answers", data={"body": "A fine answer here"}).status_code
        == 404
    )


def test_error_pages_are_html_and_json(client):
    assert "Not found" in client.get("/nowhere").get_data(as_text=True)
    r = client.get("/api/v1/nowhere")
    assert r.status_code == 404 and r.json["error"] == "Not found"
    assert client.get("/questions/1/edit").status_code == 404

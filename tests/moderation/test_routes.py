"""Moderation pages and actions over HTTP: feedback, bad input, suspensions, diffs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.models import Flag, ModerationAction, Question, utcnow
from community.questions import service as question_service

REASON = {"reason": "Tidying up the thread"}


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def moderator(make_user, login):
    user = make_user("moderator")
    login(user)
    return user


def test_flag_feedback_html_and_json(client, login, make_user, make_question):
    q = make_question()
    login(make_user())
    r = client.post(
        f"/moderation/flag/questions/{q.id}", data={"reason": "spam"}, follow_redirects=True
    )
    assert r.status_code == 200 and "your flag was received" in r.get_data(as_text=True)
    r = client.post(
        f"/moderation/flag/questions/{q.id}",
        data={"reason": "spam"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 409 and "already flagged" in r.json["message"]
    assert _count(Flag) == 1


def test_flag_bad_input(client, login, make_user, make_question):
    q = make_question()
    hidden = make_question(is_hidden=True)
    me = make_user()
    mine = make_question(author=me)
    login(me)
    assert (
        client.post(f"/moderation/flag/questions/{q.id}", data={"reason": "boring"}).status_code
        == 422
    )
    r = client.post(f"/moderation/flag/questions/{q.id}", data={"reason": "other"})
    assert r.status_code == 422 and "note" in r.get_data(as_text=True)
    assert (
        client.post(f"/moderation/flag/questions/{hidden.id}", data={"reason": "spam"}).status_code
        == 404
    )
    assert (
        client.post("/moderation/flag/answers/999999", data={"reason": "spam"}).status_code == 404
    )
    assert client.post("/moderation/flag/users/1", data={"reason": "spam"}).status_code == 404
    assert (
        client.post(f"/moderation/flag/questions/{mine.id}", data={"reason": "spam"}).status_code
        == 403
    )
    assert _count(Flag) == 0


def test_queue_one_click_resolution(client, moderator, make_question, make_answer, make_flag):
    q = make_question(title="Cheap watches for sale here")
    a = make_answer(q, body="Visit my shop for deals")
    make_flag(q, reason="spam", note="Obvious advert")
    make_flag(a, "answer", reason="rude")
    make_flag(a, "answer", reason="rude")
    page = client.get("/moderation/").get_data(as_text=True)
    assert page.index("2 flags on an answer") < page.index("1 flag on a question")
    assert "Obvious advert" in page and "Rude or abusive × 2" in page
    r = client.post(f"/moderation/queue/answers/{a.id}/resolve", data={"resolution": "hide"})
    assert r.status_code == 302
    db.session.refresh(a)
    assert a.is_hidden
    # The same click again (a stale queue page) is a clear conflict, not a crash.
    r = client.post(f"/moderation/queue/answers/{a.id}/resolve", data={"resolution": "hide"})
    assert r.status_code == 409 and "already handled" in r.get_data(as_text=True)
    assert (
        client.post(
            f"/moderation/queue/questions/{q.id}/resolve", data={"resolution": "nuke"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/moderation/queue/questions/{q.id}/resolve", data={"resolution": "dismiss"}
        ).status_code
        == 302
    )
    assert "Nothing to review" in client.get("/moderation/?page=abc").get_data(as_text=True)


def test_log_browse_and_filter(client, moderator, make_user, make_question):
    q1, q2 = make_question(), make_question()
    client.post(f"/moderation/questions/{q1.id}/lock", data={"reason": "Heated thread"})
    client.post(f"/moderation/questions/{q2.id}/close", data={"reason": "unclear"})
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "Heated thread" in page and "Unclear" in page
    only_lock = client.get("/moderation/log?action=lock").get_data(as_text=True)
    assert "Heated thread" in only_lock and "Unclear:" not in only_lock
    by_target = client.get(f"/moderation/log?target_type=question&target_id={q2.id}").get_data(
        as_text=True
    )
    assert "Heated thread" not in by_target and "Unclear" in by_target
    assert "No actions match" in client.get("/moderation/log?actor=system").get_data(as_text=True)
    mine = client.get(f"/moderation/log?actor={moderator.username.upper()}").get_data(as_text=True)
    assert "Heated thread" in mine
    for junk in ("action=drop+table", "target_id=abc", "target_id=99999999999999", "page=-3"):
        assert client.get(f"/moderation/log?{junk}").status_code == 200


def test_bad_input_on_questions_is_4xx_and_changes_nothing(
    client, moderator, make_question, make_answer
):
    q = make_question()
    hidden = make_question(is_hidden=True)
    locked = make_question(is_locked=True)
    closed = make_question(status="closed")
    cases = [
        (f"/moderation/questions/{q.id}/close", {"reason": "because-i-said-so"}, 422),
        (f"/moderation/questions/{q.id}/lock", {"reason": ""}, 422),
        (f"/moderation/questions/{q.id}/duplicate", {"original": str(q.id)}, 422),
        (f"/moderation/questions/{q.id}/duplicate", {"original": "not a number"}, 422),
        (f"/moderation/questions/{q.id}/duplicate", {"original": "999999"}, 422),
        (f"/moderation/questions/{q.id}/duplicate", {"original": str(hidden.id)}, 422),
        (f"/moderation/questions/{q.id}/unaccept", REASON, 409),
        (f"/moderation/questions/{q.id}/reopen", REASON, 409),
        (f"/moderation/questions/{q.id}/restore", REASON, 409),
        (f"/moderation/questions/{hidden.id}/close", {"reason": "unclear"}, 409),
        (f"/moderation/questions/{hidden.id}/hide", REASON, 409),
        (f"/moderation/questions/{locked.id}/lock", REASON, 409),
        (
            f"/moderation/questions/{locked.id}/needs-info",
            {"text": "Which model do you have?"},
            409,
        ),
        (f"/moderation/questions/{closed.id}/close", {"reason": "unclear"}, 409),
        (
            f"/moderation/questions/{closed.id}/needs-info",
            {"text": "Which model do you have?"},
            409,
        ),
        ("/moderation/questions/999999/close", {"reason": "unclear"}, 404),
        ("/moderation/answers/999999/accept", REASON, 404),
        ("/moderation/comments/999999/hide", REASON, 404),
        ("/moderation/users/999999/suspend", {"days": "1", "reason": "Spam"}, 404),
    ]
    for url, data, status in cases:
        r = client.post(url, data=data)
        assert r.status_code == status, (url, data, r.status_code)
        assert "Something went wrong" not in r.get_data(as_text=True)
    assert _count(ModerationAction) == 0
    db.session.expire_all()
    assert db.session.get(Question, q.id).status == "open"
    assert db.session.get(Question, closed.id).status == "closed"


def test_accept_hidden_answer_is_refused(client, moderator, make_question, make_answer):
    q = make_question()
    a = make_answer(q, is_hidden=True)
    assert client.post(f"/moderation/answers/{a.id}/accept", data=REASON).status_code == 409
    db.session.refresh(q)
    assert q.accepted_answer_id is None


def test_duplicate_of_a_duplicate_points_to_original(client, moderator, make_question):
    original = make_question(title="Printer offline after router change")
    middle, newest = make_question(), make_question()
    r = client.post(
        f"/moderation/questions/{middle.id}/duplicate",
        data={"original": f"http://localhost/questions/{original.id}/printer-offline"},
    )
    assert r.status_code == 302
    r = client.post(
        f"/moderation/questions/{newest.id}/duplicate",
        data={"original": f"#{middle.id}"},
        follow_redirects=True,
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "is itself a duplicate" in page
    assert (
        "This question has an answer already" in page
        and "Printer offline after router change" in page
    )
    db.session.refresh(newest)
    assert newest.duplicate_of_id == original.id


def test_stale_form_without_csrf_is_400_and_changes_nothing(app, client, moderator, make_question):
    q = make_question()
    app.config["WTF_CSRF_ENABLED"] = True
    r = client.post(f"/moderation/questions/{q.id}/lock", data=REASON)
    assert r.status_code == 400 and "expired" in r.get_data(as_text=True)
    db.session.refresh(q)
    assert not q.is_locked and _count(ModerationAction) == 0


def test_needs_info_flow(client, login, make_user, make_question, make_answer, make_tag):
    asker, helper = make_user(), make_user()
    q = make_question(author=asker)
    make_answer(q, author=helper)
    login(helper)
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Ask for more information" in page
    r = client.post(
        f"/moderation/questions/{q.id}/needs-info", data={"text": "Which firmware version?"}
    )
    assert r.status_code == 302
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Which firmware version?" in page and "Waiting for more information" in page
    question_service.edit_question(asker, q, q.title, q.body + " It is 2.1.", "router", q.version)
    db.session.commit()
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Which firmware version?" not in page


def test_moderator_accept_with_reason(client, moderator, make_user, make_question, make_answer):
    q = make_question()
    a = make_answer(q)
    r = client.post(f"/moderation/answers/{a.id}/accept", data={"reason": "Confirmed by support"})
    assert r.status_code == 302
    db.session.refresh(q)
    assert q.accepted_answer_id == a.id
    row = db.session.scalar(select(ModerationAction))
    assert row.action == "accept" and row.reason == "Confirmed by support"


def test_suspension_page_and_posting_refused(client, login, make_user, make_question, make_tag):
    make_tag("router")
    q = make_question()
    mod, member = make_user("moderator"), make_user()
    login(mod)
    r = client.post(f"/moderation/users/{member.id}/suspend", data={"days": "2", "reason": "x"})
    assert r.status_code == 422  # 2 days is not a listed period and the reason is too short
    r = client.post(
        f"/moderation/users/{member.id}/suspend", data={"days": "abc", "reason": "Spam links"}
    )
    assert r.status_code == 422
    r = client.post(
        f"/moderation/users/{member.id}/suspend", data={"days": "7", "reason": "Posting spam links"}
    )
    assert r.status_code == 302
    client.post("/auth/logout")
    login(member)
    for method, url, data in [
        (
            "post",
            "/questions/ask",
            {
                "title": "A title long enough",
                "body": "A body that is long enough",
                "tags": "router",
            },
        ),
        ("get", "/questions/ask", None),
        ("post", f"/questions/{q.id}/answers", {"body": "An answer long enough"}),
        ("post", f"/questions/{q.id}/comments", {"body": "A comment"}),
        ("post", f"/questions/{q.id}/vote", {"value": "up"}),
        ("post", f"/moderation/flag/questions/{q.id}", {"reason": "spam"}),
    ]:
        r = getattr(client, method)(url, data=data)
        page = r.get_data(as_text=True)
        assert r.status_code == 403, url
        assert "Posting spam links" in page and "suspended" in page
        until = db.session.get(type(member), member.id).suspended_until
        assert until.strftime("%Y-%m-%d") in page
    r = client.post(
        f"/questions/{q.id}/vote", data={"value": "up"}, headers={"Accept": "application/json"}
    )
    assert r.status_code == 403 and r.json["reason"] == "Posting spam links"
    assert client.get(f"/questions/{q.id}").status_code == 200  # reading is fine
    assert db.session.scalar(select(func.count(Question.id))) == 1


def test_unsuspended_member_posts_again(client, login, make_user, make_question):
    q = make_question()
    mod = make_user("moderator")
    member = make_user(suspended_until=utcnow() + timedelta(days=1), suspension_reason="Spam")
    login(mod)
    assert (
        client.post(
            f"/moderation/users/{member.id}/unsuspend", data={"reason": "Appeal accepted"}
        ).status_code
        == 302
    )
    assert "Not suspended" in client.get(f"/moderation/users/{member.id}").get_data(as_text=True)
    client.post("/auth/logout")
    login(member)
    assert (
        client.post(f"/questions/{q.id}/answers", data={"body": "Here is my answer"}).status_code
        == 302
    )


def test_revisions_page_shows_escaped_diff(client, make_user, make_question, make_tag):
    make_tag("router")
    make_tag("printer")
    author = make_user()
    q = question_service.ask_question(
        author, "Router drops the connection", "Line one stays.\nThe light is green.", "router"
    )
    db.session.commit()
    question_service.edit_question(
        author,
        q,
        "Router drops the connection nightly",
        "Line one stays.\nThe light is <script>alert(1)</script> amber.",
        "router printer",
        q.version,
    )
    db.session.commit()
    page = client.get(
        f"/questions/revisions/{q.id}".replace("questions/revisions", "questions")
    ).get_data(as_text=True)
    assert "Edited" in page
    page = client.get(f"/questions/{q.id}/revisions").get_data(as_text=True)
    assert "Changes from revision 1" in page
    assert (
        "<del>green</del>" in page
        and "<ins>&lt;script&gt;alert(1)&lt;/script&gt; amber</ins>" in page
    )
    assert "nightly</ins>" in page and "<ins>printer</ins>" in page
    assert "<script>alert(1)</script>" not in page

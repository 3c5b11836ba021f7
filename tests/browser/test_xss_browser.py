"""The XSS corpus in a real browser: stored through the services, then every page that shows it
is loaded in chromium. The page guard fails the test on any dialog, console error (a CSP
violation included) or request to a foreign host.

Reflected input (tag filter, login username) goes through the real forms and URLs.
"""

from __future__ import annotations

from urllib.parse import quote

from community.extensions import db
from community.models import User
from community.questions import service
from tests.browser.conftest import log_in
from tests.security.xss_vectors import BROWSER_SAMPLE

PAD = " - padding so the length rules pass"


def _store_corpus(live_server, author_name: str) -> list[int]:
    """One question per vector (title and body), with an answer and comments carrying it too."""

    def store() -> list[int]:
        author = db.session.query(User).filter_by(username=author_name).one()
        helper = User(username=f"{author_name}-helper", role="member")
        helper.set_password("helper-password-1")
        db.session.add(helper)
        db.session.flush()
        ids = []
        for vector in BROWSER_SAMPLE:
            question = service.ask_question(author, (vector + PAD)[:150], vector + PAD, "router")
            answer = service.post_answer(helper, question, vector + PAD)
            service.add_comment(helper, question, (vector + PAD)[:600])
            service.add_comment(author, question, (vector + PAD)[:600], answer)
            service.edit_question(
                author, question, question.title, question.body, "router", None, vector[:300]
            )
            ids.append(question.id)
        return ids

    return live_server.seed(store)


def test_stored_vectors_do_nothing_in_the_browser(page, live_server, member):
    name = member()
    ids = _store_corpus(live_server, name)
    log_in(page, name)
    page.goto("/questions")
    for question_id in ids:
        page.goto(f"/questions/{question_id}")
        page.goto(f"/questions/{question_id}/revisions")
    page.goto(f"/users/{name}")
    # Let deferred scripts and any late event handler run before the guard's verdict.
    page.wait_for_timeout(300)


def test_reflected_vectors_do_nothing_in_the_browser(page, live_server):
    page.guard.allowed_statuses.update({401, 404, 422})
    for vector in BROWSER_SAMPLE:
        page.goto(f"/questions?tag={quote(vector, safe='')}")
        page.goto("/auth/login")
        page.get_by_label("Username").fill(vector[:40])
        page.get_by_label("Password").fill("wrong-password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    page.wait_for_timeout(300)


def test_the_guard_sees_dialogs_foreign_requests_and_errors(page):
    page.set_content(
        "<img src='https://evil.example/x.png'><script>console.error('boom'); alert(1)</script>"
    )
    page.wait_for_timeout(300)
    seen = " | ".join(page.guard.problems)
    assert "dialog alert" in seen and "evil.example" in seen and "console error: boom" in seen
    page.guard.problems.clear()

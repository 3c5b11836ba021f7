"""The ask page's live suggestions in a real browser (Debian's chromium via Playwright)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from community.extensions import db

pytestmark = pytest.mark.browser

TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def live_server(app, make_user, make_question, make_answer) -> Iterator[str]:
    user = make_user()
    first = make_question(author=user, title="Router drops wifi every evening", tags=("router",))
    answer = make_answer(first, author=user, body="Update the firmware.")
    first.accepted_answer_id = answer.id
    make_question(author=user, title="Wifi drops when the microwave runs", tags=("wifi",))
    db.session.commit()
    app.extensions["community.search"].rebuild()
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def page(live_server):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_suggestions_appear_link_with_token_and_keep_the_draft(page, live_server):
    page.goto(f"{live_server}/questions/ask")
    page.evaluate(
        """token => {
            document.querySelector('input[name="session_token"]').value = token;
            window.shown = [];
            document.addEventListener("community:suggestions-shown", e => window.shown.push(e.detail));
        }""",
        TOKEN,
    )
    page.fill("#title", "wifi drops in the evening")
    link = page.locator("#similar-questions > ol > li > a").first
    link.wait_for(timeout=10_000)
    region = page.locator("#similar-questions")
    assert region.get_attribute("aria-label") == "Similar questions"
    assert region.get_attribute("aria-live") == "polite"
    assert page.locator("#similar-questions > ol > li").count() == 2
    assert f"?ask={TOKEN}&rank=1" in link.get_attribute("href")
    assert page.locator("#similar-questions li mark").count() >= 2
    assert page.locator("#similar-questions .badge.solved").count() == 1
    shown = page.evaluate("window.shown")
    assert shown[-1]["items"][0]["rank"] == 1 and shown[-1]["items"][0]["kind"] == "question"

    link.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('li').dataset.rank") == "2"

    page.fill("#body", "It started after the last firmware update, every day at 8pm.")
    link.click()
    page.wait_for_url("**/questions/*")
    page.goto(f"{live_server}/questions/ask")  # a fresh load, not the back-forward cache
    assert page.input_value("#title") == "wifi drops in the evening"
    assert "firmware update" in page.input_value("#body")

"""Real Chromium: a video card requests nothing from YouTube until the visitor presses Play."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from community.extensions import db
from community.markup import render_markdown

pytestmark = pytest.mark.browser

YT = "dQw4w9WgXcQ"


@pytest.fixture
def live_url(app) -> Iterator[str]:
    """Serve the test app on a loopback port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def page() -> Iterator[object]:
    """A headless Chromium page (Debian's chromium)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_card_plays_only_after_a_keyboard_click(app, live_url, page, make_question, make_video):
    app.config["SERVER_NAME"] = None
    make_video(external_id=YT, title="Pair the camera")
    q = make_question()
    q.body_html = render_markdown(f"https://youtu.be/{YT}?t=30")
    db.session.commit()
    question_id = q.id

    hosts: list[str] = []

    def record(route):  # every request; third-party ones are recorded and never leave the box
        host = urlsplit(route.request.url).hostname or ""
        hosts.append(host)
        if host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route("**/*", record)
    page.goto(f"{live_url}/questions/{question_id}")
    button = page.get_by_role("button", name="Play video: Pair the camera")
    assert button.is_visible()
    assert page.locator("iframe").count() == 0
    assert set(hosts) == {"127.0.0.1"}, hosts

    button.focus()
    page.keyboard.press("Enter")
    frame = page.locator("figure.video-card iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == f"https://www.youtube-nocookie.com/embed/{YT}?start=30"
    page.wait_for_timeout(200)
    assert "www.youtube-nocookie.com" in hosts
    assert not any(h.endswith("youtube.com") or h == "youtu.be" for h in hosts)
    link = page.locator("a.video-card-link")
    assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={YT}&t=30s"

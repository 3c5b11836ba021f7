"""Video cards in a real browser: a post holding a lone YouTube link shows a click-to-play card
titled from the library; nothing is requested from a third-party host until Play is pressed
(from the keyboard), and then only the privacy-friendly player is loaded.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from community.video_library import service as videos
from tests.browser.conftest import LOOPBACK, log_in

YT = "Qz7kLmN0pQ1"
PLAYER = f"https://www.youtube-nocookie.com/embed/{YT}?start=30"


def _library_video(live_server, staff_name: str) -> None:
    def store() -> None:
        staff = db.session.query(User).filter_by(username=staff_name).one()
        videos.add_video(staff, f"https://www.youtube.com/watch?v={YT}", "Pair the camera")

    live_server.seed(store)


def test_video_card_plays_only_after_a_keyboard_press(page, live_server, member):
    _library_video(live_server, member("staff"))
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname or ""))
    player_requests: list[str] = []

    def player(route) -> None:  # the player would load from YouTube: record it, never fetch
        player_requests.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https://www\.youtube-nocookie\.com/"), player)

    log_in(page, member())
    page.goto("/questions/ask")
    page.get_by_label("Title").fill("How do I pair the camera with the hub")
    page.get_by_label("Describe your problem").fill(f"https://youtu.be/{YT}?t=30")
    page.get_by_role("textbox", name="Tags").fill("mesh")
    page.get_by_role("button", name="Post your question").click()
    expect(page).to_have_url(re.compile(r"/questions/\d+"))

    card = page.locator(".prose figure.video-card")
    expect(card).to_have_count(1)
    button = card.get_by_role("button", name="Play video: Pair the camera")
    expect(button).to_be_visible()
    expect(card.locator("a.video-card-link")).to_have_attribute(
        "href", f"https://www.youtube.com/watch?v={YT}&t=30s"
    )
    expect(page.locator("iframe")).to_have_count(0)
    page.wait_for_load_state("load")
    assert set(hosts) <= LOOPBACK, hosts
    assert not player_requests

    button.focus()
    page.keyboard.press("Enter")
    frame = card.locator("iframe.video-card-frame")
    expect(frame).to_have_attribute("src", PLAYER)
    expect(frame).to_have_attribute("title", "Pair the camera")
    expect(frame).to_be_focused()
    expect(card).to_have_class(re.compile(r"\bis-playing\b"))
    expect(card.get_by_role("button", name=re.compile("Play video"))).to_have_count(0)
    for _ in range(50):  # the iframe's navigation starts asynchronously
        if player_requests:
            break
        page.wait_for_timeout(20)
    assert player_requests and all(url.startswith(PLAYER) for url in player_requests)
    foreign = {h for h in hosts if h not in LOOPBACK}
    assert foreign == {"www.youtube-nocookie.com"}, foreign

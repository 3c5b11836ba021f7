"""The ask page's live suggestions in a real browser: matches with highlights, opening one,
"This solved my problem" counted on the staff dashboard, and the list by keyboard alone.

The questions carry a made-up product word ("Quasarlink") so no other test's posts match.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from community.questions import service
from tests.browser.conftest import BROWSER_PASSWORD, log_in

TYPED = "quasarlink wifi drops in the evening"
SOLVED_TITLE = "Quasarlink router drops wifi every evening"
OTHER_TITLE = "Quasarlink wifi drops when the microwave runs"
LINK_HREF = re.compile(r"/questions/\d+\?ask=[0-9a-f]{32}&rank=1$")


@pytest.fixture(scope="module")
def quasarlink(live_server) -> dict[str, int]:
    """Two indexed questions that match TYPED; the first has an accepted answer."""

    def store() -> dict[str, int]:
        author = User(username="quasar-asker", role="member")
        author.set_password(BROWSER_PASSWORD)
        helper = User(username="quasar-helper", role="member")
        helper.set_password(BROWSER_PASSWORD)
        db.session.add_all([author, helper])
        db.session.flush()
        solved = service.ask_question(
            author, SOLVED_TITLE, "Every evening around 8 pm the wifi goes away.", "router"
        )
        answer = service.post_answer(helper, solved, "Update the firmware to 3.2 and reboot.")
        service.accept_answer(author, answer)
        other = service.ask_question(
            author, OTHER_TITLE, "Whenever the microwave runs the wifi drops for a minute.", "mesh"
        )
        return {"solved": solved.id, "other": other.id}

    return live_server.seed(store)


def _suggestions(page):
    """The listed suggestions, once both Quasarlink questions rank first and second.

    Other tests' posts may match the common words too, so only the top two are pinned.
    """
    region = page.get_by_role("region", name="Similar questions")
    expect(region).to_have_attribute("aria-live", "polite")
    items = region.locator("ol > li.suggestion")
    expect(items.nth(0)).to_contain_text(SOLVED_TITLE)
    expect(items.nth(1)).to_contain_text(OTHER_TITLE)
    return items


def _explicit_deflections(page) -> int:
    figure = page.locator(".figures-grid div", has_text="Explicit deflections").locator("dd")
    return int(figure.inner_text())


def test_suggestion_solves_the_problem_and_staff_see_the_deflection(new_page, member, quasarlink):
    visitor = new_page()
    visitor.goto("/questions/ask")
    visitor.get_by_label("Title").fill(TYPED)
    items = _suggestions(visitor)
    first = items.first.get_by_role("link")
    expect(first).to_have_attribute("href", LINK_HREF)
    expect(items.first).to_have_attribute("data-id", str(quasarlink["solved"]))
    marks = items.first.locator("mark")
    assert marks.count() >= 3  # "quasarlink", "wifi", "drops" are highlighted
    expect(marks.first).to_have_text(re.compile("quasarlink", re.I))
    expect(items.first.locator(".badge.solved")).to_have_text("Solved")
    expect(items.nth(1).locator(".badge.solved")).to_have_count(0)

    first.click()
    expect(visitor).to_have_url(re.compile(rf"/questions/{quasarlink['solved']}\?ask="))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(SOLVED_TITLE)
    visitor.get_by_role("button", name="This solved my problem").click()
    expect(visitor.get_by_role("status")).to_have_text("Thanks! Glad this solved your problem.")

    staff = new_page()
    log_in(staff, member("staff"))
    # The verdict travels as a beacon; reload until the server has counted it (bounded).
    count = 0
    for _ in range(20):
        staff.goto("/staff/dashboard")
        count = _explicit_deflections(staff)
        if count >= 1:
            break
        staff.wait_for_timeout(100)
    assert count >= 1
    stats = staff.request.get("/api/v1/stats/deflection")
    assert stats.ok
    assert stats.json()["explicit"] >= 1 and stats.json()["opened"] >= 1


def test_suggestion_list_by_keyboard_and_the_draft_survives(page, quasarlink):
    page.goto("/questions/ask")
    title = page.get_by_label("Title")
    title.focus()
    page.keyboard.type(TYPED)
    items = _suggestions(page)
    body = page.get_by_label("Describe your problem")
    body.fill("It started after the last firmware update, every day at 8 pm.")

    title.focus()
    page.keyboard.press("Tab")  # the suggestions sit right after the title field
    first = items.nth(0).get_by_role("link")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(items.nth(1).get_by_role("link")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("Tab")
    expect(items.nth(1).get_by_role("link")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(first).to_be_focused()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/questions/{quasarlink['solved']}\?ask=.*&rank=1$"))
    page.go_back()
    expect(page.get_by_label("Title")).to_have_value(TYPED)
    expect(page.get_by_label("Describe your problem")).to_have_value(
        re.compile("last firmware update")
    )
    page.goto("/questions/ask")  # a fresh load (no back-forward cache): sessionStorage's copy
    expect(page.get_by_label("Title")).to_have_value(TYPED)
    expect(page.get_by_label("Describe your problem")).to_have_value(
        re.compile("last firmware update")
    )
    _suggestions(page)

"""What customers do, in a real browser: register, log in, ask with the live preview, answer,
vote, accept, and the ask form by keyboard alone.

Journeys of other features (suggestions, "This solved my problem", moderation, videos) go in
their own test_*.py files here, using the same ``page``/``new_page``/``member`` fixtures.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_PASSWORD, log_in


def test_register_then_ask_with_live_preview(page, live_server):
    page.goto("/auth/register")
    page.get_by_label("Username").fill("newcomer1")
    page.get_by_label("Password", exact=True).fill(BROWSER_PASSWORD)
    page.get_by_label("Repeat password").fill(BROWSER_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()

    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Title").fill("Printer shows a paper jam with no paper inside")
    page.get_by_label("Describe your problem").fill(
        "The **InkJet 200** says *paper jam* but the tray is empty.\n\n- restarted\n- reseated"
    )
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("InkJet 200")
    expect(preview.locator("li")).to_have_count(2)
    page.get_by_role("textbox", name="Tags").fill("printer")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Printer shows a paper jam with no paper inside"
    )
    expect(page.locator(".prose strong")).to_have_text("InkJet 200")


def test_answer_vote_and_accept(new_page, member):
    asker, helper = member(), member()
    asker_page, helper_page = new_page(), new_page()

    log_in(asker_page, asker)
    asker_page.goto("/questions/ask")
    asker_page.get_by_label("Title").fill("Mesh node keeps blinking orange at night")
    asker_page.get_by_label("Describe your problem").fill(
        "Every night around 2 am the node blinks."
    )
    asker_page.get_by_role("textbox", name="Tags").fill("mesh")
    asker_page.get_by_role("button", name="Post your question").click()
    question_url = asker_page.url

    log_in(helper_page, helper)
    helper_page.goto(question_url)
    helper_page.get_by_role("textbox", name="Your answer").fill(
        "That is the nightly firmware check; it is harmless."
    )
    helper_page.get_by_role("button", name="Post your answer").click()
    expect(helper_page.get_by_text("Your answer is posted.")).to_be_visible()
    question_votes = helper_page.locator("#question .votes")
    question_votes.get_by_role("button", name="Vote up").click()
    expect(helper_page.locator("#question .votes .score")).to_have_text("1")
    expect(
        helper_page.locator("#question .votes").get_by_role("button", name="Vote up")
    ).to_have_attribute("aria-pressed", "true")

    asker_page.goto(question_url)
    asker_page.get_by_role("button", name="Accept answer").click()
    expect(asker_page.get_by_text("Answer accepted.")).to_be_visible()
    expect(asker_page.locator(".answer.accepted")).to_contain_text("Accepted answer")
    expect(asker_page.get_by_role("button", name="Accept answer")).to_have_count(0)


def test_login_failure_is_explained(page, member):
    name = member()
    page.guard.allowed_statuses.add(401)
    page.goto("/auth/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Invalid username or password.")).to_be_visible()


def test_ask_form_by_keyboard_only(page, member):
    log_in(page, member())
    page.goto("/questions/ask")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    # From the main region, Tab reaches the form fields in reading order.
    title = page.get_by_label("Title")
    for _ in range(30):
        page.keyboard.press("Tab")
        if title.evaluate("el => el === document.activeElement"):
            break
    expect(title).to_be_focused()
    page.keyboard.type("Thermostat loses Wi-Fi after the update")
    # Wait until the live suggestions have answered (matches or none), then Tab past any of
    # them: they sit between the title and the body in reading order.
    expect(page.locator("[data-suggest-status]")).to_have_text(
        re.compile(r"may answer this:|No similar questions yet")
    )
    page.keyboard.press("Tab")
    for _ in range(5):
        if not page.evaluate("!!document.activeElement.closest('#similar-questions')"):
            break
        page.keyboard.press("Tab")
    expect(page.get_by_label("Describe your problem")).to_be_focused()
    page.keyboard.type("Since firmware 2.1 the thermostat drops off the network daily.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Tags")).to_be_focused()
    page.keyboard.type("router")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post your question")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/questions/\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thermostat loses Wi-Fi after the update"
    )

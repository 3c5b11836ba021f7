"""The notifications bell in a real browser: an answer to a member's question shows as an unread
count, the notification leads to the answer, and marking it read clears the count."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in

TITLE = "Smart plug forgets its schedule after a power cut"


def _bell(page):
    return page.locator("a.bell")


def test_answer_rings_the_bell_and_the_member_marks_it_read(new_page, member):
    asker, helper = member(), member()
    asker_page, helper_page = new_page(), new_page()

    log_in(asker_page, asker)
    expect(_bell(asker_page)).to_have_attribute("aria-label", "Notifications, 0 unread")
    asker_page.goto("/questions/ask")
    asker_page.get_by_label("Title").fill(TITLE)
    asker_page.get_by_label("Describe your problem").fill(
        "After every outage the plug is back on but its timer schedule is empty."
    )
    asker_page.get_by_role("textbox", name="Tags").fill("mesh")
    asker_page.get_by_role("button", name="Post your question").click()
    expect(asker_page).to_have_url(re.compile(r"/questions/\d+$"))
    question_url = asker_page.url

    log_in(helper_page, helper)
    helper_page.goto(question_url)
    helper_page.get_by_role("textbox", name="Your answer").fill(
        "Turn on 'keep schedule in flash' under Settings, then save the schedule again."
    )
    helper_page.get_by_role("button", name="Post your answer").click()
    expect(helper_page.get_by_text("Your answer is posted.")).to_be_visible()

    asker_page.reload()
    bell = _bell(asker_page)
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    expect(bell).to_have_class(re.compile(r"\bhas-unread\b"))
    expect(bell.locator(".count")).to_have_text("1")
    bell.click()
    expect(asker_page.get_by_role("heading", level=1)).to_have_text("Notifications")
    unread = asker_page.locator("li.notification.unread")
    expect(unread).to_have_count(1)
    expect(unread.get_by_role("link")).to_have_text(f'{helper} answered your question "{TITLE}"')
    unread.get_by_role("button", name="Mark as read").click()
    expect(asker_page.locator("li.notification.unread")).to_have_count(0)
    expect(asker_page.locator("li.notification")).to_have_count(1)
    expect(_bell(asker_page)).to_have_attribute("aria-label", "Notifications, 0 unread")
    expect(_bell(asker_page)).not_to_have_class(re.compile(r"\bhas-unread\b"))

    asker_page.locator("li.notification").get_by_role("link").click()
    expect(asker_page).to_have_url(re.compile(rf"^{re.escape(question_url)}#answer-\d+$"))

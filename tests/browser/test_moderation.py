"""Flag and moderate in a real browser: a member flags an answer, a moderator hides it from the
queue, and the public no longer sees it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from community.questions import service
from tests.browser.conftest import log_in

TITLE = "Doorbell camera shows a black screen after dusk"
SPAM = "Buy cheap followers at the link in my profile, best prices guaranteed"


def _question_with_answer(live_server, asker: str, answerer: str) -> tuple[int, int]:
    def store() -> tuple[int, int]:
        author = db.session.query(User).filter_by(username=asker).one()
        spammer = db.session.query(User).filter_by(username=answerer).one()
        question = service.ask_question(
            author, TITLE, "The night view stays black although the IR light is on.", "mesh"
        )
        answer = service.post_answer(spammer, question, SPAM)
        return question.id, answer.id

    return live_server.seed(store)


def test_member_flags_an_answer_and_a_moderator_hides_it(new_page, live_server, member):
    question_id, answer_id = _question_with_answer(live_server, member(), member())
    public, flagger, moderator = new_page(), new_page(), new_page()
    public.goto(f"/questions/{question_id}")
    expect(public.get_by_text(SPAM)).to_be_visible()

    log_in(flagger, member())
    flagger.goto(f"/questions/{question_id}")
    answer = flagger.locator(f"#answer-{answer_id}")
    answer.locator("details.flag-box summary").click()
    answer.get_by_label("Why should a moderator look at this?").select_option(
        label="Spam or advertising"
    )
    answer.get_by_label('Details (needed for "something else")').fill("Advertising, not help.")
    answer.get_by_role("button", name="Flag for a moderator").click()
    expect(flagger.get_by_text("Thanks: your flag was received")).to_be_visible()
    expect(flagger).to_have_url(re.compile(rf"/questions/{question_id}#answer-{answer_id}$"))

    log_in(moderator, member("moderator"))
    moderator.goto("/moderation/")
    item = moderator.locator("li.queue-item", has_text=TITLE)
    expect(item).to_have_count(1)
    expect(item.get_by_role("heading", level=2)).to_contain_text("1 flag on an answer")
    expect(item.get_by_text("Spam or advertising × 1")).to_be_visible()
    expect(item.locator(".flag-notes")).to_contain_text("Advertising, not help.")
    item.get_by_role("button", name="Hide (flags are right)").click()
    expect(moderator.get_by_text("Post hidden; flags upheld.")).to_be_visible()
    expect(moderator.locator("li.queue-item", has_text=TITLE)).to_have_count(0)

    public.reload()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.get_by_text(SPAM)).to_have_count(0)
    expect(public.locator(f"#answer-{answer_id}")).to_have_count(0)
    moderator.goto(f"/questions/{question_id}")
    expect(moderator.locator(f"#answer-{answer_id}")).to_contain_text("This answer is hidden.")

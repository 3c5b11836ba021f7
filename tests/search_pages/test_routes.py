"""The search page, the header search box and the ask page's suggestion region."""

from __future__ import annotations

import re

import pytest

from community.extensions import db


@pytest.fixture
def indexed(app, make_user, make_question, make_answer):
    """A few questions (one solved, one hidden) indexed from the database."""
    user = make_user()
    router = make_question(
        author=user,
        title="Router drops wifi every evening",
        body="The wireless connection drops at 8pm <script>alert(1)</script> every day.",
        tags=("router",),
    )
    answer = make_answer(router, author=user, body="Update the firmware to 2.1")
    router.accepted_answer_id = answer.id
    printer = make_question(
        author=user, title="Printer prints blank pages", body="Blank sheets.", tags=("printer",)
    )
    hidden = make_question(
        author=user, title="Router spam hidden post", body="spam spam", is_hidden=True
    )
    for n in range(25):
        make_question(author=user, title=f"Router question number {n} about wifi", tags=("router",))
    db.session.commit()
    app.extensions["community.search"].rebuild()
    return {"router": router, "printer": printer, "hidden": hidden}


def test_search_page_shows_highlighted_results_filters_and_pages(client, indexed):
    page = client.get("/search?q=wifi+drops").get_data(as_text=True)
    assert "<mark>drops</mark>" in page and "<mark>wifi</mark>" in page.lower()
    assert "<script>alert" not in page  # snippets are escaped
    assert 'class="badge solved">Solved' in page
    assert "Router spam hidden post" not in page
    solved = client.get("/search?q=router&solved=1").get_data(as_text=True)
    assert "drops wifi every evening" in solved and "question number" not in solved
    printer_item = f'data-id="{indexed["printer"].id}"'
    assert printer_item in client.get("/search?q=blank&tag=printer").get_data(as_text=True)
    assert printer_item not in client.get("/search?q=blank&tag=router").get_data(as_text=True)
    first = client.get("/search?q=router+question").get_data(as_text=True)
    assert 'rel="next"' in first and "Page 1 of 2" in first
    second = client.get("/search?q=router+question&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second


def test_did_you_mean_and_empty_state_offer_to_ask(client, indexed):
    page = client.get("/search?q=wifi+evning").get_data(as_text=True)
    assert 'Did you mean <a href="/search?q=wifi+evening">wifi evening</a>' in page
    empty = client.get("/search?q=zzyzx+qwv").get_data(as_text=True)
    assert "No answers found" in empty
    assert 'href="/questions/ask?title=zzyzx+qwv"' in empty
    ask = client.get("/questions/ask?title=zzyzx+qwv").get_data(as_text=True)
    assert 'value="zzyzx qwv"' in ask


@pytest.mark.parametrize(
    "q",
    [
        'router" OR title:(*) AND NOT [x TO y]',
        "\x00\x1f\x7f control",
        "ünïcødé 路由器 🙂",
        "a" * 5000,
        "?*~^",
        "",
    ],
)
def test_hostile_queries_never_fail(client, indexed, q):
    response = client.get("/search", query_string={"q": q, "page": "99999", "tag": q[:50]})
    assert response.status_code == 200


def test_stale_hits_of_a_question_hidden_since_are_not_shown(client, indexed):
    indexed["router"].is_hidden = True  # via the ORM: the sync removes it...
    db.session.commit()
    page = client.get("/search?q=wifi+drops").get_data(as_text=True)
    assert f'data-id="{indexed["router"].id}"' not in page


def test_hits_are_rechecked_against_the_database(app, client, indexed):
    from sqlalchemy import update

    from community.models import Question

    # ...and even a change that bypassed the sync (bulk SQL) never shows hidden content.
    db.session.execute(
        update(Question).where(Question.id == indexed["printer"].id).values(is_hidden=True)
    )
    db.session.commit()
    page = client.get("/search?q=blank").get_data(as_text=True)
    assert f'data-id="{indexed["printer"].id}"' not in page and "No answers found" in page


def test_search_box_in_header_and_empty_search_page(client, indexed):
    home = client.get("/").get_data(as_text=True)
    assert 'role="search"' in home and 'for="site-search-q"' in home
    page = client.get("/search").get_data(as_text=True)
    assert 'for="search-q"' in page and "No answers found" not in page


def test_ask_page_has_the_similar_questions_region(client):
    page = client.get("/questions/ask").get_data(as_text=True)
    region = re.search(r'<section id="similar-questions"[^>]*>', page).group(0)
    assert 'aria-label="Similar questions"' in region and 'aria-live="polite"' in region
    assert "<h2>Similar questions</h2>" in page and "js/suggest.js" in page
    assert 'name="session_token"' in page


def test_unavailable_index_is_a_503_not_a_crash(app, client, indexed, monkeypatch):
    from community.search.errors import IndexUnavailable

    def broken(fn):
        raise IndexUnavailable("disk gone")

    monkeypatch.setattr(app.extensions["community.search"], "run", broken)
    response = client.get("/search?q=router")
    assert response.status_code == 503 and "unavailable" in response.get_data(as_text=True)
    api = client.get("/api/v1/suggest?q=router")
    assert api.status_code == 503 and api.json["error"]

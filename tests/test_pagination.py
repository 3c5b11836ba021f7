"""Pagination of big lists: pages by key, and a count that stops at a limit."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from community.pagination import parse_page
from community.questions import queries


def test_pages_follow_the_sort_order_across_pages(make_question):
    made = [make_question() for _ in range(5)]
    anon = AnonymousUserMixin()
    seen = [q.id for n in (1, 2, 3) for q in queries.list_questions(anon, page=n, per_page=2).items]
    assert seen == [q.id for q in reversed(made)]


def test_total_is_exact_under_the_limit(make_question):
    for _ in range(3):
        make_question()
    page = queries.list_questions(AnonymousUserMixin(), page=1, per_page=2)
    assert page.total == 3 and page.is_total_exact and page.pages == 2 and page.has_next


def test_count_stops_at_the_limit_and_still_pages(monkeypatch, make_question):
    monkeypatch.setattr(queries, "LIST_COUNT_LIMIT", 2)
    for _ in range(5):
        make_question()
    anon = AnonymousUserMixin()
    first = queries.list_questions(anon, page=1, per_page=2)
    assert not first.is_total_exact and first.total >= 2 and first.has_next
    last = queries.list_questions(anon, page=3, per_page=2)
    assert len(last.items) == 1 and not last.has_next and last.total == 5


def test_list_page_says_plus_when_the_count_stopped(monkeypatch, app, client, make_question):
    monkeypatch.setattr(queries, "LIST_COUNT_LIMIT", 2)
    app.config["QUESTIONS_PER_PAGE"] = 1
    for _ in range(4):
        make_question()
    html = client.get("/questions").get_data(as_text=True)
    assert "2+ questions" in html and "Page 1<" in html and 'rel="next"' in html
    html = client.get("/questions?page=4").get_data(as_text=True)
    assert "4 questions" in html and "Page 4 of 4" in html and 'rel="next"' not in html


def test_parse_page_caps_junk():
    assert parse_page("x") == 1 and parse_page("-3") == 1 and parse_page("99999999") == 10_000

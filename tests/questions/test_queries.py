"""Reads: visibility, sorting, and a constant number of SQL statements."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from community.questions import queries


def test_list_sorts_and_filters(make_question, make_answer, make_user):
    q1 = make_question(tags=("router",), score=5)
    q2 = make_question(tags=("printer",))
    make_answer(q1)
    anon = AnonymousUserMixin()
    assert [q.id for q in queries.list_questions(anon, "votes").items][0] == q1.id
    assert [q.id for q in queries.list_questions(anon, "unanswered").items] == [q2.id]
    assert [q.id for q in queries.list_questions(anon, tag="printer").items] == [q2.id]
    assert queries.list_questions(anon, "solved").items == []
    assert queries.list_questions(anon, "bogus").total == 2


def test_hidden_questions_only_for_author_and_moderators(make_question, make_user):
    author = make_user()
    make_question(author=author, is_hidden=True)
    assert queries.list_questions(AnonymousUserMixin()).total == 0
    assert queries.list_questions(author).total == 1
    assert queries.list_questions(make_user("moderator")).total == 1


def test_accepted_answer_first(make_question, make_answer, make_user):
    q = make_question()
    a1 = make_answer(q, score=10)
    a2 = make_answer(q, score=1)
    q.accepted_answer_id = a2.id
    view = queries.get_question_page(AnonymousUserMixin(), q.id)
    assert [a.id for a in view.answers] == [a2.id, a1.id]


def _page_statements(client, count_queries, url):
    # Warm up first: the very first request also refreshes the logged-in user, once.
    assert client.get(url).status_code == 200
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_question_page_statement_count_is_constant(
    client, count_queries, make_question, make_answer, make_comment, make_user, login
):
    viewer = make_user()
    login(viewer)
    small = make_question(tags=("router",))
    make_answer(small)
    big = make_question(tags=("router", "printer", "nas", "mesh", "camera"))
    for _ in range(12):
        a = make_answer(big)
        make_comment(answer=a)
        make_comment(question=big)
    assert _page_statements(client, count_queries, f"/questions/{small.id}") == _page_statements(
        client, count_queries, f"/questions/{big.id}"
    )


def test_list_page_statement_count_is_constant(client, count_queries, make_question, make_answer):
    make_question()
    few = _page_statements(client, count_queries, "/questions")
    for _ in range(15):
        q = make_question(tags=("router", "printer"))
        make_answer(q)
    assert _page_statements(client, count_queries, "/questions") == few

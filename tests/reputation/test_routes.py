"""Leaderboard, badge rules, history and what profiles and names show."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.questions import service
from community.reputation import badges


@pytest.fixture
def helped(make_user, make_question, make_answer, make_tag):
    make_tag("printer")
    helper, voter, asker = make_user(username="helpful"), make_user(), make_user()
    question = make_question(author=asker, tags=("printer",))
    answer = make_answer(question, author=helper)
    service.cast_vote(voter, answer, 1)
    service.accept_answer(asker, answer)
    db.session.commit()
    return helper, question, answer


def test_leaderboard_periods_and_tags(client, helped, make_tag):
    helper, *_ = helped
    make_tag("router")
    for period in ("week", "month", "all"):
        page = client.get(f"/leaderboard?period={period}").get_data(as_text=True)
        assert "helpful" in page and "25" in page
    assert "helpful" in client.get("/leaderboard?tag=printer").get_data(as_text=True)
    assert "helpful" not in client.get("/leaderboard?tag=router&period=all").get_data(as_text=True)
    assert client.get("/leaderboard?tag=nope").status_code == 404
    assert client.get("/leaderboard?period=forever&page=zzz").status_code == 200


def test_leaderboard_paginates(client, make_user, make_question, make_answer):
    voter = make_user()
    for _ in range(27):
        answer = make_answer(make_question(), author=make_user())
        service.cast_vote(voter, answer, 1)
    db.session.commit()
    first = client.get("/leaderboard?period=all").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get("/leaderboard?period=all&page=2").get_data(as_text=True)


def test_profile_shows_rank_badges_and_activity(client, helped):
    helper, question, answer = helped
    page = client.get("/users/helpful").get_data(as_text=True)
    assert "Recognition" in page
    assert "First accepted answer" in page
    assert "Deflections credited" in page
    assert "Answer accepted" in page and question.title in page


def test_names_show_reputation_and_top_badge(client, helped):
    helper, question, answer = helped
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert '<span class="rep" title="Reputation">25' in page
    assert "award-bronze" in page and "First accepted answer" in page


def test_history_and_badges_pages(client, helped):
    page = client.get("/users/helpful/reputation").get_data(as_text=True)
    assert "+15" in page and "+10" in page
    assert client.get("/users/nobody-here/reputation").status_code == 404
    rules_page = client.get("/badges").get_data(as_text=True)
    for badge in badges.BADGES:
        assert badge.name in rules_page

"""Reputation through the real services and signals: votes, cap, accepts, deflections, badges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from community.extensions import db
from community.models import ReputationEvent, User, UserBadge, Vote
from community.questions import service
from community.reputation import badges, rules


def _rep(user: User) -> int:
    db.session.expire_all()
    return db.session.get(User, user.id).reputation


def _ledger(user: User) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(ReputationEvent.amount), 0)).where(
            ReputationEvent.user_id == user.id
        )
    )


@pytest.fixture
def thread(make_user, make_question, make_answer):
    asker, helper, voter = make_user(), make_user(), make_user()
    question = make_question(author=asker)
    answer = make_answer(question, author=helper)
    return asker, helper, voter, question, answer


def test_votes_move_the_authors_reputation(thread):
    asker, helper, voter, question, answer = thread
    service.cast_vote(voter, answer, 1)
    service.cast_vote(voter, question, 1)
    db.session.commit()
    assert _rep(helper) == rules.ANSWER_UPVOTE
    assert _rep(asker) == rules.QUESTION_UPVOTE
    service.cast_vote(voter, answer, -1)  # switch
    db.session.commit()
    assert _rep(helper) == rules.DOWNVOTE
    service.cast_vote(voter, answer, -1)  # withdraw
    db.session.commit()
    assert _rep(helper) == 0
    assert _ledger(helper) == 0
    reasons = db.session.scalars(
        select(ReputationEvent.reason)
        .where(ReputationEvent.user_id == helper.id)
        .order_by(ReputationEvent.id)
    ).all()
    assert reasons == ["answer_upvoted", "vote_changed", "vote_removed"]


def test_daily_cap_on_votes(app, make_user, make_question, make_answer):
    app.config["REPUTATION_DAILY_VOTE_CAP"] = 25
    helper = make_user()
    answers = [make_answer(make_question(), author=helper) for _ in range(3)]
    voters = [make_user() for _ in range(3)]
    for voter, answer in zip(voters, answers, strict=True):
        service.cast_vote(voter, answer, 1)
    db.session.commit()
    assert _rep(helper) == 25  # 30 earned, capped
    service.cast_vote(voters[0], answers[0], 1)  # withdrawn: 20 left, under the cap
    db.session.commit()
    assert _rep(helper) == 20
    assert _ledger(helper) == 20


def test_withdrawing_an_old_vote_corrects_the_day_it_was_cast(thread):
    asker, helper, voter, question, answer = thread
    service.cast_vote(voter, answer, 1)
    db.session.commit()
    cast_at = db.session.scalar(select(Vote.created_at)) - timedelta(days=1)
    yesterday = cast_at.date()
    db.session.execute(update(Vote).values(created_at=cast_at))
    db.session.execute(update(ReputationEvent).values(day=yesterday))
    db.session.commit()
    service.cast_vote(voter, answer, 1)
    db.session.commit()
    last = db.session.scalars(select(ReputationEvent).order_by(ReputationEvent.id.desc())).first()
    assert (last.day, last.amount) == (yesterday, -rules.ANSWER_UPVOTE)
    assert _rep(helper) == 0


def test_accept_switch_and_unaccept(thread, make_answer, make_user):
    asker, helper, voter, question, answer = thread
    other = make_answer(question, author=make_user())
    service.accept_answer(asker, answer)
    db.session.commit()
    assert _rep(helper) == rules.ACCEPTED
    service.accept_answer(asker, other)
    db.session.commit()
    assert _rep(helper) == 0
    assert _rep(db.session.get(User, other.author_id)) == rules.ACCEPTED
    service.unaccept_answer(asker, question)
    db.session.commit()
    assert _rep(db.session.get(User, other.author_id)) == 0


def test_accepting_your_own_answer_earns_nothing(make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    own = make_answer(question, author=asker)
    service.accept_answer(asker, own)
    db.session.commit()
    assert _rep(asker) == 0


def test_deflection_credits_the_accepted_answer_author(thread, record_deflection):
    asker, helper, voter, question, answer = thread
    service.accept_answer(asker, answer)
    db.session.commit()
    record_deflection("a" * 32, "solved_yes", "question", question.id)
    assert _rep(helper) == rules.ACCEPTED + rules.DEFLECTION
    # The same session posts a question after all: not a deflection any more.
    record_deflection("a" * 32, "question_posted", None, None, question_id=999)
    assert _rep(helper) == rules.ACCEPTED


def test_deflection_without_accepted_answer_goes_to_best_answer(
    thread, make_answer, make_user, record_deflection
):
    asker, helper, voter, question, answer = thread
    better = make_answer(question, author=make_user())
    record_deflection("b" * 32, "solved_yes", "question", question.id)
    assert _rep(helper) == 0  # no answer scored above zero: nobody credited yet
    service.cast_vote(voter, better, 1)
    db.session.commit()
    best_author = db.session.get(User, better.author_id)
    assert _rep(best_author) == rules.ANSWER_UPVOTE + rules.DEFLECTION
    service.accept_answer(asker, answer)  # credit follows the accepted answer
    db.session.commit()
    assert _rep(best_author) == rules.ANSWER_UPVOTE
    assert _rep(helper) == rules.ACCEPTED + rules.DEFLECTION


def test_first_answer_and_accepted_badges(thread, make_question):
    asker, helper, voter, question, answer = thread
    service.post_answer(voter, make_question(), "A useful answer that helps.")
    service.accept_answer(asker, answer)
    db.session.commit()
    codes = lambda u: set(  # noqa: E731
        db.session.scalars(select(UserBadge.code).where(UserBadge.user_id == u.id))
    )
    assert codes(voter) == {"first_answer"}
    assert "first_accepted" in codes(helper)
    assert db.session.get(User, helper.id).top_badge == "first_accepted"


def test_badges_are_awarded_once(make_user):
    user = make_user()
    assert badges.award_badges(user.id, ["first_answer"]) == ["first_answer"]
    assert badges.award_badges(user.id, ["first_answer"]) == []
    db.session.commit()
    assert db.session.scalar(select(func.count(UserBadge.id))) == 1


def test_top_badge_prefers_higher_tiers():
    assert badges.top_badge(["first_answer", "accepted_10", "first_accepted"]) == "accepted_10"
    assert badges.top_badge(["accepted_50", "accepted_150"]) == "accepted_150"
    assert badges.top_badge([]) is None


def test_helpful_commenter_counts_comments_on_others_posts(make_user, make_question):
    commenter = make_user()
    theirs, mine = make_question(), make_question(author=commenter)
    for i in range(9):
        service.add_comment(commenter, theirs, f"Have you tried step {i}?")
    for i in range(3):
        service.add_comment(commenter, mine, f"Update on my own question {i}")
    db.session.commit()
    assert db.session.get(User, commenter.id).top_badge is None
    service.add_comment(commenter, theirs, "One more helpful comment")
    db.session.commit()
    assert db.session.get(User, commenter.id).top_badge == "helpful_commenter"


def test_ten_deflections_badge(thread, record_deflection):
    asker, helper, voter, question, answer = thread
    service.accept_answer(asker, answer)
    db.session.commit()
    for i in range(10):
        record_deflection(f"{i:032x}", "solved_yes", "question", question.id)
    held = set(db.session.scalars(select(UserBadge.code).where(UserBadge.user_id == helper.id)))
    assert "deflections_10" in held


def test_video_that_deflected_badge_uses_the_hook(app, make_user, record_deflection):
    adder = make_user()
    app.extensions["community.video_added_by"] = lambda video_id: (
        adder.id if video_id == 7 else None
    )
    record_deflection("c" * 32, "solved_yes", "video", 8)
    assert db.session.get(User, adder.id).top_badge is None
    record_deflection("d" * 32, "solved_yes", "video", 7)
    assert db.session.get(User, adder.id).top_badge == "video_deflected"


def test_video_deflection_without_videos_feature_is_ignored(make_user, record_deflection):
    record_deflection("e" * 32, "solved_yes", "video", 3)
    assert db.session.scalar(select(func.count(UserBadge.id))) == 0


def test_ranks():
    assert rules.rank_for(0) == "Newcomer"
    assert rules.rank_for(-4) == "Newcomer"
    assert rules.rank_for(200) == "Helper"
    assert rules.next_rank(190) == ("Helper", 10)
    assert rules.next_rank(10_000) is None

"""Property: after any sequence of votes, unvotes, switches, accepts, unaccepts and deflections,
the incremental reputation equals what a rebuild recomputes from the records."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select, update

from community.exceptions import DomainError
from community.extensions import db
from community.models import ReputationEvent, User, utcnow
from community.questions import service
from community.reputation.rebuild import rebuild_reputation


def _ledger_totals() -> dict[int, int]:
    rows = db.session.execute(
        select(ReputationEvent.user_id, func.sum(ReputationEvent.amount)).group_by(
            ReputationEvent.user_id
        )
    )
    return {u: int(t) for u, t in rows if t}


def _reputations() -> dict[int, int]:
    db.session.expire_all()
    return {u.id: u.reputation for u in db.session.scalars(select(User)) if u.reputation}


@pytest.fixture
def world(app, make_user, make_question, make_answer):
    app.config["REPUTATION_DAILY_VOTE_CAP"] = 35  # low, so random sequences hit the cap
    users = [make_user() for _ in range(6)]
    moderator = make_user(role="moderator")
    questions, answers = [], []
    for i in range(3):
        q = make_question(author=users[i])
        questions.append(q)
        for j in range(3):
            answers.append(make_answer(q, author=users[(i + j + 1) % len(users)]))
    return users, moderator, questions, answers


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_rebuild_equals_incremental(world, record_deflection, seed):
    users, moderator, questions, answers = world
    rng = random.Random(seed)
    seen: set[tuple[str, str, int | None]] = set()  # the deflection log dedupes these
    for step in range(70):
        op = rng.random()
        try:
            if op < 0.6:
                post = rng.choice(answers + questions)
                voter = rng.choice([u for u in users if u.id != post.author_id])
                service.cast_vote(voter, post, rng.choice([1, 1, -1]))
            elif op < 0.75:
                answer = rng.choice(answers)
                question = next(q for q in questions if q.id == answer.question_id)
                actor = rng.choice(
                    [moderator, next(u for u in users if u.id == question.author_id)]
                )
                service.accept_answer(actor, answer)
            elif op < 0.85:
                service.unaccept_answer(moderator, rng.choice(questions))
            else:
                token = f"{rng.randrange(8):032x}"
                item = rng.choice(questions).id if rng.random() < 0.8 else None
                key = (token, "solved_yes" if item else "question_posted", item)
                if key not in seen:
                    seen.add(key)
                    if item:
                        record_deflection(token, "solved_yes", "question", item)
                    else:
                        record_deflection(token, "question_posted", None, None, question_id=step)
            db.session.commit()
        except DomainError:
            db.session.rollback()
    incremental = _reputations()
    assert incremental, "the sequence should have earned someone points"
    assert _ledger_totals() == incremental
    report = rebuild_reputation(utcnow(), dry_run=True)
    assert {u: t for u, t in report.totals.items() if t} == incremental
    assert report.drift == {}
    assert report.events_appended == 0


def test_rebuild_repairs_drift(world, record_deflection):
    users, moderator, questions, answers = world
    service.cast_vote(users[5], answers[0], 1)
    service.accept_answer(moderator, answers[0])
    db.session.commit()
    author = answers[0].author_id
    expected = _reputations()[author]
    db.session.execute(update(User).where(User.id == author).values(reputation=999))
    db.session.execute(ReputationEvent.__table__.delete().where(ReputationEvent.kind == "accept"))
    db.session.commit()
    report = rebuild_reputation(utcnow())
    db.session.commit()
    assert report.drift[author] == (999, expected)
    assert report.events_appended == 1
    assert _reputations()[author] == expected
    assert _ledger_totals()[author] == expected
    assert rebuild_reputation(utcnow(), dry_run=True).drift == {}


def test_rebuild_command(runner, world):
    users, moderator, questions, answers = world
    service.cast_vote(users[5], answers[0], 1)
    db.session.commit()
    result = runner.invoke(args=["reputation", "rebuild", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "0 drifted" in result.output
    result = runner.invoke(args=["reputation", "rebuild"])
    assert result.exit_code == 0
    assert "badges awarded" in result.output


def test_credit_deflections_command_catches_events_recorded_without_the_signal(runner, world):
    from community.models import DeflectionEvent

    users, moderator, questions, answers = world
    service.accept_answer(moderator, answers[0])
    db.session.add(
        DeflectionEvent(
            session_token="f" * 32,
            kind="solved_yes",
            item_kind="question",
            item_id=questions[0].id,
            dedupe_key="f" * 32 + ":solved_yes:question",
        )
    )
    db.session.commit()
    before = _reputations()[answers[0].author_id]
    result = runner.invoke(args=["reputation", "credit-deflections", "--days", "1"])
    assert result.exit_code == 0, result.output
    assert "1 solved items reconciled" in result.output
    assert _reputations()[answers[0].author_id] == before + 10

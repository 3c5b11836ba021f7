"""The flask commands: users create, seed-demo, import-questions."""

from __future__ import annotations

import gzip
import json

from sqlalchemy import func, select

from community.extensions import db
from community.models import Answer, Question, Tag, User


def test_users_create(runner):
    result = runner.invoke(
        args=["users", "create", "ann", "--role", "staff", "--password", "long-password"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role).where(User.username == "ann")) == "staff"
    again = runner.invoke(
        args=["users", "create", "ann", "--role", "staff", "--password", "long-password"]
    )
    assert again.exit_code != 0 and "taken" in again.output


def test_seed_demo_is_believable_and_idempotent(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(Question.id))) >= 60
    assert db.session.scalar(select(func.count(Tag.id))) >= 6
    assert (
        db.session.scalar(
            select(func.count(Question.id)).where(Question.accepted_answer_id.is_not(None))
        )
        > 30
    )
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"member", "moderator", "staff", "admin"}
    from community.models import QuestionVideo, Video

    assert db.session.scalar(select(func.count(Video.id))) == 3
    assert db.session.scalar(select(func.count(QuestionVideo.id))) == 4
    runner.invoke(args=["seed-demo"])
    assert db.session.scalar(select(func.count(Question.id))) == 60


def test_import_questions_gz_keeps_external_ids(runner, tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    lines = [
        {
            "id": "Q1_R1",
            "title": "Best bank in Doha",
            "body": "Which bank?",
            "tags": ["Advice and Help"],
            "answers": ["QNB", "HSBC"],
        },
        {"id": "Q1_R2", "title": "Visa renewal", "body": "How long?", "tags": ["Visas"]},
        {"title": "no id"},
    ]
    with gzip.open(path, "wt") as fh:
        for line in lines:
            fh.write(json.dumps(line) + "\n")
        fh.write("not json\n")
    result = runner.invoke(args=["import-questions", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 2 questions" in result.output and "2 invalid" in result.output
    q = db.session.scalar(select(Question).where(Question.external_id == "Q1_R1"))
    assert q.answer_count == 2 and db.session.scalar(select(func.count(Answer.id))) == 2
    assert "advice-and-help" in {t.name for t in db.session.scalars(select(Tag))}
    again = runner.invoke(args=["import-questions", str(path)])
    assert "2 already present" in again.output

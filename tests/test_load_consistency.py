"""A small `make load` inside the suite: members write at once through gunicorn on the test
database (SQLite or PostgreSQL); then a worker is killed mid-burst. Every acknowledged write
must be stored exactly once and every counter must equal the rows it counts."""

from __future__ import annotations

import secrets

import pytest

from bench.load import kill_a_worker_soon
from bench.members import (
    Ledger,
    acknowledged_problems,
    consistency_problems,
    latency_summary,
    run_members,
)
from bench.servers import gunicorn
from community.extensions import db
from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow


def test_concurrent_writes_and_a_killed_worker_lose_nothing(
    app, database_url, make_user, make_question, make_tag, tmp_path
):
    make_tag("router")
    owner = make_user(username="pool-owner")
    pool = [(make_question(author=owner).id, owner.username) for _ in range(4)]
    members = [make_user(username=f"loadmember{n}").username for n in range(8)]
    db.session.remove()
    env = {
        "COMMUNITY_DATABASE_URL": database_url,
        "COMMUNITY_SECRET_KEY": secrets.token_hex(16),
        "COMMUNITY_SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "COMMUNITY_RATELIMIT_ENABLED": "false",
    }
    ledger = Ledger()
    with gunicorn("community:create_app()", env=env, workers=2, ready_path="/healthz") as server:
        run_members(server.port, members, PASSWORD, pool, 6, ledger, seed=3)
        assert ledger.writes >= 30, latency_summary(ledger, 1)
        killed: list[int] = []
        killer = kill_a_worker_soon(server, 0.5, killed)
        run_members(server.port, members, PASSWORD, pool, 8, ledger, seed=4)
        killer.join()
    assert killed, "the burst ended before a worker could be killed"
    assert not [s for s in ledger.statuses if s >= 500], ledger.statuses
    problems = acknowledged_problems(db.engine, ledger) + consistency_problems(db.engine)
    assert not problems, "\n".join(problems)


def test_the_checks_can_fail(app, make_question, make_user):
    question = make_question()
    question.score = 3  # no vote rows behind it
    db.session.commit()
    assert consistency_problems(db.engine)
    ledger = Ledger()
    ledger.questions["missing-marker"] = 999
    assert acknowledged_problems(db.engine, ledger)

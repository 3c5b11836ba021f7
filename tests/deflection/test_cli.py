"""flask deflection report | rollup | prune."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from community.deflection import events
from community.extensions import db
from community.models import DeflectionDay, DeflectionEvent, utcnow

TOKEN = "0123456789abcdef0123456789abcdef"


def _explicit_session(question_id: int, at) -> None:
    events.record_client_event({"session": TOKEN, "kind": "ask_started"}, at)
    item = {"kind": "question", "id": question_id, "rank": 1}
    events.record_client_event({"session": TOKEN, "kind": "suggestion_opened", "item": item}, at)
    events.record_client_event({"session": TOKEN, "kind": "solved_yes", "item": item}, at)
    db.session.commit()


def test_report_prints_the_dashboard_figures(runner, make_question):
    q = make_question(title="Printer shows offline after sleep", tags=("printer",))
    _explicit_session(q.id, utcnow() - timedelta(days=3))
    result = runner.invoke(args=["deflection", "report", "--days", "7"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "explicit deflections" in out and "deflection rate" in out
    lines = {
        line.split("  ")[1].strip(): line.split()[-1]
        for line in out.splitlines()
        if line.startswith("  ") and len(line.split("  ")) > 2
    }
    assert lines.get("explicit deflections") == "1"
    assert lines.get("ask sessions") == "1"
    assert "100.0%" in out and "12.00 USD" in out
    assert "Printer shows offline after sleep" in out and "printer" in out
    assert "Community health" in out
    assert runner.invoke(args=["deflection", "report", "--days", "0"]).exit_code != 0


def test_rollup_and_prune(runner, make_question, app):
    q = make_question()
    _explicit_session(q.id, utcnow() - timedelta(days=5))
    result = runner.invoke(args=["deflection", "rollup", "--days", "10"])
    assert result.exit_code == 0, result.output
    days = db.session.scalars(select(DeflectionDay)).all()
    assert len(days) >= 7 and sum(d.explicit for d in days) == 1
    db.session.execute(DeflectionDay.__table__.delete())
    db.session.commit()
    # Pruning rolls the settled days up first, so no history is lost with the raw events.
    result = runner.invoke(args=["deflection", "prune", "--days", "2"])
    assert result.exit_code == 0 and "deleted 3 events" in result.output
    assert db.session.scalar(select(func.count(DeflectionEvent.id))) == 0
    # The roll-ups survive pruning of the raw log.
    assert sum(d.explicit for d in db.session.scalars(select(DeflectionDay))) == 1

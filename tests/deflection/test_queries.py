"""Dashboard reads: roll-ups and the live log agree; top items merge exactly; permissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from community.deflection import events, queries, rollups
from community.deflection.events import EventItem
from community.exceptions import PermissionDenied
from community.extensions import db

DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def implicit_session(n: int, question_id: int, at: datetime) -> None:
    """A session that opened one suggestion and never posted."""
    token = f"{n:032x}"
    events.record_events(token, "ask_started", [], at)
    events.record_events(token, "suggestion_opened", [EventItem("question", question_id, 1)], at)


def test_rollups_agree_with_the_live_log_and_top_items_merge_exactly(app, make_question, make_user):
    a = make_question(title="Alpha answer", tags=("router",))
    b = make_question(title="Bravo answer", tags=("printer",))
    for n in range(3):
        implicit_session(n, a.id, DAY)
    for n in range(3, 5):
        implicit_session(n, b.id, DAY)
    late = DAY + timedelta(days=5)
    for n in range(5, 7):  # Bravo catches up in the live tail
        implicit_session(n, b.id, late)
    db.session.commit()
    now = late + timedelta(hours=2)
    period = queries.Period(DAY.date(), now.date())
    live_only = queries.compute_deflection_report(period, now, top=1)
    assert rollups.build_missing(period.start, period.end_exclusive, now) >= 5
    db.session.commit()
    rolled = queries.compute_deflection_report(period, now, top=1)
    assert rolled.live_from > DAY.date()  # the first day now comes from a roll-up
    assert rolled.totals == live_only.totals and rolled.totals.implicit == 7
    assert [(i.title, i.deflected) for i in rolled.items] == [("Bravo answer", 4)]
    assert [(i.title, i.deflected) for i in live_only.items] == [("Bravo answer", 4)]
    assert {t.tag: t.implicit for t in rolled.tags} == {"router": 3, "printer": 4}
    assert rolled.cost_avoided == pytest.approx(7 * app.config["DEFLECTION_COST_PER_CONTACT"])
    # Rebuilding from the log gives the same roll-ups (no drift).
    rollups.rebuild_days(period.start, period.end_exclusive, now)
    db.session.commit()
    assert queries.compute_deflection_report(period, now, top=1).totals == rolled.totals
    with pytest.raises(PermissionDenied):
        queries.get_deflection_report(make_user(), period, now)
    with pytest.raises(PermissionDenied):
        rollups.ensure_rollups(None, period.start, period.end_exclusive, now)


def test_parse_period():
    today = DAY.date()
    assert queries.parse_period({}, today).days == 30
    assert queries.parse_period({"days": "7"}, today) == queries.Period(
        today - timedelta(days=6), today
    )
    rng = queries.parse_period({"start": "2026-02-01", "end": "2026-12-31"}, today)
    assert rng.end == today  # the future is cut off

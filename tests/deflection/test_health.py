"""Community health and service levels: exact figures from hand-made questions and answers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.deflection import health
from community.deflection.queries import period_for_days
from community.exceptions import PermissionDenied
from community.extensions import db
from community.models import User, utcnow


@pytest.fixture
def community(make_user, make_question, make_answer):
    """Router: 4 questions answered after 1, 2, 3 and 30 hours; printer: 1 unanswered."""
    now = utcnow()
    staff = make_user(role="staff")
    # Answerers never log in: skip the (deliberately slow) password hashing of make_user.
    members = [User(username=f"answerer{n}", password_hash="-") for n in range(7)]
    db.session.add_all(members)
    db.session.commit()
    asked = now - timedelta(days=3)
    for n, hours in enumerate((1, 2, 3, 30)):
        q = make_question(
            author=members[6],
            tags=("router",),
            created_at=asked,
            first_answer_at=asked + timedelta(hours=hours),
        )
        first = make_answer(q, author=staff if n == 0 else members[n])
        if n < 2:
            q.accepted_answer_id = first.id
        make_answer(q, author=members[5])
    make_answer(q, author=members[4])  # a sixth answerer, so the top five are not everyone
    make_question(author=members[6], tags=("printer",), created_at=now - timedelta(hours=2))
    make_question(
        author=members[6], tags=("router",), created_at=now - timedelta(days=60)
    )  # outside 30 days
    db.session.commit()
    return {"now": now, "staff": staff, "member": make_user()}


def test_health_overall_and_per_tag(community):
    now = community["now"]
    h = health.get_health(community["staff"], period_for_days(30, now.date()), now)
    o = h.overall
    assert (o.questions, o.answered, o.unanswered, o.resolved) == (5, 4, 1, 2)
    assert (o.median_hours, o.p90_hours) == (pytest.approx(2.0), pytest.approx(30.0))
    # The printer question is 2 hours old: not yet counted for "within 24 h".
    assert (o.eligible_24h, o.answered_24h) == (4, 3)
    assert o.answers == 9 and o.staff_share == pytest.approx(1 / 9)
    assert o.top5_share == pytest.approx(8 / 9)  # members[5] wrote 4, five others 1 each
    tags = dict(h.by_tag)
    assert tags["router"].questions == 4 and tags["router"].median_hours == pytest.approx(2.0)
    assert tags["printer"].questions == 1 and tags["printer"].median_hours is None


def test_health_needs_staff(community):
    now = community["now"]
    with pytest.raises(PermissionDenied):
        health.get_health(community["member"], period_for_days(7, now.date()), now)
    with pytest.raises(PermissionDenied):
        health.list_unanswered(None, 1, 20)


def test_unanswered_oldest_first(community, make_question):
    now = community["now"]
    oldest = make_question(author=community["staff"], created_at=now - timedelta(days=90))
    page = health.list_unanswered(community["staff"], 1, 20)
    assert page.items[0].id == oldest.id and page.total == 3


def test_expectation_hidden_with_too_little_data(app, community):
    now = community["now"]
    app.config["SERVICE_MIN_SAMPLE"] = 5
    assert health.get_expectation(["router"], now) is None
    app.config["SERVICE_MIN_SAMPLE"] = 4
    found = health.get_expectation(["printer", "router"], now)
    assert found is not None and (found.tag, found.hours, found.sample) == ("router", 2, 4)
    assert found.text == "Questions tagged router usually get a first answer within about 2 hours."


def test_expectation_endpoint_and_service_page(app, client, community):
    app.config["SERVICE_MIN_SAMPLE"] = 4
    r = client.get("/api/v1/stats/expectation?tags=printer%20router")
    assert r.json["expectation"]["text"].startswith("Questions tagged router")
    assert client.get("/api/v1/stats/expectation?tags=").json == {"expectation": None}
    assert client.get("/api/v1/stats/expectation?tags=%3Cscript%3E").json == {"expectation": None}
    page = client.get("/service").get_data(as_text=True)
    assert "2.0 hours" in page  # median
    assert "75%" in page and "40%" in page  # 3 of 4 within 24 h; 2 of 5 solved
    assert "within 24 hours" in page  # the published target
    app.config["SERVICE_MIN_SAMPLE"] = 50
    assert "Too few questions" in client.get("/service").get_data(as_text=True)

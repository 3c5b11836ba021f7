"""The staff dashboard: permissions, rendering, chart with table alternative, CSV."""

from __future__ import annotations

import pytest

TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "staff", "admin"])
def test_dashboard_permissions(client, make_user, login, role):
    if role != "anonymous":
        login(make_user(role=role))
    for url in ("/staff/dashboard", "/staff/dashboard.csv"):
        expected = 200 if role in ("staff", "admin") else 403
        assert client.get(url).status_code == expected, url
    nav = client.get("/questions").get_data(as_text=True)
    assert ('href="/staff/dashboard"' in nav) == (role in ("staff", "admin"))


def test_dashboard_renders_every_section(client, make_user, make_question, login):
    q = make_question(title="Reset the mesh node to factory settings")
    client.post("/api/v1/deflection/events", json={"session": TOKEN, "kind": "ask_started"})
    client.get(f"/questions/{q.id}?ask={TOKEN}&rank=1")
    client.post(
        "/deflection/feedback",
        data={"session": TOKEN, "item_kind": "question", "item_id": q.id, "verdict": "yes"},
    )
    login(make_user(role="staff"))
    page = client.get("/staff/dashboard?days=7").get_data(as_text=True)
    for text in (
        "Explicit deflections",
        "Funnel",
        "<svg",
        "Daily figures as a table",
        "Reset the mesh node to factory settings",
        "By tag",
        "Community health",
        "Unanswered questions, oldest first",
        'name="start"',
    ):
        assert text in page, text
    for query in ("days=30", "days=90", "start=2026-01-01&end=2026-01-31"):
        assert client.get(f"/staff/dashboard?{query}").status_code == 200
    assert client.get("/staff/dashboard?days=junk").status_code == 422
    csv = client.get("/staff/dashboard.csv?days=7")
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("day,sessions,shown") and len(lines) == 1 + 7 + 1
    assert lines[-1].startswith("total,1,1,1,1,0,0")

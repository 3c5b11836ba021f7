"""Form fields carry only the ARIA attributes that apply (no aria-invalid="None")."""

from __future__ import annotations

import re


def test_fields_have_no_placeholder_aria_values(client, make_question, make_user, login):
    login(make_user())
    question = make_question()
    for url in ("/questions/ask", f"/questions/{question.id}", "/auth/register"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'aria-[a-z]+="None"', html), url
    html = client.get("/questions/ask").get_data(as_text=True)
    assert 'aria-describedby="title-help"' in html and "aria-invalid" not in html


def test_a_field_with_an_error_is_marked_invalid(client, make_user, make_tag, login):
    login(make_user())
    make_tag("router")
    html = client.post(
        "/questions/ask", data={"title": "short", "body": "x", "tags": "router"}
    ).get_data(as_text=True)
    assert 'aria-invalid="true"' in html

"""Template helpers."""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template_string, url_for

from community.extensions import db
from community.templating import cached_url_for


def test_cached_url_for_matches_url_for_under_any_prefix(app):
    for root in ("", "/community"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for endpoint, values in (
                ("users.profile", {"username": "ann b/c"}),
                ("questions.index", {"tag": "wi-fi & mesh"}),
            ):
                assert cached_url_for(endpoint, **values) == url_for(endpoint, **values)
                assert cached_url_for(endpoint, **values).startswith(root + "/")


def test_user_link_shows_name_role_reputation_and_badge(app, make_user):
    staff = make_user(role="staff", username="ann")
    staff.reputation, staff.top_badge = 42, "first_answer"
    with app.test_request_context("/"):
        html = render_template_string("{{ user_link(u) }}", u=staff)
        assert '<a class="user" href="/users/ann">ann</a>' in html
        assert '<span class="badge role-staff">Staff</span>' in html
        assert '<span class="rep" title="Reputation">42<' in html
        assert "award-bronze" in html and "First answer" in html
        # Built once per distinct values: a new reputation is a new link, never a stale one.
        staff.reputation = 43
        assert ">43<" in render_template_string("{{ user_link(u) }}", u=staff)
        assert "deleted user" in render_template_string("{{ user_link(None) }}")


def test_user_link_escapes_and_omits_what_an_object_lacks(app):
    odd = SimpleNamespace(username="<b>x</b>", role="member")
    with app.test_request_context("/"):
        html = render_template_string("{{ user_link(u) }}", u=odd)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    assert 'class="rep"' not in html and "badge" not in html


def test_tag_list_links_each_tag(app):
    tags = [SimpleNamespace(name="mesh"), SimpleNamespace(name="wi-fi & more")]
    with app.test_request_context("/", base_url="http://localhost/community/"):
        html = render_template_string("{{ tag_list(t) }}", t=tags)
    assert html.startswith('<ul class="tags" aria-label="Tags">')
    assert 'href="/community/questions?tag=mesh">mesh</a>' in html
    assert "wi-fi &amp; more</a>" in html


def test_list_rows_follow_every_change(client, make_question, make_user):
    question = make_question(title="How do I reset the mesh router?")
    page = client.get("/questions").get_data(as_text=True)
    assert "How do I reset the mesh router?" in page and "<strong>0</strong> votes" in page
    # Rows are built once per distinct content: any change shows at once, for everyone.
    question.title, question.score, question.status = "Resetting the mesh router?", 1, "closed"
    db.session.commit()
    page = client.get("/questions").get_data(as_text=True)
    assert "How do I reset" not in page and "Resetting the mesh router?" in page
    assert "<strong>1</strong> vote<" in page and '<span class="badge">closed</span>' in page

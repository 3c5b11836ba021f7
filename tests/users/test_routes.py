"""Profiles and admin role management."""

from __future__ import annotations

from community.extensions import db


def test_profile(client, make_user, make_question):
    user = make_user(username="helper")
    make_question(author=user, title="My visible question")
    page = client.get("/users/helper").get_data(as_text=True)
    assert "My visible question" in page
    assert client.get("/users/nobody").status_code == 404


def test_admin_changes_roles_but_not_own(client, make_user, login):
    admin, target = make_user("admin"), make_user()
    login(admin)
    assert client.get("/admin/users").status_code == 200
    assert (
        client.post(f"/admin/users/{target.id}/role", data={"role": "moderator"}).status_code == 302
    )
    db.session.refresh(target)
    assert target.role == "moderator"
    assert client.post(f"/admin/users/{admin.id}/role", data={"role": "member"}).status_code == 403
    assert (
        client.post(f"/admin/users/{target.id}/role", data={"role": "emperor"}).status_code == 422
    )
    assert client.post("/admin/users/9999/role", data={"role": "member"}).status_code == 404

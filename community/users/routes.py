"""Profiles and the admin's role management."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from community import permissions as perm
from community.auth import service as auth_service
from community.exceptions import NotFound, PermissionDenied
from community.extensions import db
from community.models import ROLES, User
from community.pagination import parse_page
from community.questions.forms import ActionForm
from community.routing import commit, require_form
from community.users import queries

bp = Blueprint("users", __name__)


@bp.get("/users/<username>")
def profile(username: str) -> str:
    """A member's public profile."""
    return render_template(
        "users/profile.html", profile=queries.get_profile(current_user, username)
    )


@bp.get("/admin/users")
def admin_users() -> str:
    """Admins list users and change roles."""
    if not perm.can_manage_users(current_user):
        raise PermissionDenied("Only admins manage users.")
    role = request.args.get("role") or None
    page = queries.list_users(
        parse_page(request.args.get("page")), role=role if role in ROLES else None
    )
    return render_template("users/admin.html", page=page, roles=ROLES, form=ActionForm(), role=role)


@bp.post("/admin/users/<int:user_id>/role")
def change_role(user_id: int) -> Any:
    """Change one user's role."""
    require_form(ActionForm())
    target = db.session.get(User, user_id)
    if target is None:
        raise NotFound("No such user.")
    auth_service.change_role(current_user, target, request.form.get("role", ""))
    commit()
    flash(f"{target.username} is now {target.role}.", "success")
    return redirect(url_for("users.admin_users"))

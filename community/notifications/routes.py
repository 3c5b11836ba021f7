"""Notification list, mark read, follow/unfollow, e-mail settings and unsubscribe links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from community import permissions as perm
from community.exceptions import NotFound, PermissionDenied
from community.extensions import db
from community.models import Tag, User, utcnow
from community.notifications import queries, service
from community.notifications.tokens import read_unsubscribe_token
from community.pagination import parse_page
from community.questions import queries as question_queries
from community.questions.forms import ActionForm
from community.routing import commit, require_form

bp = Blueprint("notifications", __name__)


def _require_member() -> None:
    """Visitors get a 403 page that offers to log in."""
    if not perm.is_member(current_user):
        raise PermissionDenied("Log in to see your notifications.")


def _back(default: str) -> str:
    """Where to go after a POST: a local ``next`` path, else the default."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.get("/notifications")
def index() -> str:
    """The member's notifications, newest first."""
    _require_member()
    unread_only = request.args.get("unread") == "1"
    page = queries.list_notifications(
        current_user,
        parse_page(request.args.get("page")),
        current_app.config["NOTIFICATIONS_PER_PAGE"],
        unread_only,
    )
    return render_template(
        "notifications/list.html",
        page=page,
        unread_only=unread_only,
        email_enabled=service.is_email_enabled(current_user.id),
        form=ActionForm(),
    )


@bp.get("/notifications/<int:notification_id>")
def open_notification(notification_id: int) -> Any:
    """Open a notification: mark it read and go to what it is about."""
    _require_member()
    row = service.mark_read(current_user, notification_id, utcnow())
    commit()
    if row.question_id is None:
        return redirect(url_for("notifications.index"))
    anchor = f"answer-{row.answer_id}" if row.answer_id else None
    return redirect(url_for("questions.detail", question_id=row.question_id, _anchor=anchor))


@bp.post("/notifications/<int:notification_id>/read")
def mark_read(notification_id: int) -> Any:
    """Mark one notification read."""
    require_form(ActionForm())
    _require_member()
    service.mark_read(current_user, notification_id, utcnow())
    commit()
    return redirect(_back(url_for("notifications.index")))


@bp.post("/notifications/read-all")
def mark_all_read() -> Any:
    """Mark every notification read."""
    require_form(ActionForm())
    _require_member()
    count = service.mark_all_read(current_user, utcnow())
    commit()
    flash(f"{count} notification{'s' if count != 1 else ''} marked read.", "success")
    return redirect(_back(url_for("notifications.index")))


@bp.post("/notifications/email")
def email_setting() -> Any:
    """Turn notification e-mails on or off."""
    require_form(ActionForm())
    _require_member()
    enabled = request.form.get("enabled") == "1"
    service.set_email_enabled(current_user.id, enabled, utcnow())
    commit()
    flash("E-mail notifications are " + ("on." if enabled else "off."), "success")
    return redirect(url_for("notifications.index"))


@bp.get("/notifications/following")
def following() -> str:
    """Questions and tags the member follows."""
    _require_member()
    page = queries.list_follows(
        current_user,
        parse_page(request.args.get("page")),
        current_app.config["NOTIFICATIONS_PER_PAGE"],
    )
    return render_template("notifications/following.html", page=page, form=ActionForm())


def _tag(name: str) -> Tag:
    """A tag by name, or NotFound."""
    tag = db.session.query(Tag).filter_by(name=name.lower()).one_or_none()
    if tag is None:
        raise NotFound("No such product or topic.")
    return tag


@bp.post("/questions/<int:question_id>/follow")
def follow_question(question_id: int) -> Any:
    """Follow a question (409 if already followed)."""
    require_form(ActionForm())
    question = question_queries.get_question(current_user, question_id)
    service.follow(current_user, question)
    commit()
    flash("You follow this question: you will be notified when it changes.", "success")
    return redirect(_back(url_for("questions.detail", question_id=question.id)))


@bp.post("/questions/<int:question_id>/unfollow")
def unfollow_question(question_id: int) -> Any:
    """Stop following a question (409 if not followed)."""
    require_form(ActionForm())
    question = question_queries.get_question(current_user, question_id)
    service.unfollow(current_user, question)
    commit()
    flash("You no longer follow this question.", "success")
    return redirect(_back(url_for("questions.detail", question_id=question.id)))


@bp.post("/tags/<name>/follow")
def follow_tag(name: str) -> Any:
    """Follow a tag: be told about new questions in it."""
    require_form(ActionForm())
    tag = _tag(name)
    service.follow(current_user, tag)
    commit()
    flash(f"You follow {tag.name}: new questions there will show in your notifications.", "success")
    return redirect(_back(url_for("questions.index", tag=tag.name)))


@bp.post("/tags/<name>/unfollow")
def unfollow_tag(name: str) -> Any:
    """Stop following a tag."""
    require_form(ActionForm())
    tag = _tag(name)
    service.unfollow(current_user, tag)
    commit()
    flash(f"You no longer follow {tag.name}.", "success")
    return redirect(_back(url_for("questions.index", tag=tag.name)))


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Any:
    """Turn e-mails off from a mailed link, without logging in (GET asks, POST does it)."""
    user_id = read_unsubscribe_token(token)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("This unsubscribe link is for an account that no longer exists.")
    if request.method == "POST":
        require_form(ActionForm())
        service.set_email_enabled(user.id, False, utcnow())
        commit()
        return render_template("notifications/unsubscribe.html", token=token, done=True)
    return render_template(
        "notifications/unsubscribe.html", token=token, done=False, form=ActionForm()
    )

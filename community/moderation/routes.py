"""Moderation: flagging, the review queue, moderator actions on posts and users, the audit log."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from community import permissions as perm
from community.exceptions import NotFound, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import ACTIONS, Answer, Question
from community.models.moderation import AUDIT_TARGETS, SYSTEM_FLAG_REASONS
from community.moderation import flags, queries, service
from community.moderation.forms import (
    CloseForm,
    DuplicateForm,
    FlagForm,
    InfoRequestForm,
    ReasonForm,
    ResolveForm,
    SuspendForm,
    parse_question_ref,
)
from community.moderation.limits import flag_limits
from community.moderation.targets import KINDS, Post, load_post, question_of
from community.pagination import parse_page
from community.routing import commit, require_form, wants_json

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

POST_KINDS = "<any(questions, answers, comments):kind>"


def _require_moderator() -> None:
    """Moderation pages are for moderators and admins."""
    if not perm.can_moderate(current_user):
        raise PermissionDenied("Only moderators can see this page.")


def _visible_post(kind: str, post_id: int) -> tuple[str, Post]:
    """The post a URL names, if the viewer may see it (hidden posts: author and moderators)."""
    post_type = KINDS[kind]
    post = load_post(post_type, post_id)
    if post.is_hidden and not (
        perm.is_moderator(current_user) or perm.is_author(current_user, post)
    ):
        raise NotFound(f"No {post_type} with id {post_id}.")
    return post_type, post


def _question(question_id: int) -> Question:
    """A question by id (hidden included: the services decide what may be done to it)."""
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound("That question does not exist.")
    return question


def _back_to(post_type: str, post: Post) -> Any:
    """Redirect to the post on its question page."""
    anchor = "question" if post_type == "question" else f"{post_type}-{post.id}"
    return redirect(
        url_for("questions.detail", question_id=question_of(post_type, post).id, _anchor=anchor)
    )


@bp.post(f"/flag/{POST_KINDS}/<int:post_id>")
@flag_limits
def flag(kind: str, post_id: int) -> Any:
    """A member flags a post for moderators."""
    form = FlagForm()
    require_form(form)
    post_type, post = _visible_post(kind, post_id)
    flags.flag_post(current_user, post_type, post, form.reason.data or "", form.note.data or "")
    commit()
    message = "Thanks: your flag was received and a moderator will review it."
    if wants_json():
        return jsonify({"status": "received", "message": message})
    flash(message, "success")
    return _back_to(post_type, post)


@bp.get("/")
def queue() -> str:
    """Flagged posts, most urgent first (most flags, then longest waiting)."""
    _require_moderator()
    page = queries.list_flag_queue(parse_page(request.args.get("page")))
    return render_template(
        "moderation/queue.html",
        page=page,
        labels={**queries.FLAG_LABELS, **SYSTEM_FLAG_REASONS},
        resolve_form=ResolveForm(),
    )


@bp.post(f"/queue/{POST_KINDS}/<int:post_id>/resolve")
def resolve(kind: str, post_id: int) -> Any:
    """One-click decision on a flagged post."""
    form = ResolveForm()
    require_form(form)
    post_type = KINDS[kind]
    post = load_post(post_type, post_id)
    flags.resolve_flags(current_user, post_type, post, form.resolution.data or "")
    commit()
    flash(
        "Post hidden; flags upheld." if form.resolution.data == "hide" else "Flags dismissed.",
        "success",
    )
    return redirect(url_for("moderation.queue", page=request.args.get("page") or None))


@bp.get("/log")
def log() -> str:
    """The audit log: every moderation action, filterable."""
    if not perm.can_view_audit_log(current_user):
        raise PermissionDenied("Only moderators and admins can read the moderation log.")
    raw_id = (request.args.get("target_id") or "").strip()
    filters = queries.LogFilters(
        action=request.args.get("action") if request.args.get("action") in ACTIONS else None,
        actor=(request.args.get("actor") or "").strip()[:40] or None,
        target_type=request.args.get("target_type")
        if request.args.get("target_type") in AUDIT_TARGETS
        else None,
        target_id=int(raw_id) if raw_id.isdigit() and len(raw_id) < 12 else None,
    )
    page = queries.list_actions(filters, parse_page(request.args.get("page")))
    return render_template(
        "moderation/log.html",
        page=page,
        filters=filters,
        actions=ACTIONS,
        targets=AUDIT_TARGETS,
    )


@bp.post(f"/{POST_KINDS}/<int:post_id>/hide")
def hide(kind: str, post_id: int) -> Any:
    """Soft-hide a post."""
    form = ReasonForm()
    require_form(form)
    post_type = KINDS[kind]
    post = load_post(post_type, post_id)
    service.hide_post(current_user, post_type, post, form.reason.data or "")
    commit()
    flash(f"The {post_type} is hidden from the public.", "success")
    return _back_to(post_type, post)


@bp.post(f"/{POST_KINDS}/<int:post_id>/restore")
def restore(kind: str, post_id: int) -> Any:
    """Restore a hidden post."""
    form = ReasonForm()
    require_form(form)
    post_type = KINDS[kind]
    post = load_post(post_type, post_id)
    service.restore_post(current_user, post_type, post, form.reason.data or "")
    commit()
    flash(f"The {post_type} is visible again.", "success")
    return _back_to(post_type, post)


@bp.post("/questions/<int:question_id>/close")
def close(question_id: int) -> Any:
    """Close a question with a listed reason."""
    form = CloseForm()
    require_form(form)
    question = _question(question_id)
    service.close_question(current_user, question, form.reason.data or "", form.note.data or "")
    commit()
    flash("Question closed.", "success")
    return _back_to("question", question)


@bp.post("/questions/<int:question_id>/reopen")
def reopen(question_id: int) -> Any:
    """Reopen a closed or duplicate question."""
    form = ReasonForm()
    require_form(form)
    question = _question(question_id)
    service.reopen_question(current_user, question, form.reason.data or "")
    commit()
    flash("Question reopened.", "success")
    return _back_to("question", question)


@bp.post("/questions/<int:question_id>/duplicate")
def duplicate(question_id: int) -> Any:
    """Mark a question as a duplicate of another."""
    form = DuplicateForm()
    require_form(form)
    question = _question(question_id)
    if not perm.can_moderate(current_user):
        raise PermissionDenied("Only moderators can do this.")
    original_id = parse_question_ref(form.original.data)
    if original_id is None:
        raise ValidationFailed(
            "Give the original question's number or its link.",
            {"original": ["A question number or link."]},
        )
    original = service.mark_duplicate(current_user, question, original_id, form.reason.data or "")
    commit()
    if original.id != original_id:
        flash(
            f"Question #{original_id} is itself a duplicate, so this one now points to its "
            f"original, #{original.id}.",
            "info",
        )
    flash(f"Marked as a duplicate of #{original.id}.", "success")
    return _back_to("question", question)


@bp.post("/questions/<int:question_id>/<any(lock, unlock):action>")
def lock(question_id: int, action: str) -> Any:
    """Lock or unlock a question."""
    form = ReasonForm()
    require_form(form)
    question = _question(question_id)
    if action == "lock":
        service.lock_question(current_user, question, form.reason.data or "")
    else:
        service.unlock_question(current_user, question, form.reason.data or "")
    commit()
    flash("Question locked." if action == "lock" else "Question unlocked.", "success")
    return _back_to("question", question)


@bp.post("/answers/<int:answer_id>/accept")
def accept(answer_id: int) -> Any:
    """A moderator accepts an answer, with a reason."""
    form = ReasonForm()
    require_form(form)
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        raise NotFound("That answer does not exist.")
    service.accept_answer(current_user, answer, form.reason.data or "")
    commit()
    flash("Answer accepted; the asker will be told.", "success")
    return _back_to("answer", answer)


@bp.post("/questions/<int:question_id>/unaccept")
def unaccept(question_id: int) -> Any:
    """A moderator removes the accepted mark, with a reason."""
    form = ReasonForm()
    require_form(form)
    question = _question(question_id)
    service.unaccept_answer(current_user, question, form.reason.data or "")
    commit()
    flash("Accepted mark removed; the asker will be told.", "success")
    return _back_to("question", question)


@bp.post("/questions/<int:question_id>/needs-info")
def needs_info(question_id: int) -> Any:
    """A moderator or the first answerer asks the asker for missing details."""
    form = InfoRequestForm()
    require_form(form)
    question = _question(question_id)
    if question.is_hidden and not perm.is_moderator(current_user):
        raise NotFound("That question does not exist or was removed.")
    service.request_info(current_user, question, form.text.data or "")
    commit()
    flash("The asker has been asked for more information.", "success")
    return _back_to("question", question)


@bp.get("/users/<int:user_id>")
def user(user_id: int) -> str:
    """A member's suspension status, history and the suspend form."""
    _require_moderator()
    target = service.get_user(user_id)
    return render_template(
        "moderation/user.html",
        target=target,
        history=queries.list_user_actions(target.id),
        form=SuspendForm(),
        reason_form=ReasonForm(),
        error=None,
    )


@bp.post("/users/<int:user_id>/suspend")
def suspend(user_id: int) -> Any:
    """Suspend an account for a period, with a reason the member sees."""
    form = SuspendForm()
    require_form(form)
    target = service.get_user(user_id)
    raw_days = form.days.data or ""
    days = int(raw_days) if str(raw_days).isdigit() and len(str(raw_days)) < 5 else -1
    try:
        service.suspend_user(current_user, target, days, form.reason.data or "")
    except ValidationFailed as err:
        db.session.rollback()
        for name, messages in err.errors.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = list(messages)
        return render_template(
            "moderation/user.html",
            target=target,
            history=queries.list_user_actions(target.id),
            form=form,
            reason_form=ReasonForm(),
            error=err.message,
        ), 422
    commit()
    flash(
        f"{target.username} is suspended until {target.suspended_until:%Y-%m-%d %H:%M} UTC.",
        "success",
    )
    return redirect(url_for("moderation.user", user_id=target.id))


@bp.post("/users/<int:user_id>/unsuspend")
def unsuspend(user_id: int) -> Any:
    """Lift a suspension early."""
    form = ReasonForm()
    require_form(form)
    target = service.get_user(user_id)
    service.unsuspend_user(current_user, target, form.reason.data or "")
    commit()
    flash(f"{target.username} may post again.", "success")
    return redirect(url_for("moderation.user", user_id=target.id))

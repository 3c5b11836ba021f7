"""Video library pages: browse, search, video page, staff add/edit/remove, proposals queue."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from community import permissions as perm
from community.exceptions import Conflict, DomainError, PermissionDenied, ValidationFailed
from community.extensions import db, limiter
from community.pagination import parse_page
from community.questions.queries import get_question
from community.routing import commit, require_form
from community.video_library import queries, service
from community.video_library.forms import ProposeVideoForm, VideoActionForm, VideoForm

bp = Blueprint("videos", __name__)

ASK_TOKEN = re.compile(r"[0-9a-f]{32}")
STATUS_FILTERS = ("approved", "proposed", "all")


def _per_page() -> int:
    """The configured list page size."""
    return int(current_app.config["QUESTIONS_PER_PAGE"])


def _require_staff() -> None:
    """Refuse anyone who may not manage the library."""
    if not perm.can_manage_videos(current_user):
        raise PermissionDenied("Only staff can manage the video library.")


def _merge_errors(form: Any, err: DomainError) -> None:
    """Attach a service's field errors to the form so each shows next to its field."""
    for name, messages in err.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(messages)


@bp.get("/videos")
def index() -> str:
    """Browse the library by product tag, or search it; staff may also list proposed videos."""
    tag = request.args.get("tag") or None
    text = (request.args.get("q") or "").strip()[:200]
    status = request.args.get("status", "approved")
    if status not in STATUS_FILTERS:
        status = "approved"
    page = queries.list_videos(
        current_user, tag, text, parse_page(request.args.get("page")), _per_page(), status
    )
    return render_template(
        "videos/list.html", page=page, tag=tag, text=text, status=status, filters=STATUS_FILTERS
    )


@bp.get("/videos/<int:video_id>")
def detail(video_id: int) -> str:
    """A video, its questions and (for staff) its figures; the solved panel when opened from ask."""
    video = queries.get_video(current_user, video_id)
    questions = queries.list_linking_questions(
        current_user, video.id, parse_page(request.args.get("page")), _per_page()
    )
    stats = None
    if perm.can_manage_videos(current_user):
        stats = queries.video_stats([video.id])[video.id]
    token = request.args.get("ask", "")
    # Opened from a suggestion: the deflection package records it (idempotent), as on questions.
    opened = current_app.extensions.get("community.suggestion_opened")
    recorded = bool(opened and token and opened("video", video.id, token, request.args.get("rank")))
    html = render_template(
        "videos/detail.html",
        video=video,
        questions=questions,
        stats=stats,
        ask_token=token if ASK_TOKEN.fullmatch(token) else None,
        action_form=VideoActionForm(),
    )
    if recorded:
        commit()  # after rendering: committing expires the rows the template reads
    return html


def _video_form_response(form: VideoForm, video: Any, err: DomainError) -> Any:
    """Show the form again with the service's message and the right 4xx status."""
    db.session.rollback()
    _merge_errors(form, err)
    return render_template(
        "videos/form.html", form=form, video=video, error=err.message
    ), err.status


@bp.route("/videos/new", methods=["GET", "POST"])
def new() -> Any:
    """Staff add a video to the library."""
    _require_staff()
    form = VideoForm()
    if request.method == "GET":
        return render_template("videos/form.html", form=form, video=None, error=None)
    require_form(form)
    try:
        video = service.add_video(
            current_user,
            form.url.data or "",
            form.title.data or "",
            form.description.data or "",
            form.tags.data or "",
            form.transcript.data or "",
            form.duration.data or "",
        )
    except (ValidationFailed, Conflict) as err:
        return _video_form_response(form, None, err)
    commit()
    flash("The video is in the library.", "success")
    return redirect(url_for("videos.detail", video_id=video.id))


@bp.route("/videos/<int:video_id>/edit", methods=["GET", "POST"])
def edit(video_id: int) -> Any:
    """Staff edit a video."""
    _require_staff()
    video = queries.get_video(current_user, video_id)
    form = VideoForm()
    if request.method == "GET":
        form.url.data, form.title.data = video.url, video.title
        form.description.data, form.transcript.data = video.description, video.transcript
        form.tags.data = " ".join(t.name for t in video.tags)
        form.duration.data = str(video.duration_seconds) if video.duration_seconds else ""
        return render_template("videos/form.html", form=form, video=video, error=None)
    require_form(form)
    try:
        service.edit_video(
            current_user,
            video,
            form.url.data or "",
            form.title.data or "",
            form.description.data or "",
            form.tags.data or "",
            form.transcript.data or "",
            form.duration.data or "",
        )
    except (ValidationFailed, Conflict) as err:
        return _video_form_response(form, video, err)
    commit()
    flash("The video is saved.", "success")
    return redirect(url_for("videos.detail", video_id=video.id))


@bp.post("/videos/<int:video_id>/approve")
def approve(video_id: int) -> Any:
    """Staff approve a proposed video."""
    require_form(VideoActionForm())
    _require_staff()
    video = queries.get_video(current_user, video_id)
    service.approve_video(current_user, video)
    commit()
    flash("The video is approved and public.", "success")
    return redirect(url_for("videos.detail", video_id=video.id))


@bp.post("/videos/<int:video_id>/remove")
def remove(video_id: int) -> Any:
    """Staff remove a video from the library."""
    require_form(VideoActionForm())
    _require_staff()
    video = queries.get_video(current_user, video_id)
    service.remove_video(current_user, video)
    commit()
    flash("The video is removed; posts that link it keep a plain card.", "success")
    return redirect(url_for("videos.index"))


@bp.post("/questions/<int:question_id>/videos")
@limiter.limit("30 per hour", methods=["POST"])
def propose(question_id: int) -> Any:
    """A member proposes a video for a question (staff: linked at once)."""
    question = get_question(current_user, question_id)
    form = ProposeVideoForm()
    require_form(form)
    proposal = service.propose_video(
        current_user, question, form.url.data or "", form.title.data or ""
    )
    commit()
    if proposal.status == "approved":
        flash("The video is linked to this question.", "success")
    else:
        flash("Thanks! Staff will review the video before it shows here.", "success")
    return redirect(url_for("questions.detail", question_id=question.id, _anchor="videos"))


@bp.get("/videos/queue")
def queue() -> str:
    """Staff: pending video proposals, oldest first."""
    _require_staff()
    page = queries.list_pending_links(
        current_user, parse_page(request.args.get("page")), _per_page()
    )
    return render_template("videos/queue.html", page=page, action_form=VideoActionForm())


@bp.post("/videos/proposals/<int:link_id>/<any(approve, reject):decision>")
def decide(link_id: int, decision: str) -> Any:
    """Staff approve or reject one proposal."""
    require_form(VideoActionForm())
    _require_staff()
    link = service.get_link(link_id)
    if decision == "approve":
        service.approve_link(current_user, link)
        message = "Proposal approved: the video shows on the question."
    else:
        service.reject_link(current_user, link)
        message = "Proposal rejected."
    commit()
    flash(message, "success")
    return redirect(url_for("videos.queue"))


@bp.get("/videos/stats")
def stats() -> str:
    """Staff: every video with times suggested, opened, deflections credited, questions."""
    _require_staff()
    page = queries.list_videos(
        current_user, None, None, parse_page(request.args.get("page")), _per_page(), "all"
    )
    figures = queries.video_stats(v.id for v in page.items)
    return render_template("videos/stats.html", page=page, figures=figures)

"""Question list, question page, asking, answering, commenting, voting, accepting."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from community import permissions as perm
from community.exceptions import PermissionDenied, ValidationFailed
from community.extensions import db
from community.pagination import parse_page
from community.questions import queries, service
from community.questions.forms import (
    ActionForm,
    AnswerForm,
    AskForm,
    CommentForm,
    EditAnswerForm,
    EditQuestionForm,
)
from community.routing import commit, require_form, wants_json

bp = Blueprint("questions", __name__)

DRAFT_KEY = "ask_draft"


@bp.get("/")
@bp.get("/questions")
def index() -> str:
    """Browse questions: sort, tag filter, pagination."""
    sort = request.args.get("sort", "newest")
    tag = request.args.get("tag") or None
    page = queries.list_questions(
        current_user,
        sort,
        tag,
        parse_page(request.args.get("page")),
        current_app.config["QUESTIONS_PER_PAGE"],
    )
    html = render_template(
        "questions/list.html", page=page, sort=sort, tag=tag, sorts=queries.SORTS
    )
    commit()  # ends the read with COMMIT, keeping PostgreSQL's prepared statements
    return html


@bp.get("/tags")
def tags() -> str:
    """All tags with their question counts."""
    return render_template("questions/tags.html", tags=queries.list_tags())


@bp.route("/questions/ask", methods=["GET", "POST"])
def ask() -> Any:
    """The ask page; visitors may draft, and the draft survives logging in."""
    form = AskForm()
    if request.method == "GET" and DRAFT_KEY in session:
        draft = session.pop(DRAFT_KEY)
        form.title.data, form.body.data, form.tags.data = (
            draft.get("title", ""),
            draft.get("body", ""),
            draft.get("tags", ""),
        )
        form.session_token.data = draft.get("session_token", "")
    elif request.method == "GET" and request.args.get("title"):
        # "Ask the community" from an empty search carries the words already typed.
        form.title.data = request.args["title"][: current_app.config["TITLE_MAX"]]
    if request.method == "POST":
        require_form(form)
        if not current_user.is_authenticated:
            session[DRAFT_KEY] = {
                "title": (form.title.data or "")[:300],
                "body": (form.body.data or "")[:30000],
                "tags": (form.tags.data or "")[:300],
                "session_token": form.session_token.data or "",
            }
            flash("Log in or register to post your question: your draft is kept.", "info")
            return redirect(url_for("auth.login", next=url_for("questions.ask")))
        try:
            question = service.ask_question(
                current_user, form.title.data or "", form.body.data or "", form.tags.data or ""
            )
        except ValidationFailed as err:
            db.session.rollback()
            _merge_errors(form, err)
            return render_template("questions/ask.html", form=form, error=err.message), 422
        _after_ask(question.id, form.session_token.data or "")
        commit()
        flash("Your question is posted.", "success")
        return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/ask.html", form=form, error=None)


def _after_ask(question_id: int, session_token: str) -> None:
    """Hook point for recording the ask session's outcome (deflection events)."""
    handler = current_app.extensions.get("community.after_ask")
    if handler is not None:
        handler(question_id, session_token)


def _opened_from_suggestion(item_kind: str, item_id: int) -> bool:
    """Hook point: a page opened from a suggestion (``?ask=&rank=``) records it (deflection).

    Returns whether something was recorded (flushed, to be committed by the route).
    """
    handler = current_app.extensions.get("community.suggestion_opened")
    if handler is None:
        return False
    return bool(handler(item_kind, item_id, request.args.get("ask"), request.args.get("rank")))


def _merge_errors(form: Any, err: ValidationFailed) -> None:
    """Attach a service's field errors to the form so each shows next to its field."""
    for name, messages in err.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(messages)


@bp.get("/questions/<int:question_id>")
@bp.get("/questions/<int:question_id>/<slug>")
def detail(question_id: int, slug: str | None = None) -> str:
    """A question with its answers and comments."""
    view = queries.get_question_page(current_user, question_id)
    _opened_from_suggestion("question", question_id)
    # Visitors cannot post here: skip building forms (and CSRF tokens) nobody can use.
    member = current_user.is_authenticated
    html = render_template(
        "questions/detail.html",
        view=view,
        q=view.question,
        answer_form=AnswerForm() if member else None,
        comment_form=CommentForm() if member else None,
        action_form=ActionForm() if member else None,
    )
    # After rendering; commits what the suggestion hook recorded, if anything, or ends the read.
    commit()
    return html


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
def edit(question_id: int) -> Any:
    """Edit a question (author or moderator)."""
    question = queries.get_question(current_user, question_id)
    if not perm.can_edit(current_user, question):
        raise PermissionDenied("You may not edit this question.")
    form = EditQuestionForm()
    if request.method == "GET":
        form.title.data, form.body.data = question.title, question.body
        form.tags.data = " ".join(queries.get_tag_names(question.id))
        form.version.data = question.version
        return render_template("questions/edit.html", form=form, q=question, error=None)
    require_form(form)
    try:
        service.edit_question(
            current_user,
            question,
            form.title.data or "",
            form.body.data or "",
            form.tags.data or "",
            form.version.data,
            form.comment.data or "",
        )
    except ValidationFailed as err:
        db.session.rollback()
        _merge_errors(form, err)
        return render_template("questions/edit.html", form=form, q=question, error=err.message), 422
    commit()
    flash("Your edit is saved.", "success")
    return redirect(url_for("questions.detail", question_id=question.id))


@bp.post("/questions/<int:question_id>/answers")
def answer(question_id: int) -> Any:
    """Post an answer."""
    question = queries.get_question(current_user, question_id)
    form = AnswerForm()
    require_form(form)
    try:
        new = service.post_answer(current_user, question, form.body.data or "")
    except ValidationFailed as err:
        db.session.rollback()
        flash(err.message, "error")
        view = queries.get_question_page(current_user, question_id)
        return render_template(
            "questions/detail.html",
            view=view,
            q=view.question,
            answer_form=form,
            comment_form=CommentForm(),
            action_form=ActionForm(),
        ), 422
    commit()
    flash("Your answer is posted.", "success")
    return redirect(
        url_for("questions.detail", question_id=question_id, _anchor=f"answer-{new.id}")
    )


@bp.route("/answers/<int:answer_id>/edit", methods=["GET", "POST"])
def edit_answer(answer_id: int) -> Any:
    """Edit an answer (author or moderator)."""
    ans = queries.get_answer(current_user, answer_id)
    if not perm.can_edit(current_user, ans):
        raise PermissionDenied("You may not edit this answer.")
    form = EditAnswerForm()
    if request.method == "GET":
        form.body.data, form.version.data = ans.body, ans.version
        return render_template("questions/edit_answer.html", form=form, answer=ans, error=None)
    require_form(form)
    try:
        service.edit_answer(
            current_user, ans, form.body.data or "", form.version.data, form.comment.data or ""
        )
    except ValidationFailed as err:
        db.session.rollback()
        _merge_errors(form, err)
        return render_template(
            "questions/edit_answer.html", form=form, answer=ans, error=err.message
        ), 422
    commit()
    flash("Your edit is saved.", "success")
    return redirect(
        url_for("questions.detail", question_id=ans.question_id, _anchor=f"answer-{ans.id}")
    )


@bp.post("/questions/<int:question_id>/comments")
@bp.post("/answers/<int:answer_id>/comments")
def comment(question_id: int | None = None, answer_id: int | None = None) -> Any:
    """Comment on a question or an answer."""
    ans = queries.get_answer(current_user, answer_id) if answer_id else None
    question = queries.get_question(current_user, ans.question_id if ans else question_id or 0)
    form = CommentForm()
    require_form(form)
    try:
        service.add_comment(current_user, question, form.body.data or "", ans)
    except ValidationFailed as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect(url_for("questions.detail", question_id=question.id)), 303
    commit()
    return redirect(
        url_for(
            "questions.detail",
            question_id=question.id,
            _anchor=f"answer-{ans.id}" if ans else "question",
        )
    )


@bp.post("/<any(questions, answers):kind>/<int:post_id>/vote")
def vote(kind: str, post_id: int) -> Any:
    """Vote up or down (the same vote again removes it). JSON for fetch, redirect otherwise."""
    require_form(ActionForm())
    raw = request.form.get("value", "")
    value = {"up": 1, "down": -1, "1": 1, "-1": -1}.get(raw)
    if value is None:
        raise ValidationFailed("A vote is 'up' or 'down'.")
    post_type = kind[:-1]
    if post_type == "question":
        post: Any = queries.get_question(current_user, post_id)
        question_id = post.id
    else:
        post = queries.get_answer(current_user, post_id)
        question_id = post.question_id
    score, mine = service.cast_vote(current_user, post, value)
    commit()
    if wants_json():
        return jsonify({"score": score, "vote": mine})
    return redirect(
        url_for(
            "questions.detail",
            question_id=question_id,
            _anchor=f"{post_type}-{post_id}" if post_type == "answer" else "question",
        )
    )


@bp.post("/answers/<int:answer_id>/accept")
def accept(answer_id: int) -> Any:
    """Accept an answer."""
    require_form(ActionForm())
    ans = queries.get_answer(current_user, answer_id)
    question = queries.get_question(current_user, ans.question_id)
    expected = request.form.get("question_id")
    if expected is not None and expected != str(question.id):
        raise ValidationFailed("That answer belongs to another question.")
    service.accept_answer_on(current_user, question, ans)
    commit()
    flash("Answer accepted.", "success")
    return redirect(
        url_for("questions.detail", question_id=question.id, _anchor=f"answer-{ans.id}")
    )


@bp.post("/questions/<int:question_id>/unaccept")
def unaccept(question_id: int) -> Any:
    """Remove the accepted mark."""
    require_form(ActionForm())
    question = queries.get_question(current_user, question_id)
    service.unaccept_answer(current_user, question)
    commit()
    flash("Accepted mark removed.", "success")
    return redirect(url_for("questions.detail", question_id=question.id))


@bp.post("/answers/<int:answer_id>/official")
def official(answer_id: int) -> Any:
    """Staff toggle the official-answer badge on their own answer."""
    require_form(ActionForm())
    ans = queries.get_answer(current_user, answer_id)
    service.set_official(current_user, ans, request.form.get("official") == "1")
    commit()
    return redirect(
        url_for("questions.detail", question_id=ans.question_id, _anchor=f"answer-{ans.id}")
    )


# The explicit questions rule wins over "/questions/<id>/<slug>", which would otherwise swallow it.
@bp.get("/questions/<int:post_id>/revisions", defaults={"kind": "questions"})
@bp.get("/<any(questions, answers):kind>/<int:post_id>/revisions")
def revisions(kind: str, post_id: int) -> str:
    """Edit history of a post."""
    if kind == "questions":
        post: Any = queries.get_question(current_user, post_id)
    else:
        post = queries.get_answer(current_user, post_id)
    revs = queries.list_revisions(current_user, kind[:-1], post_id)
    if not revs:
        abort(404)
    return render_template("questions/revisions.html", post=post, kind=kind[:-1], revisions=revs)

"""Public pages: the solved/not-solved form (without JavaScript) and /service."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for

from community.deflection import health
from community.deflection.events import record_client_event
from community.deflection.forms import FeedbackForm
from community.exceptions import ValidationFailed
from community.models import utcnow
from community.routing import commit, require_form

bp = Blueprint("deflection", __name__)

VERDICTS = {"yes": "solved_yes", "no": "solved_no"}
SERVICE_DAYS = 30


def _int_or_raw(raw: str | None) -> Any:
    """Digits become an int; anything else is passed on for the validator to refuse."""
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else raw


@bp.post("/deflection/feedback")
def feedback() -> Any:
    """Record "This solved my problem" / "Not my problem" and go back to the item."""
    form = FeedbackForm()
    require_form(form)
    kind = VERDICTS.get(form.verdict.data or "")
    if kind is None:
        raise ValidationFailed("Choose 'This solved my problem' or 'Not my problem'.")
    item: dict[str, Any] = {"kind": form.item_kind.data, "id": _int_or_raw(form.item_id.data)}
    if form.rank.data:
        item["rank"] = _int_or_raw(form.rank.data)
    record_client_event({"session": form.session.data, "kind": kind, "item": item})
    commit()
    if kind == "solved_yes":
        flash("Thanks! Glad this solved your problem.", "success")
    else:
        flash("Thanks for telling us. Your question draft is still open in the ask page.", "info")
    if item["kind"] == "question":
        return redirect(url_for("questions.detail", question_id=item["id"]), 303)
    return redirect(f"/videos/{item['id']}", 303)


@bp.get("/service")
def service() -> str:
    """Public service levels from live data of the last 30 days, next to the published targets."""
    cfg = current_app.config
    figures = health.get_service_levels(utcnow(), SERVICE_DAYS)
    targets = {
        "first_answer_hours": cfg["SERVICE_TARGET_FIRST_ANSWER_HOURS"],
        "answered_24h": cfg["SERVICE_TARGET_ANSWERED_24H"],
        "solved": cfg["SERVICE_TARGET_SOLVED"],
    }
    return render_template(
        "deflection/service.html",
        figures=figures,
        targets=targets,
        days=SERVICE_DAYS,
        enough=figures.answered >= cfg["SERVICE_MIN_SAMPLE"],
    )

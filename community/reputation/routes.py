"""Leaderboard, badge rules and a user's reputation history."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from community.models import utcnow
from community.pagination import parse_page
from community.questions.queries import get_user_by_name, list_tags
from community.reputation import badges, queries, rules

bp = Blueprint("reputation", __name__)

PER_PAGE = 25


@bp.get("/leaderboard")
def leaderboard() -> str:
    """Top helpers this week, this month or of all time, optionally for one product tag."""
    period = request.args.get("period", "week")
    if period not in queries.PERIODS:
        period = "week"
    tag = (request.args.get("tag") or "").strip().lower() or None
    page = queries.list_leaders(
        period, tag, parse_page(request.args.get("page")), PER_PAGE, utcnow()
    )
    return render_template(
        "reputation/leaderboard.html",
        page=page,
        period=period,
        periods=queries.PERIODS,
        tag=tag,
        tags=list_tags(),
    )


@bp.get("/badges")
def badge_rules() -> str:
    """Every badge, its rule and how many people hold it; the points rules and ranks."""
    return render_template(
        "reputation/badges.html",
        badges=badges.BADGES,
        holders=queries.count_badge_holders(),
        rules=rules,
    )


@bp.get("/users/<username>/reputation")
def history(username: str) -> str:
    """A user's reputation history, newest first."""
    user = get_user_by_name(username)
    page = queries.list_reputation_events(user, parse_page(request.args.get("page")), PER_PAGE)
    titles = queries.get_question_titles(ev.question_id for ev in page.items)
    return render_template("reputation/history.html", user=user, page=page, titles=titles)

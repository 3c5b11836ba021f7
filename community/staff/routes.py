"""The staff dashboard: deflection, community health, unanswered queue, CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from community.deflection import health, metrics, queries, rollups
from community.models import utcnow
from community.pagination import parse_page
from community.routing import commit
from community.staff.charts import daily_chart

bp = Blueprint("staff", __name__, url_prefix="/staff")

CSV_COLUMNS = (
    "day",
    "sessions",
    "shown",
    "opened",
    "explicit",
    "implicit",
    "failed",
    "abandoned",
    "not_engaged",
    "pending",
    "rate",
    "cost_avoided",
)


def _period_and_report(now: Any) -> queries.DeflectionReport:
    """Parse the period, refresh settled roll-ups, and read the report (staff only)."""
    queries.require_dashboard(current_user)
    period = queries.parse_period(request.args, now.date())
    rollups.ensure_rollups(current_user, period.start, period.end_exclusive, now)
    commit()
    return queries.get_deflection_report(current_user, period, now)


@bp.get("/dashboard")
def dashboard() -> str:
    """Deflection figures, chart, items, tags, and community health for a period."""
    now = utcnow()
    report = _period_and_report(now)
    community = health.get_health(current_user, report.period, now)
    unanswered = health.list_unanswered(
        current_user, parse_page(request.args.get("page")), current_app.config["QUESTIONS_PER_PAGE"]
    )
    return render_template(
        "staff/dashboard.html",
        report=report,
        health=community,
        unanswered=unanswered,
        chart=daily_chart(report.daily),
        presets=queries.PRESET_DAYS,
        now=now,
        args=request.args,
    )


@bp.get("/dashboard.csv")
def dashboard_csv() -> Response:
    """The daily figures of the period as CSV (numbers and dates only)."""
    now = utcnow()
    report = _period_and_report(now)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    cost = report.cost_per_contact
    for day, t in [*report.daily, (None, report.totals)]:
        writer.writerow(
            [
                day.isoformat() if day else "total",
                t.sessions,
                t.shown,
                t.opened,
                t.explicit,
                t.implicit,
                t.failed,
                t.abandoned,
                t.not_engaged,
                t.pending,
                f"{t.rate:.4f}" if t.rate is not None else "",
                f"{metrics.cost_avoided(t.deflected, cost):.2f}",
            ]
        )
    name = f"deflection-{report.period.start.isoformat()}-{report.period.end.isoformat()}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

"""Recognition figures on the demo data: rebuild time and statements per page.

Run: .venv/bin/python bench/recognition.py   (uses a temporary SQLite database)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event

from community import create_app
from community.demo import seed
from community.extensions import db
from community.models import utcnow
from community.reputation.rebuild import rebuild_reputation

PAGES = [
    "/questions",
    "/leaderboard?period=week",
    "/leaderboard?period=all&tag=router",
    "/users/alice",
    "/notifications",
]


def main() -> None:
    """Seed the demo community, rebuild reputation, then count statements per page."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
                "SEARCH_INDEX_DIR": str(Path(tmp) / "idx"),
            }
        )
        with app.app_context():
            upgrade()
            seed()
            db.session.commit()
            started = time.perf_counter()
            report = rebuild_reputation(utcnow())
            db.session.commit()
            ms = (time.perf_counter() - started) * 1000
            print(f"reputation rebuild (demo data): {ms:.0f} ms, {len(report.totals)} users")
            client = app.test_client()
            client.post("/auth/login", data={"username": "alice", "password": "alice-demo"})
            for url in PAGES:
                statements: list[str] = []

                def count(conn, cursor, statement, *args, _s=statements):
                    _s.append(statement)

                event.listen(db.engine, "before_cursor_execute", count)
                started = time.perf_counter()
                status = client.get(url).status_code
                ms = (time.perf_counter() - started) * 1000
                event.remove(db.engine, "before_cursor_execute", count)
                bell = sum("FROM notifications" in s and "count(" in s for s in statements)
                print(
                    f"{url}: {status}, {len(statements)} SQL statements ({bell} COUNT on notifications), {ms:.0f} ms"
                )
            db.engine.dispose()


if __name__ == "__main__":
    main()

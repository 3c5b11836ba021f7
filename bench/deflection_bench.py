"""Benchmark: the staff dashboard over 90 days and the cost of recording one event.

Generates 1,000,000 deflection events and 100,000 questions (with tags and answers) into a fresh
database, then measures, through the real WSGI stack (Flask's test client, no network):

- building the daily roll-ups from the log (once; the dashboard does it for missing days),
- ``GET /staff/dashboard?days=90`` (target < 500 ms) and ``GET /api/v1/stats/deflection?days=90``,
- ``POST /api/v1/deflection/events`` for new events (target < 5 ms each, commit included).

Usage::

    python bench/deflection_bench.py                       # SQLite in a temporary folder
    python bench/deflection_bench.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python bench/deflection_bench.py --events 100000 --questions 10000   # a quick run

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, create_engine, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from community import create_app  # noqa: E402 - after the path tweak above
from community.deflection import rollups  # noqa: E402
from community.extensions import db  # noqa: E402
from community.models import (  # noqa: E402
    Answer,
    DeflectionEvent,
    Question,
    Tag,
    User,
    question_tags,
)

TAGS = [
    "router",
    "mesh",
    "wifi",
    "firmware",
    "nas",
    "backup",
    "camera",
    "doorbell",
    "thermostat",
    "printer",
    "scanner",
    "ink",
    "app",
    "account",
    "billing",
    "warranty",
    "setup",
    "vpn",
    "parental-controls",
    "smart-home",
]
SPAN_DAYS = 180  # the event log: 1,000,000 events are about 170,000 ask sessions over 180 days
# Questions accumulate for longer than the log is kept: 100,000 questions over a year is the rate
# at which those sessions post (about 30% of them), so about 25,000 fall in a 90-day period.
QUESTION_SPAN_DAYS = 365
EVENT_COLUMNS = (
    "session_token",
    "kind",
    "item_kind",
    "item_id",
    "rank",
    "question_id",
    "created_at",
    "dedupe_key",
)


def log(message: str) -> None:
    """Progress on stderr, figures on stdout."""
    print(message, file=sys.stderr, flush=True)


def fresh_database(postgres: str | None, folder: str) -> tuple[str, Any]:
    """A URL of an empty database, and a function that drops it afterwards."""
    if not postgres:
        return "sqlite:///" + os.path.join(folder, "bench.db"), lambda: None
    base = make_url(postgres.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"community_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def bulk_insert(table: Any, rows: list[dict[str, Any]]) -> None:
    """executemany through SQLAlchemy Core (insertmanyvalues on PostgreSQL)."""
    for start in range(0, len(rows), 20000):
        db.session.execute(insert(table), rows[start : start + 20000])


def copy_events(rows: Iterator[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY the events in (much faster than INSERT)."""
    raw = db.session.connection().connection.driver_connection
    statement = f"COPY deflection_events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def generate_community(rng: random.Random, questions: int, now: datetime) -> list[int]:
    """Users, tags, questions (with first-answer and accepted times) and answers."""
    users = [
        {
            "id": i,
            "username": f"user{i}",
            "password_hash": "-",
            "role": "staff" if i <= 20 else "member",
            "bio": "",
            "reputation": 0,
            "created_at": now - timedelta(days=400),
        }
        for i in range(1, 3001)
    ]
    bulk_insert(User.__table__, users)
    bulk_insert(
        Tag.__table__,
        [
            {"id": i, "name": n, "description": "", "question_count": 0}
            for i, n in enumerate(TAGS, 1)
        ],
    )
    q_rows, qt_rows, a_rows = [], [], []
    answer_id = 0
    # Answering is concentrated: a few power users write most answers.
    answerers = [
        rng.choice(range(1, 60)) if rng.random() < 0.5 else rng.randint(1, 3000)
        for _ in range(5000)
    ]
    for qid in range(1, questions + 1):
        created = now - timedelta(seconds=rng.uniform(0, QUESTION_SPAN_DAYS * 86400))
        n_answers = rng.choice((0, 0, 1, 1, 1, 2, 2, 3))
        first = None
        accepted = None
        for k in range(n_answers):
            answer_id += 1
            at = created + timedelta(hours=rng.expovariate(1 / 6) * (k + 1))
            first = first or at
            a_rows.append(
                {
                    "id": answer_id,
                    "question_id": qid,
                    "author_id": rng.choice(answerers),
                    "body": "An answer.",
                    "body_html": "<p>An answer.</p>",
                    "score": 0,
                    "is_hidden": False,
                    "is_official": False,
                    "version": 1,
                    "comment_count": 0,
                    "created_at": at,
                    "updated_at": at,
                }
            )
            if accepted is None and rng.random() < 0.5:
                accepted = answer_id
        q_rows.append(
            {
                "id": qid,
                "title": f"Question number {qid} about a device",
                "body": "Body text.",
                "body_html": "<p>Body text.</p>",
                "author_id": rng.randint(60, 3000),
                "status": "open",
                "is_locked": False,
                "is_hidden": False,
                "needs_info": False,
                "score": 0,
                "answer_count": n_answers,
                "comment_count": 0,
                "view_count": 0,
                "version": 1,
                "created_at": created,
                "updated_at": created,
                "last_activity_at": created,
                "first_answer_at": first,
                "accepted_answer_id": None,
                "accepted_at": None,
            }
        )
        for tag_id in rng.sample(range(1, len(TAGS) + 1), rng.choice((1, 1, 2, 3))):
            qt_rows.append({"question_id": qid, "tag_id": tag_id})
        if accepted is not None:
            q_rows[-1]["_accepted"] = accepted
    accepted_pairs = [(q["id"], q.pop("_accepted")) for q in q_rows if "_accepted" in q]
    bulk_insert(Question.__table__, q_rows)
    bulk_insert(question_tags, qt_rows)
    bulk_insert(Answer.__table__, a_rows)
    for start in range(0, len(accepted_pairs), 20000):
        db.session.execute(
            Question.__table__.update()
            .where(Question.__table__.c.id == bindparam("qid"))
            .values(accepted_answer_id=bindparam("aid")),
            [{"qid": q, "aid": a} for q, a in accepted_pairs[start : start + 20000]],
        )
    db.session.commit()
    return [q["id"] for q in q_rows]


def session_events(rng: random.Random, start: datetime, items: list[int]) -> list[tuple[Any, ...]]:
    """One plausible ask session as event tuples (EVENT_COLUMNS order)."""
    token = uuid.UUID(int=rng.getrandbits(128)).hex
    out: list[tuple[Any, ...]] = []

    def add(kind: str, at: datetime, item: int | None = None, rank: int | None = None) -> None:
        item_kind = None if item is None else ("video" if item < 0 else "question")
        item_id = None if item is None else abs(item)
        key = f"{token}:{kind}" if item is None else f"{token}:{kind}:{item_kind}:{item_id}"
        question = item_id if kind == "question_posted" else None
        out.append((token, kind, item_kind, item_id, rank, question, at, key))

    add("ask_started", start)
    if rng.random() < 0.15:
        return out
    at = start + timedelta(seconds=rng.uniform(5, 60))
    shown = rng.sample(items, 5)
    for rank, item in enumerate(shown, 1):
        add("suggestions_shown", at, item, rank)
    opened = rng.sample(list(enumerate(shown, 1)), rng.choice((0, 0, 1, 1, 1, 2)))
    for rank, item in opened:
        at += timedelta(seconds=rng.uniform(5, 120))
        add("suggestion_opened", at, item, rank)
    if opened:
        roll = rng.random()
        last_rank, last_item = opened[-1]
        at += timedelta(seconds=rng.uniform(20, 300))
        if roll < 0.3:
            add("solved_yes", at, last_item, last_rank)
        elif roll < 0.45:
            add("solved_no", at, last_item, last_rank)
    if rng.random() < (0.3 if opened else 0.6):
        at += timedelta(minutes=rng.uniform(1, 40))
        add("question_posted", at, rng.randint(1, 10**6))
    return out


def generate_events(rng: random.Random, total: int, question_ids: list[int], now: datetime) -> int:
    """About ``total`` events over SPAN_DAYS, popular questions suggested more often."""
    popular = question_ids[: max(50, len(question_ids) // 50)]
    items = popular + [-v for v in range(1, 201)]  # negative ids stand for videos
    written = 0
    is_pg = db.session.get_bind().dialect.name == "postgresql"
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        if is_pg:
            copy_events(iter(batch))
        else:
            bulk_insert(
                DeflectionEvent.__table__,
                [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in batch],
            )
        db.session.commit()
        batch.clear()

    while written < total:
        start = now - timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400))
        rows = [r for r in session_events(rng, start, items) if r[6] <= now]
        batch.extend(rows)
        written += len(rows)
        if len(batch) >= 50000:
            flush()
            log(f"  {written} events")
    if batch:
        flush()
    return written


def timed(fn: Any, repeat: int) -> list[float]:
    """Wall-clock milliseconds of each of ``repeat`` calls."""
    return [pair[0] for pair in timed_cpu(fn, repeat)]


def timed_cpu(fn: Any, repeat: int) -> list[tuple[float, float]]:
    """(wall, CPU of this process) milliseconds of each call; with SQLite the CPU includes the
    database's work, so it shows the cost without waiting for disks or other processes."""
    times = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000))
    return times


def main() -> int:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="use a fresh PostgreSQL database")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--record", type=int, default=500, help="events recorded one by one")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = tempfile.mkdtemp(prefix="deflection-bench-")
    url, drop = fresh_database(args.postgres, folder)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": os.path.join(folder, "idx"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "DEFLECTION_MAX_EVENTS_PER_MINUTE": 10**6,
        }
    )
    figures: dict[str, Any] = {"backend": "postgresql" if args.postgres else "sqlite"}
    try:
        with app.app_context():
            db.create_all()
            if not args.postgres:
                # Generation only: no fsync per batch. Measurements below use fresh connections
                # with SQLite's defaults (the engine is disposed after generating).
                db.session.execute(text("PRAGMA synchronous=OFF"))
            now = datetime.now(UTC)
            t0 = time.perf_counter()
            ids = generate_community(rng, args.questions, now)
            log(f"community: {len(ids)} questions in {time.perf_counter() - t0:.1f} s")
            t1 = time.perf_counter()
            figures["events"] = generate_events(rng, args.events, ids, now)
            figures["questions"] = len(ids)
            figures["generate_s"] = round(time.perf_counter() - t0, 1)
            log(f"events: {figures['events']} in {time.perf_counter() - t1:.1f} s")
            # Fresh statistics (and on PostgreSQL a visibility map for index-only scans), as
            # autovacuum gives a live database.
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE" if args.postgres else "ANALYZE"))
            db.session.remove()
            db.engine.dispose()

            client = app.test_client()
            with client.session_transaction() as sess:
                sess["_user_id"] = "1"  # user1 is staff
                sess["_fresh"] = True

            def get(url: str) -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            # First view: builds the missing roll-ups of settled days from the log.
            figures["dashboard_90d_cold_ms"] = round(
                timed(lambda: get("/staff/dashboard?days=90"), 1)[0], 1
            )
            t2 = time.perf_counter()
            with app.test_request_context():
                rollups.rebuild_days(now.date() - timedelta(days=SPAN_DAYS), now.date(), now)
                db.session.commit()
            figures["rollup_rebuild_all_s"] = round(time.perf_counter() - t2, 2)
            warm = timed_cpu(lambda: get("/staff/dashboard?days=90"), 7)
            figures["dashboard_90d_ms_median"] = round(statistics.median(w for w, _ in warm), 1)
            figures["dashboard_90d_ms_max"] = round(max(w for w, _ in warm), 1)
            figures["dashboard_90d_cpu_ms_median"] = round(statistics.median(c for _, c in warm), 1)
            api = timed(lambda: get("/api/v1/stats/deflection?days=90"), 7)
            figures["stats_api_90d_ms_median"] = round(statistics.median(api), 1)

            def record() -> None:
                token = uuid.uuid4().hex
                r = client.post(
                    "/api/v1/deflection/events",
                    json={
                        "session": token,
                        "kind": "suggestions_shown",
                        "items": [{"kind": "question", "id": i, "rank": i} for i in range(1, 6)],
                    },
                )
                assert r.status_code == 201, r.data
                r = client.post(
                    "/api/v1/deflection/events",
                    json={
                        "session": token,
                        "kind": "suggestion_opened",
                        "item": {"kind": "question", "id": 3, "rank": 3},
                    },
                )
                assert r.status_code == 201, r.data

            per_pair = timed_cpu(record, args.record // 2)
            per_event = sorted(w / 2 for w, _ in per_pair)
            figures["record_event_ms_mean"] = round(statistics.mean(per_event), 2)
            figures["record_event_ms_p95"] = round(per_event[int(len(per_event) * 0.95) - 1], 2)
            figures["record_event_cpu_ms_mean"] = round(
                statistics.mean(c / 2 for _, c in per_pair), 2
            )
            figures["load_average"] = round(os.getloadavg()[0], 1)
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"backend                         {figures['backend']}")
    print(f"events / questions              {figures['events']} / {figures['questions']}")
    print(f"generation                      {figures['generate_s']} s")
    print(
        f"dashboard 90 days, first view   {figures['dashboard_90d_cold_ms']} ms (builds roll-ups)"
    )
    print(
        f"roll-ups rebuilt from the log   {figures['rollup_rebuild_all_s']} s for {SPAN_DAYS} days"
    )
    print(
        f"dashboard 90 days               {figures['dashboard_90d_ms_median']} ms median, "
        f"{figures['dashboard_90d_ms_max']} ms max (target < 500 ms); "
        f"{figures['dashboard_90d_cpu_ms_median']} ms CPU in this process"
    )
    print(f"stats API 90 days               {figures['stats_api_90d_ms_median']} ms median")
    print(
        f"record one event                {figures['record_event_ms_mean']} ms mean, "
        f"{figures['record_event_ms_p95']} ms p95 (target < 5 ms), commit included; "
        f"{figures['record_event_cpu_ms_mean']} ms CPU"
    )
    print(
        f"load average during the run     {figures['load_average']} (other processes slow wall times)"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

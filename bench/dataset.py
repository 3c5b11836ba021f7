"""A large, consistent synthetic community for benchmarks, written with bulk inserts.

Counters match the rows they summarise (scores equal vote sums, answer counts equal answers,
tag counts equal tag links), so the bench database also passes the load script's consistency
checks. Deterministic for a given seed.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Connection, make_url

BENCH_PASSWORD = "bench-password-1"  # noqa: S105 - synthetic accounts on a throwaway database
PRODUCTS = ["router", "mesh", "nas", "camera", "thermostat", "printer", "app", "firmware"]
SYMPTOMS = [
    "drops Wi-Fi every evening",
    "will not update its firmware",
    "reboots at night",
    "shows an amber light",
    "is slow after the update",
    "cannot be found by the app",
    "loses its settings",
    "stops recording motion",
    "prints blank pages",
    "disconnects from the cloud",
]
CONTEXTS = ["after a power cut", "since last week", "on the guest network", "with two nodes", ""]
BODIES = [
    "My **{p}** {s}. Firmware is 1.{n}. I tried:\n\n1. a restart\n2. a factory reset\n\n"
    "The log shows `error {n}` each time. Any idea?",
    "Since I moved the {p} upstairs it {s}. Wired devices keep working, only Wi-Fi is affected. "
    "See the [status page](https://status.example.com/{n}) for my model.",
    "Same model as my neighbour, who has no problem. Mine {s}.\n\n> The light blinks twice\n\n"
    "Settings are default apart from the channel.",
]
ANSWERS = [
    "Turn off **Auto channel** under Advanced > Wireless; the scheduled scan restarts the radio.",
    "Update to the latest firmware, then reset the {p} with the pin for ten seconds.",
    "Check the power supply: a weak adapter causes exactly this. The official one is 12 V 2 A.",
    "Same here. Version 1.4.5 fixed it for me.",
]
COMMENTS = ["Which firmware version exactly?", "Thanks, that worked!", "Same problem here."]


@dataclass
class Spec:
    """How big the generated community is."""

    questions: int = 100_000
    users: int = 2_000
    max_answers: int = 3
    seed: int = 7


def sqlite_url(path: str) -> str:
    """A SQLAlchemy URL for a SQLite file."""
    return "sqlite:///" + os.path.abspath(path)


@contextmanager
def fresh_postgres(base_url: str, prefix: str = "community_bench") -> Iterator[str]:
    """Create an empty PostgreSQL database next to ``base_url`` and drop it afterwards."""
    url = make_url(base_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def create_schema(database_url: str) -> None:
    """Create every table of the app's models (the same schema the migrations build)."""
    from community import create_app
    from community.extensions import db

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SEARCH_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        db.engine.dispose()


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(table), chunk)


def generate(database_url: str, spec: Spec | None = None) -> dict[str, int]:
    """Fill an empty database (schema created here) and return row counts per table."""
    from werkzeug.security import generate_password_hash

    from community.markup import render_markdown, render_plain
    from community.models import Answer, Comment, Question, Tag, User, Vote, question_tags, utcnow

    spec = spec or Spec()
    rng = random.Random(spec.seed)
    started = time.perf_counter()
    create_schema(database_url)
    engine = create_engine(database_url)
    now = utcnow()
    oldest = now - timedelta(days=730)
    # One real scrypt hash shared by every bench user: bench logins use BENCH_PASSWORD.
    password_hash = generate_password_hash(BENCH_PASSWORD, method="scrypt")
    users = [
        {
            "id": i,
            "username": f"user{i}",
            "email": None,
            "password_hash": password_hash,
            "role": "member",
            "bio": "",
            "reputation": 0,
            "created_at": oldest,
        }
        for i in range(1, spec.users + 1)
    ]
    tags = [
        {"id": i, "name": name, "description": f"Lumen {name}", "question_count": 0}
        for i, name in enumerate(PRODUCTS, 1)
    ]
    bodies = [
        (b, render_markdown(b))
        for b in (
            t.format(p=p, s=s, n=n)
            for t in BODIES
            for p in PRODUCTS
            for s in SYMPTOMS
            for n in (2,)
        )
    ]
    answer_bodies = [
        (a, render_markdown(a)) for a in (t.format(p=p) for t in ANSWERS for p in PRODUCTS)
    ]
    comment_bodies = [(c, render_plain(c)) for c in COMMENTS]
    questions: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    answer_id = 0
    step = (now - oldest) / spec.questions
    for qid in range(1, spec.questions + 1):
        created = oldest + step * qid
        author = rng.randint(1, spec.users)
        product = PRODUCTS[qid % len(PRODUCTS)]
        body, body_html = bodies[rng.randrange(len(bodies))]
        n_answers = rng.randint(0, spec.max_answers)
        accepted = None
        first_answer_at = None
        for k in range(n_answers):
            answer_id += 1
            a_created = created + timedelta(hours=k + 1)
            a_body, a_html = answer_bodies[rng.randrange(len(answer_bodies))]
            a_score = 0
            for voter in rng.sample(range(1, spec.users + 1), rng.randint(0, 2)):
                votes.append(
                    {
                        "user_id": voter,
                        "post_type": "answer",
                        "post_id": answer_id,
                        "value": 1,
                        "created_at": a_created,
                    }
                )
                a_score += 1
            is_accepted = k == 0 and rng.random() < 0.5
            answers.append(
                {
                    "id": answer_id,
                    "question_id": qid,
                    "author_id": rng.randint(1, spec.users),
                    "body": a_body,
                    "body_html": a_html,
                    "score": a_score,
                    "is_hidden": False,
                    "is_official": False,
                    "version": 1,
                    "comment_count": 0,
                    "created_at": a_created,
                    "updated_at": a_created,
                    "accepted_at": a_created if is_accepted else None,
                    "accepted_by_id": author if is_accepted else None,
                }
            )
            if is_accepted:
                accepted = answer_id
            if answer_id % 5 == 0:
                c_body, c_html = comment_bodies[rng.randrange(len(comment_bodies))]
                comments.append(
                    {
                        "question_id": None,
                        "answer_id": answer_id,
                        "author_id": rng.randint(1, spec.users),
                        "body": c_body,
                        "body_html": c_html,
                        "is_hidden": False,
                        "created_at": a_created + timedelta(minutes=5),
                    }
                )
                answers[-1]["comment_count"] = 1
            first_answer_at = first_answer_at or a_created
        q_score = 0
        for voter in rng.sample(range(1, spec.users + 1), rng.randint(0, 3)):
            value = 1 if rng.random() < 0.8 else -1
            votes.append(
                {
                    "user_id": voter,
                    "post_type": "question",
                    "post_id": qid,
                    "value": value,
                    "created_at": created,
                }
            )
            q_score += value
        n_comments = 1 if qid % 4 == 0 else 0
        for _ in range(n_comments):
            c_body, c_html = comment_bodies[rng.randrange(len(comment_bodies))]
            comments.append(
                {
                    "question_id": qid,
                    "answer_id": None,
                    "author_id": rng.randint(1, spec.users),
                    "body": c_body,
                    "body_html": c_html,
                    "is_hidden": False,
                    "created_at": created + timedelta(minutes=5),
                }
            )
        tag_ids = {PRODUCTS.index(product) + 1}
        if qid % 3 == 0:
            tag_ids.add(rng.randint(1, len(PRODUCTS)))
        for tag_id in tag_ids:
            links.append({"question_id": qid, "tag_id": tag_id})
            tags[tag_id - 1]["question_count"] += 1
        questions.append(
            {
                "id": qid,
                "title": f"{product.capitalize()} {SYMPTOMS[qid % len(SYMPTOMS)]} "
                f"{CONTEXTS[qid % len(CONTEXTS)]} (case {qid})".replace("  ", " "),
                "body": body,
                "body_html": body_html,
                "author_id": author,
                "status": "open",
                "close_reason": None,
                "duplicate_of_id": None,
                "accepted_answer_id": None,
                "is_locked": False,
                "is_hidden": False,
                "needs_info": False,
                "score": q_score,
                "answer_count": n_answers,
                "comment_count": n_comments,
                "view_count": 0,
                "version": 1,
                "external_id": None,
                "created_at": created,
                "updated_at": created,
                "last_activity_at": first_answer_at or created,
                "first_answer_at": first_answer_at,
                "accepted_at": created + timedelta(hours=1) if accepted else None,
                "_accepted": accepted,
            }
        )
    accepted_pairs = [{"qid": q["id"], "aid": q.pop("_accepted")} for q in questions]
    accepted_pairs = [p for p in accepted_pairs if p["aid"]]
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        _bulk(conn, User.__table__, users)
        _bulk(conn, Tag.__table__, tags)
        _bulk(conn, Question.__table__, questions)
        _bulk(conn, question_tags, links)
        _bulk(conn, Answer.__table__, answers)
        _bulk(conn, Vote.__table__, votes)
        _bulk(conn, Comment.__table__, comments)
        # Accepted answers point both ways; set the question side once the answers exist.
        for chunk in _chunks(accepted_pairs):
            conn.execute(
                text("UPDATE questions SET accepted_answer_id = :aid WHERE id = :qid"), chunk
            )
        if engine.dialect.name == "postgresql":
            for table in ("users", "tags", "questions", "answers", "votes", "comments"):
                # Table names come from the literal tuple above, never from input.
                sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"  # noqa: S608
                conn.exec_driver_sql(sql)
    if engine.dialect.name == "postgresql":
        # Like a live database (and the deflection bench): autovacuum would have set the
        # visibility map a minute after a bulk load, so index-only scans need no heap visits;
        # vacuuming now also keeps it from starting in the middle of a measurement.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    counts = {
        "users": len(users),
        "tags": len(tags),
        "questions": len(questions),
        "answers": len(answers),
        "votes": len(votes),
        "comments": len(comments),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return counts

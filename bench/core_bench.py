"""Core speed: list and question pages against a hello-world Flask route, same server, same run.

Generates 100,000 questions (with answers, votes, comments, tags, users) into a fresh SQLite file
(or a fresh PostgreSQL database with --postgres), serves the app and a hello-world app with
gunicorn (2 sync workers) on free loopback ports, drives each with the same bounded load and
prints requests per second and the ratios. Exits 1 when the list page or the question page is under MIN_RATIO (1/6) of hello.

    python -m bench.core_bench [--questions 100000] [--duration 5] [--threads 8] [--postgres [URL]]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from bench.dataset import Spec, fresh_postgres, generate, sqlite_url
from bench.httpload import Result, drive, percentile
from bench.servers import gunicorn

MIN_RATIO = 1 / 6
# Pages held to MIN_RATIO (the core issue's "list page and a question page"). The deep page is
# printed for information: OFFSET must step over ~100,000 index entries whatever the query shape.
GATED = ("list", "question")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


def app_env(database_url: str, workdir: str) -> dict[str, str]:
    """Environment for the app under gunicorn: its own database, index and secret."""
    return {
        "COMMUNITY_DATABASE_URL": database_url,
        "COMMUNITY_SECRET_KEY": secrets.token_hex(16),
        "COMMUNITY_SEARCH_INDEX_DIR": os.path.join(workdir, "search-index"),
        # The pages measured here do not read the index; do not spend the run rebuilding it.
        "COMMUNITY_AUTO_REBUILD_INDEX": "false",
        "COMMUNITY_LOG_LEVEL": "WARNING",
    }


def pick_question(database_url: str) -> int:
    """A typical solved question with several answers and a comment (what customers open)."""
    engine = create_engine(database_url)
    with engine.connect() as conn:
        qid = conn.execute(
            text(
                "SELECT id FROM questions WHERE answer_count = 3 AND accepted_answer_id IS NOT NULL "
                "AND comment_count > 0 ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
    engine.dispose()
    if qid is None:
        raise SystemExit("the generated data has no question with 3 answers")
    return int(qid)


@contextmanager
def database(args: argparse.Namespace, workdir: str) -> Iterator[str]:
    """The bench database: a SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if args.postgres:
        with fresh_postgres(args.postgres) as url:
            yield url
    else:
        yield sqlite_url(os.path.join(workdir, "bench.db"))


def measure_interleaved(
    targets: dict[str, tuple[int, list[str]]], rounds: int, threads: int, duration: float
) -> dict[str, Result]:
    """Drive each target in turn, several rounds, so background load hits all of them alike."""
    totals = {name: Result() for name in targets}
    for _ in range(rounds):
        for name, (port, paths) in targets.items():
            one = drive(port, paths, threads=threads, duration=duration, warmup=0.5)
            total = totals[name]
            total.statuses.update(one.statuses)
            total.failures += one.failures
            total.latencies.extend(one.latencies)
            total.requests += one.requests
            total.seconds += one.seconds
    return totals


def line(name: str, result: Result, hello: Result | None = None) -> str:
    """One printed row: req/s, p50/p95 latency, and the ratio to hello."""
    row = (
        f"  {name:<34} {result.rps:8.1f} req/s   p50 {percentile(result.latencies, 50) * 1000:6.1f} ms"
        f"   p95 {percentile(result.latencies, 95) * 1000:6.1f} ms"
    )
    if hello is not None and hello.rps:
        row += f"   ratio {result.rps / hello.rps:.3f} (1/{hello.rps / max(result.rps, 1e-9):.1f})"
    return row


def main(argv: list[str] | None = None) -> int:
    """Run the bench; 0 when every page reaches MIN_RATIO of hello-world."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=2.0, help="seconds per target and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved measuring rounds")
    parser.add_argument("--threads", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--postgres", nargs="?", const=DEFAULT_PG, default=None, help="use a fresh PostgreSQL DB"
    )
    args = parser.parse_args(argv)

    with (
        tempfile.TemporaryDirectory(prefix="community-bench-") as workdir,
        database(args, workdir) as url,
    ):
        backend = "postgresql" if args.postgres else "sqlite"
        print(f"core bench: generating {args.questions} questions on {backend} ...", flush=True)
        counts = generate(url, Spec(questions=args.questions))
        print("  data: " + ", ".join(f"{k}={v}" for k, v in counts.items()), flush=True)
        qid = pick_question(url)
        deep = max(1, args.questions // 20 - 1)  # 20 per page: close to the last page
        pages = {
            "list": ["/questions"],
            "list_deep": [f"/questions?page={deep}"],
            "question": [f"/questions/{qid}"],
        }
        print(
            f"  gunicorn --workers {args.workers} (sync); {args.threads} client threads; "
            f"{args.rounds} interleaved rounds of {args.duration:g} s per target",
            flush=True,
        )
        with (
            gunicorn("bench.hello_app:app", workers=args.workers) as hello_server,
            gunicorn(
                "community:create_app()",
                env=app_env(url, workdir),
                workers=args.workers,
                ready_path="/healthz",
            ) as app_server,
        ):
            targets = {"hello": (hello_server.port, ["/"])}
            targets.update({name: (app_server.port, paths) for name, paths in pages.items()})
            measured = measure_interleaved(targets, args.rounds, args.threads, args.duration)
    hello = measured.pop("hello")
    results = measured
    print(line("hello-world Flask route /", hello))
    failed = not hello.ok
    summary: dict[str, float] = {"hello_rps": round(hello.rps, 1)}
    for key, result in results.items():
        note = "" if key in GATED else " (info)"
        print(line(f"{key}{note} {pages[key][0]}", result, hello))
        ratio = result.rps / hello.rps if hello.rps else 0.0
        summary[f"{key}_rps"] = round(result.rps, 1)
        summary[f"{key}_ratio"] = round(ratio, 3)
        if not result.ok:
            print(f"  FAIL {key}: statuses {dict(result.statuses)}, {result.failures} failures")
            failed = True
        if ratio < MIN_RATIO and key in GATED:
            print(f"  FAIL {key}: {ratio:.3f} is under the required 1/6 ({MIN_RATIO:.3f})")
            failed = True
    print(json.dumps({"bench": "core", "backend": backend, **summary}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

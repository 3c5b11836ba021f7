"""`make load`: concurrent writes by 50 members against gunicorn (4 workers) on PostgreSQL, then a
worker killed with SIGKILL in the middle of a write burst. Loopback only, bounded.

1. Creates a fresh PostgreSQL database on 127.0.0.1:5432 (dropped at the end) with a small
   community, starts gunicorn with 4 sync workers on a free loopback port.
2. 50 members log in like a browser (real sessions, CSRF tokens read from the pages) and make at
   least 500 writes at once: questions, answers, votes and accepts.
3. Checks: every acknowledged write is stored exactly once, counters equal the rows they count
   (question/answer score == sum of votes, answer counts, tag counts), no 5xx, and
   `flask search check` reports no drift when the search package is installed.
4. Kill -9: during a second burst a worker is killed; gunicorn replaces it. The same checks run:
   nothing acknowledged is lost and the database is consistent. The search index is checked
   and repaired through ``after_worker_kill`` (a hook for the search package).

    python -m bench.load [--postgres URL] [--members 50] [--actions 12] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

from sqlalchemy import create_engine, text

from bench.core_bench import DEFAULT_PG, app_env
from bench.dataset import BENCH_PASSWORD, Spec, fresh_postgres, generate
from bench.members import (
    Ledger,
    acknowledged_problems,
    consistency_problems,
    latency_summary,
    run_members,
)
from bench.servers import ROOT, gunicorn

FLASK = os.path.join(os.path.dirname(sys.executable), "flask")


def flask_command(env: dict[str, str], *args: str) -> tuple[int, str]:
    """Run ``flask --app community ARGS`` against the load database; (exit code, output)."""
    done = subprocess.run(  # noqa: S603 - fixed command line
        [FLASK, "--app", "community", *args],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


def search_check(env: dict[str, str]) -> list[str]:
    """`flask search check` when the search package provides it; its complaints otherwise."""
    code, output = flask_command(env, "search", "check")
    if "No such command" in output:
        print("  search check: skipped (no `flask search` command in this checkout)")
        return []
    print("  search check: " + (output.splitlines()[-1] if output else f"exit {code}"))
    return [] if code == 0 else [f"flask search check failed (exit {code}): {output[-500:]}"]


def after_worker_kill(env: dict[str, str]) -> list[str]:
    """Hook: bring derived state back after a SIGKILL, then check it.

    The database needs nothing (transactions); the search index is repaired by the search
    package (next writer or startup) and verified here with `flask search check`.
    """
    return search_check(env)


def verify(engine, ledger: Ledger, env: dict[str, str]) -> list[str]:
    """Every check after a burst: acknowledged writes, counters, 5xx, search drift."""
    problems = acknowledged_problems(engine, ledger) + consistency_problems(engine)
    server_errors = {s: n for s, n in ledger.statuses.items() if s >= 500}
    if server_errors:
        problems.append(f"5xx responses: {server_errors}")
    return problems


def kill_a_worker_soon(server, delay: float, killed: list[int]) -> threading.Thread:
    """Start a thread that SIGKILLs one gunicorn worker after ``delay`` seconds."""

    def kill() -> None:
        time.sleep(delay)
        workers = server.worker_pids()
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    """Run both phases; exit 1 on any lost, duplicated or inconsistent write, or a 5xx."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", default=os.environ.get("COMMUNITY_LOAD_DATABASE_URL", DEFAULT_PG)
    )
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--actions", type=int, default=12, help="writes per member per phase")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    failed = False
    with (
        tempfile.TemporaryDirectory(prefix="community-load-") as workdir,
        fresh_postgres(args.postgres, prefix="community_load") as url,
    ):
        generate(url, Spec(questions=300, users=args.members + 10))
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            pool = [
                (qid, name)
                for qid, name in conn.execute(
                    text(
                        "SELECT q.id, u.username FROM questions q JOIN users u ON u.id = q.author_id"
                    )
                )
            ]
        members = [f"user{n}" for n in range(1, args.members + 1)]
        env = {
            **app_env(url, workdir),
            "COMMUNITY_RATELIMIT_ENABLED": "false",
            # Production settings for the index (the core bench turns the rebuild off).
            "COMMUNITY_AUTO_REBUILD_INDEX": "true",
        }
        # As a deployment does: build the index from the database before serving.
        code, output = flask_command(env, "search", "reindex")
        if code != 0:
            print(f"  search reindex failed (exit {code}): {output[-500:]}")
            return 1
        # Rate limits are per client IP; every simulated member shares 127.0.0.1, so they are
        # off here (they are tested in the suite). Everything else is production settings.
        with gunicorn(
            "community:create_app()", env=env, workers=args.workers, ready_path="/healthz"
        ) as server:
            print(
                f"load: {args.members} members x {args.actions} writes, gunicorn {args.workers} "
                f"workers, PostgreSQL",
                flush=True,
            )
            ledger = Ledger()
            started = time.monotonic()
            run_members(server.port, members, BENCH_PASSWORD, pool, args.actions, ledger, seed=1)
            print("  " + latency_summary(ledger, time.monotonic() - started))
            print(
                f"  acknowledged: {len(ledger.questions)} questions, {len(ledger.answers)} answers, "
                f"{ledger.vote_count} votes, {len(ledger.accepted)} accepts; "
                f"refused or dropped {ledger.refused}; statuses {dict(sorted(ledger.statuses.items()))}"
            )
            problems = verify(engine, ledger, env) + search_check(env)
            if ledger.writes < 500:
                problems.append(f"only {ledger.writes} acknowledged writes (need >= 500)")
            failed |= report("concurrent writes", problems)

            print("kill -9: a worker dies during a write burst", flush=True)
            killed: list[int] = []
            killer = kill_a_worker_soon(server, 1.5, killed)
            mark = ledger.mark()
            started = time.monotonic()
            run_members(server.port, members, BENCH_PASSWORD, pool, args.actions, ledger, seed=2)
            killer.join()
            print(
                f"  killed worker pid {killed or 'none (burst ended first)'}; "
                f"{ledger.refused} writes refused or dropped in total"
            )
            print("  " + latency_summary(ledger, time.monotonic() - started, mark))
            problems = verify(engine, ledger, env) + after_worker_kill(env)
            if not killed:
                problems.append("no worker was killed: the burst was too short")
            failed |= report("after kill -9", problems)
        engine.dispose()
    return 1 if failed else 0


def report(phase: str, problems: list[str]) -> bool:
    """Print a phase's verdict; True when it failed."""
    if problems:
        print(f"  FAIL {phase}:")
        for problem in problems[:30]:
            print(f"    - {problem}")
        return True
    print(
        f"  OK {phase}: every acknowledged write stored exactly once, counters consistent, no 5xx"
    )
    return False


if __name__ == "__main__":
    sys.exit(main())

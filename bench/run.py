"""`make bench`: run every bench module in turn and print its figures.

Each entry of BENCHES is a module under bench/ run as ``python -m bench.<name> [args]`` from the
repository root. A module that does not exist (yet: other branches add theirs) is reported and
skipped, not an error. The exit status is non-zero when any bench that ran failed.

    python bench/run.py [--only NAME ...] [--list]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (module under bench/, extra arguments, what it measures). Add new benches here.
BENCHES: list[tuple[str, list[str], str]] = [
    ("core_bench", [], "list and question pages vs hello-world (100,000 questions, gunicorn)"),
    ("search_bench", [], "suggestion latency and quality (search branch)"),
    ("deflection_bench", [], "deflection dashboard and event ingestion (deflection branch)"),
]


def module_exists(name: str) -> bool:
    """Whether bench/<name>.py is present in this checkout."""
    return os.path.isfile(os.path.join(ROOT, "bench", f"{name}.py"))


def main(argv: list[str] | None = None) -> int:
    """Run the selected benches; return 1 if any failed."""
    parser = argparse.ArgumentParser(description="Run the benches and print their figures.")
    parser.add_argument("--only", nargs="*", default=None, help="bench module names to run")
    parser.add_argument("--list", action="store_true", help="list the benches and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, _, what in BENCHES:
            print(f"{name:<20} {'present' if module_exists(name) else 'missing':<8} {what}")
        return 0
    outcomes: list[tuple[str, str, float]] = []
    for name, extra, what in BENCHES:
        if args.only is not None and name not in args.only:
            continue
        if not module_exists(name):
            print(f"== {name}: not in this checkout, skipped ({what})", flush=True)
            outcomes.append((name, "skipped", 0.0))
            continue
        print(f"== {name}: {what}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", f"bench.{name}", *extra], cwd=ROOT)  # noqa: S603
        outcomes.append(
            (name, "ok" if code == 0 else f"FAILED (exit {code})", time.monotonic() - started)
        )
    print("== summary")
    for name, status, seconds in outcomes:
        print(f"  {name:<20} {status:<18} {seconds:6.1f} s")
    return 1 if any(status.startswith("FAILED") for _, status, _ in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

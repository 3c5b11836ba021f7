"""Reindex through the application path: N generated questions in a database -> the index.

    .venv/bin/python bench/search_app_bench.py [--questions 100000] [--db sqlite:///...]

Generates questions with answers and tags (vocabulary drawn from the deflection corpus), then
times what ``flask search reindex`` does: reading documents from the database with the app's
indexer (timed alone first) and the full rebuild. Prints one JSON line at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CORPUS = Path(os.environ.get("DEFLECTION_DIR", "/work/shared/deflection")) / "corpus.jsonl.gz"
WORD = re.compile(r"[A-Za-z][A-Za-z']{1,20}")
OPENERS = ["How do I", "Where can I", "Is it possible to", "Best way to", "Problem with", "Help:"]


def _vocabulary() -> tuple[list[str], list[int]]:
    counts: Counter[str] = Counter()
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                counts.update(w.lower() for w in WORD.findall(doc["title"] + " " + doc["body"]))
    else:  # pragma: no cover - fallback without the data set
        counts.update(f"word{i}" for i in range(5000) for _ in range(5000 // (i + 1) + 1))
    words, freqs = zip(*counts.most_common(20_000), strict=True)
    return list(words), list(accumulate(freqs))


def populate(n: int, seed: int = 7) -> None:
    """Insert ``n`` questions (0-4 answers each, one of 12 tags) with bulk inserts."""
    from community.extensions import db
    from community.models import Answer, Question, Tag, User, question_tags

    rng = random.Random(seed)
    words, cum = _vocabulary()

    def text(low: int, high: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cum, k=rng.randint(low, high)))

    user = User(username="bench", role="member")
    user.set_password("bench-password")
    tags = [Tag(name=f"product-{i}") for i in range(12)]
    db.session.add_all([user, *tags])
    db.session.commit()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    qid = aid = 0
    for base in range(0, n, 5000):
        questions, answers, links = [], [], []
        for i in range(base, min(n, base + 5000)):
            qid += 1
            created = start + timedelta(minutes=i)
            body = text(30, 120)
            count = rng.randint(0, 4)
            accepted = None
            for j in range(count):
                aid += 1
                answers.append(
                    {
                        "id": aid,
                        "question_id": qid,
                        "author_id": user.id,
                        "body": text(20, 60),
                        "body_html": "",
                        "score": rng.randint(-1, 6),
                        "created_at": created,
                        "updated_at": created,
                    }
                )
                if j == 0 and rng.random() < 0.5:
                    accepted = aid
            questions.append(
                {
                    "id": qid,
                    "title": f"{rng.choice(OPENERS)} {text(4, 10)}?"[:200],
                    "body": body,
                    "body_html": "",
                    "author_id": user.id,
                    "score": max(0, int(rng.gauss(2, 4))),
                    "answer_count": count,
                    "created_at": created,
                    "updated_at": created,
                    "last_activity_at": created,
                    "external_id": f"gen-{qid}",
                }
            )
            links.append({"question_id": qid, "tag_id": rng.choice(tags).id})
            if accepted:
                questions[-1]["accepted_answer_id"] = accepted
        accepted_rows = [q for q in questions if "accepted_answer_id" in q]
        plain = [{k: v for k, v in q.items() if k != "accepted_answer_id"} for q in questions]
        db.session.execute(Question.__table__.insert(), plain)
        if answers:
            db.session.execute(Answer.__table__.insert(), answers)
        db.session.execute(question_tags.insert(), links)
        for row in accepted_rows:
            db.session.execute(
                Question.__table__.update()
                .where(Question.__table__.c.id == row["id"])
                .values(accepted_answer_id=row["accepted_answer_id"])
            )
        db.session.commit()


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    """Populate, then time document loading and the full reindex."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    from community import create_app
    from community.extensions import db
    from community.search.sources import iter_all_documents

    workdir = Path(tempfile.mkdtemp(prefix="search-app-bench-"))
    url = args.db or f"sqlite:///{workdir / 'bench.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(workdir / "index"),
        }
    )
    result: dict[str, Any] = {"questions": args.questions}
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        populate(args.questions)
        result["populate_s"] = round(time.perf_counter() - started, 1)
        print(f"populated {args.questions} questions in {result['populate_s']} s", flush=True)

        started, cpu = time.perf_counter(), _cpu()
        count = sum(1 for _ in iter_all_documents())
        result["db_read_s"] = round(time.perf_counter() - started, 1)
        result["db_read_cpu_s"] = round(_cpu() - cpu, 1)
        print(f"read {count} documents from the database in {result['db_read_s']} s", flush=True)

        search = app.extensions["community.search"]
        started, cpu = time.perf_counter(), _cpu()
        result["indexed"] = search.rebuild(progress=lambda n: print(f"  {n} indexed", flush=True))
        result["reindex_s"] = round(time.perf_counter() - started, 1)
        result["reindex_cpu_s"] = round(_cpu() - cpu, 1)
        search.close()
    result["load_avg_1m"] = round(os.getloadavg()[0], 2)
    print(
        f"reindex of {result['indexed']} questions through the app indexer: "
        f"{result['reindex_s']} s wall ({result['reindex_cpu_s']} s CPU incl. workers)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()

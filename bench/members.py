"""Simulated members for load and fault tests: real sessions and CSRF tokens, like a browser.

Each Member keeps its own cookies, reads the CSRF token from the pages it loads, and records in
a Ledger every write the server acknowledged (a redirect or JSON answer), so the database can be
checked afterwards: everything acknowledged is there exactly once.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from sqlalchemy import text
from sqlalchemy.engine import Engine

_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')
_QUESTION = re.compile(r"/questions/(\d+)")
_ANSWER = re.compile(r"#answer-(\d+)")


class Unacknowledged(Exception):
    """The server did not confirm a write (error status or a dropped connection)."""


@dataclass
class Ledger:
    """Every acknowledged write, shared by all members (thread-safe)."""

    questions: dict[str, int] = field(default_factory=dict)  # unique marker -> question id
    answers: dict[str, tuple[int, int]] = field(default_factory=dict)  # marker -> (q id, a id)
    votes: dict[tuple[str, str, int], int] = field(default_factory=dict)  # (user, type, id) -> vote
    accepted: dict[int, int] = field(default_factory=dict)  # question id -> accepted answer id
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timing(self, status: int | None, seconds: float) -> None:
        """Count one request's status (None: connection error) and latency."""
        with self.lock:
            if status is None:
                self.errors += 1
            else:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                self.latencies.append(seconds)

    def mark(self) -> tuple[int, int, int]:
        """Where the counts stand now, to summarise one phase later."""
        with self.lock:
            return len(self.latencies), self.errors, self.writes

    @property
    def writes(self) -> int:
        """Acknowledged writes of every kind."""
        return len(self.questions) + len(self.answers) + self.vote_count + len(self.accepted)

    vote_count: int = 0
    answer_authors: dict[int, str] = field(default_factory=dict)  # answer id -> username
    question_authors: dict[int, str] = field(default_factory=dict)  # question id -> username
    refused: int = 0  # writes the server refused or dropped (not acknowledged)


class Member:
    """One logged-in member talking HTTP/1.1 to 127.0.0.1 with its own cookies."""

    def __init__(self, port: int, username: str, password: str, ledger: Ledger) -> None:
        self.port, self.username, self.password, self.ledger = port, username, password, ledger
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.my_questions: list[int] = []

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, accept: str = "text/html"
    ) -> tuple[int, dict[str, str], str]:
        """One request with our cookies; returns (status, headers, body)."""
        headers = {"Accept": accept, "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as err:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.ledger.timing(None, time.monotonic() - started)
            raise Unacknowledged(f"{method} {path}: {err}") from err
        self.ledger.timing(response.status, time.monotonic() - started)
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(raw)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
        found = _TOKEN.search(data)
        if found:
            self.token = found.group(1)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def page(self, path: str) -> str:
        """GET a page as a browser would (it also refreshes our CSRF token)."""
        status, _, body = self.request("GET", path)
        if status != 200:
            raise Unacknowledged(f"GET {path}: {status}")
        return body

    def post(
        self, path: str, form: dict[str, str], accept: str = "text/html"
    ) -> tuple[int, dict[str, str], str]:
        """POST a form with the CSRF token of the last page we loaded."""
        return self.request("POST", path, {**form, "csrf_token": self.token}, accept)

    def log_in(self) -> None:
        """Load the login page, then post the form with its token."""
        self.page("/auth/login")
        status, headers, _ = self.post(
            "/auth/login", {"username": self.username, "password": self.password}
        )
        if status != 302:
            raise Unacknowledged(f"login of {self.username}: {status}")

    def ask(self, tag: str = "router") -> int:
        """Ask a question with a unique marker; record it when the redirect confirms it."""
        marker = uuid.uuid4().hex[:12]
        self.page("/questions/ask")
        status, headers, _ = self.post(
            "/questions/ask",
            {
                "title": f"Load question {marker} about the {tag}",
                "body": f"Body of load question {marker}: the device restarts at night.",
                "tags": tag,
            },
        )
        found = _QUESTION.search(headers.get("location", "")) if status == 302 else None
        if not found:
            raise Unacknowledged(f"ask: {status}")
        question_id = int(found.group(1))
        with self.ledger.lock:
            self.ledger.questions[marker] = question_id
            self.ledger.question_authors[question_id] = self.username
        self.my_questions.append(question_id)
        return question_id

    def answer(self, question_id: int) -> int:
        """Answer a question; record the answer id from the redirect's anchor."""
        marker = uuid.uuid4().hex[:12]
        self.page(f"/questions/{question_id}")
        status, headers, _ = self.post(
            f"/questions/{question_id}/answers",
            {"body": f"Load answer {marker}: update the firmware first."},
        )
        found = _ANSWER.search(headers.get("location", "")) if status == 302 else None
        if not found:
            raise Unacknowledged(f"answer on {question_id}: {status}")
        answer_id = int(found.group(1))
        with self.ledger.lock:
            self.ledger.answers[marker] = (question_id, answer_id)
            self.ledger.answer_authors[answer_id] = self.username
        return answer_id

    def vote(self, post_type: str, post_id: int, value: str = "up") -> int:
        """Vote through the JSON path our script uses; record our resulting vote on the post."""
        key = (self.username, post_type, post_id)
        try:
            status, _, body = self.post(
                f"/{post_type}s/{post_id}/vote", {"value": value}, accept="application/json"
            )
            if status != 200:
                raise Unacknowledged(f"vote on {post_type} {post_id}: {status}")
        except Unacknowledged:
            with self.ledger.lock:  # it may or may not have landed: no longer a known state
                self.ledger.votes.pop(key, None)
            raise
        mine = int(json.loads(body)["vote"])
        with self.ledger.lock:
            self.ledger.votes[key] = mine
            self.ledger.vote_count += 1
        return mine

    def accept(self, question_id: int, answer_id: int) -> None:
        """Accept an answer on our own question."""
        self.page(f"/questions/{question_id}")
        try:
            status, _, _ = self.post(
                f"/answers/{answer_id}/accept", {"question_id": str(question_id)}
            )
            if status != 302:
                raise Unacknowledged(f"accept {answer_id} on {question_id}: {status}")
        except Unacknowledged:
            with self.ledger.lock:
                self.ledger.accepted.pop(question_id, None)
            raise
        with self.ledger.lock:
            self.ledger.accepted[question_id] = answer_id


def consistency_problems(engine: Engine) -> list[str]:
    """Counters that disagree with the rows they count (empty when the database is consistent)."""
    checks = {
        "question score != sum of its votes": """
            SELECT q.id FROM questions q LEFT JOIN (
              SELECT post_id, SUM(value) AS total FROM votes WHERE post_type = 'question'
              GROUP BY post_id) v ON v.post_id = q.id
            WHERE q.score <> COALESCE(v.total, 0)""",
        "answer score != sum of its votes": """
            SELECT a.id FROM answers a LEFT JOIN (
              SELECT post_id, SUM(value) AS total FROM votes WHERE post_type = 'answer'
              GROUP BY post_id) v ON v.post_id = a.id
            WHERE a.score <> COALESCE(v.total, 0)""",
        "answer_count != answers": """
            SELECT q.id FROM questions q LEFT JOIN (
              SELECT question_id, COUNT(*) AS n FROM answers GROUP BY question_id) a
              ON a.question_id = q.id
            WHERE q.answer_count <> COALESCE(a.n, 0)""",
        "accepted answer of another question": """
            SELECT q.id FROM questions q JOIN answers a ON a.id = q.accepted_answer_id
            WHERE a.question_id <> q.id""",
        "tag question_count != tagged questions": """
            SELECT t.id FROM tags t LEFT JOIN (
              SELECT tag_id, COUNT(*) AS n FROM question_tags GROUP BY tag_id) l
              ON l.tag_id = t.id
            WHERE t.question_count <> COALESCE(l.n, 0)""",
        "duplicate vote rows": """
            SELECT user_id FROM votes GROUP BY user_id, post_type, post_id HAVING COUNT(*) > 1""",
    }
    problems = []
    with engine.connect() as conn:
        for name, sql in checks.items():
            rows = conn.execute(text(sql)).scalars().all()
            if rows:
                problems.append(f"{name}: {len(rows)} rows, e.g. {rows[:5]}")
    return problems


def acknowledged_problems(engine: Engine, ledger: Ledger) -> list[str]:
    """Acknowledged writes that are missing, duplicated or different in the database."""
    problems: list[str] = []
    with engine.connect() as conn:
        titles = conn.execute(
            text("SELECT id, title FROM questions WHERE title LIKE 'Load question %'")
        ).all()
        by_marker: dict[str, list[int]] = {}
        for qid, title in titles:
            by_marker.setdefault(title.split()[2], []).append(qid)
        for marker, qid in ledger.questions.items():
            if by_marker.get(marker) != [qid]:
                problems.append(
                    f"question {marker}: acknowledged as {qid}, stored as {by_marker.get(marker)}"
                )
        bodies = conn.execute(
            text("SELECT id, question_id, body FROM answers WHERE body LIKE 'Load answer %'")
        ).all()
        answers: dict[str, list[tuple[int, int]]] = {}
        for aid, qid, body in bodies:
            answers.setdefault(body.split()[2].rstrip(":"), []).append((qid, aid))
        for marker, pair in ledger.answers.items():
            if answers.get(marker) != [pair]:
                problems.append(
                    f"answer {marker}: acknowledged as {pair}, stored as {answers.get(marker)}"
                )
        votes = {
            (u, t, p): v
            for u, t, p, v in conn.execute(
                text(
                    "SELECT u.username, v.post_type, v.post_id, v.value FROM votes v JOIN users u ON u.id = v.user_id"
                )
            )
        }
        for key, mine in ledger.votes.items():
            if votes.get(key, 0) != mine:
                problems.append(f"vote {key}: acknowledged {mine}, stored {votes.get(key, 0)}")
        accepted = dict(conn.execute(text("SELECT id, accepted_answer_id FROM questions")).all())
        for qid, aid in ledger.accepted.items():
            if accepted.get(qid) != aid:
                problems.append(f"accept on {qid}: acknowledged {aid}, stored {accepted.get(qid)}")
    return problems


def run_members(
    port: int,
    usernames: list[str],
    password: str,
    pool: list[tuple[int, str]],
    actions_each: int,
    ledger: Ledger,
    seed: int = 1,
) -> None:
    """Every member logs in, then does ``actions_each`` writes (ask, answer, vote, accept), all
    members at once. ``pool`` lists existing (question id, author username) to act on."""
    start = threading.Barrier(len(usernames))

    def life(n: int, username: str) -> None:
        rng = random.Random(seed * 1000 + n)
        member = Member(port, username, password, ledger)
        try:
            member.log_in()
        except Unacknowledged:
            with ledger.lock:
                ledger.refused += 1
            start.wait()
            return
        start.wait()
        for _ in range(actions_each):
            try:
                _one_action(member, rng, pool)
            except Unacknowledged:
                with ledger.lock:
                    ledger.refused += 1

    threads = [
        threading.Thread(target=life, args=(n, name), daemon=True)
        for n, name in enumerate(usernames)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _one_action(member: Member, rng: random.Random, pool: list[tuple[int, str]]) -> None:
    """One write chosen at random: ask 20%, answer 35%, vote 30%, accept 15%."""
    roll = rng.random()
    with member.ledger.lock:
        mine = set(member.my_questions)
        my_answers = [(qid, aid) for qid, aid in member.ledger.answers.values() if qid in mine]
        others_answers = [
            aid for aid, who in member.ledger.answer_authors.items() if who != member.username
        ]
        asked = list(member.ledger.question_authors.items())
    others_questions = [qid for qid, author in pool + asked if author != member.username]
    if roll < 0.20 or not others_questions:
        member.ask()
    elif roll < 0.55:
        member.answer(rng.choice(others_questions + list(mine)))
    elif roll < 0.85 or not my_answers:
        if others_answers and rng.random() < 0.5:
            member.vote("answer", rng.choice(others_answers), rng.choice(["up", "down"]))
        else:
            member.vote("question", rng.choice(others_questions), rng.choice(["up", "down"]))
    else:
        question_id, answer_id = rng.choice(my_answers)
        member.accept(question_id, answer_id)


def latency_summary(ledger: Ledger, seconds: float, since: tuple[int, int, int] = (0, 0, 0)) -> str:
    """Throughput and p50/p95/p99 latency of the requests made since ``since`` (Ledger.mark())."""
    values = sorted(ledger.latencies[since[0] :])

    def pct(p: float) -> float:
        if not values:
            return 0.0
        return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))] * 1000

    requests = len(values) + ledger.errors - since[1]
    writes = ledger.writes - since[2]
    return (
        f"{requests} requests, {writes} acknowledged writes in {seconds:.1f} s: "
        f"{requests / seconds:.1f} req/s, {writes / seconds:.1f} writes/s; latency "
        f"p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms"
    )

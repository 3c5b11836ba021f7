"""Fixtures: app/client/runner, factories, login helper, a SQL statement counter.

The suite runs on SQLite by default. With COMMUNITY_TEST_BACKEND=postgres and
COMMUNITY_TEST_DATABASE_URL pointing at a server, a fresh database is created for the run and
dropped at the end.
"""

from __future__ import annotations

import functools
import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from community import create_app
from community.extensions import db
from community.models import Answer, Comment, Question, Tag, User, utcnow

PASSWORD = "correct-horse-1"


def _postgres_requested() -> bool:
    return os.environ.get("COMMUNITY_TEST_BACKEND") == "postgres"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this test run: SQLite file, or a new PostgreSQL database."""
    if not _postgres_requested():
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
        return
    base = os.environ.get("COMMUNITY_TEST_DATABASE_URL")
    if not base:
        pytest.exit(
            "COMMUNITY_TEST_BACKEND=postgres needs COMMUNITY_TEST_DATABASE_URL", returncode=2
        )
    url = make_url(
        base.replace("postgresql://", "postgresql+psycopg://", 1)
        if base.startswith("postgresql://")
        else base
    )
    name = f"community_test_{uuid.uuid4().hex[:10]}"
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


@pytest.fixture(scope="session")
def _schema(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Create the schema once per run."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path_factory.mktemp("idx0")),
        }
    )
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


def _truncate_all() -> None:
    """Empty every table between tests (fast on both backends)."""
    tables = [t.name for t in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        )
    else:
        db.session.execute(text("PRAGMA foreign_keys=OFF"))
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app_config(_schema: str, tmp_path: Any) -> dict[str, Any]:
    """Settings for a test app; tests may tweak them before asking for ``app``."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _schema,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """An application with an empty database, inside an app context."""
    application = create_app(app_config)
    with application.app_context():
        _truncate_all()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    """A CLI runner."""
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Factory: make_user(role="moderator", username=None, password=PASSWORD)."""

    def make(
        role: str = "member", username: str | None = None, password: str = PASSWORD, **fields: Any
    ) -> User:
        user = User(username=username or f"{role}{next(_counter)}", role=role, **fields)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_tag(app: Flask) -> Callable[..., Tag]:
    """Factory: make_tag("router")."""

    def make(name: str = "router", description: str = "") -> Tag:
        tag = db.session.query(Tag).filter_by(name=name).one_or_none()
        if tag is None:
            tag = Tag(name=name, description=description)
            db.session.add(tag)
            db.session.commit()
        return tag

    return make


@pytest.fixture
def make_question(
    app: Flask, make_user: Callable[..., User], make_tag: Callable[..., Tag]
) -> Callable[..., Question]:
    """Factory: make_question(author=None, title=..., body=..., tags=("router",), **fields)."""

    def make(
        author: User | None = None,
        title: str | None = None,
        body: str = "The body of a question, long enough.",
        tags: tuple[str, ...] = ("router",),
        **fields: Any,
    ) -> Question:
        author = author or make_user()
        n = next(_counter)
        q = Question(
            title=title or f"How do I fix problem number {n}?",
            body=body,
            body_html=f"<p>{body}</p>",
            author_id=author.id,
            **fields,
        )
        q.tags = [make_tag(t) for t in tags]
        for t in q.tags:
            t.question_count += 1
        db.session.add(q)
        db.session.commit()
        return q

    return make


@pytest.fixture
def make_answer(app: Flask, make_user: Callable[..., User]) -> Callable[..., Answer]:
    """Factory: make_answer(question, author=None, body=..., **fields)."""

    def make(
        question: Question,
        author: User | None = None,
        body: str = "Try turning it off and on.",
        **fields: Any,
    ) -> Answer:
        author = author or make_user()
        a = Answer(
            question_id=question.id,
            author_id=author.id,
            body=body,
            body_html=f"<p>{body}</p>",
            **fields,
        )
        db.session.add(a)
        question.answer_count += 1
        db.session.commit()
        return a

    return make


@pytest.fixture
def make_comment(app: Flask, make_user: Callable[..., User]) -> Callable[..., Comment]:
    """Factory: make_comment(question=None, answer=None, author=None)."""

    def make(
        question: Question | None = None,
        answer: Answer | None = None,
        author: User | None = None,
        body: str = "A helpful comment",
    ) -> Comment:
        author = author or make_user()
        c = Comment(
            question_id=question.id if question and not answer else None,
            answer_id=answer.id if answer else None,
            author_id=author.id,
            body=body,
            body_html=body,
            created_at=utcnow(),
        )
        db.session.add(c)
        db.session.commit()
        return c

    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], None]:
    """Log a user in through the real login form."""

    def do(user: User, password: str = PASSWORD) -> None:
        response = client.post(
            "/auth/login", data={"username": user.username, "password": password}
        )
        assert response.status_code == 302, response.data

    return do


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Context manager factory: ``with count_queries() as c: ...; c.count``."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remember scrypt results within a test run: the same inputs give the same answers.

    Hashing stays real scrypt (one hash per distinct password, 0.1 s each); only repeats are
    skipped, which keeps factories and logins fast. Tests that need the raw functions patch
    ``community.models.user`` themselves.
    """
    from community.models import user as user_module

    monkeypatch.setattr(user_module, "generate_password_hash", _remembered_hash)
    monkeypatch.setattr(user_module, "check_password_hash", _remembered_check)


@functools.lru_cache(maxsize=256)
def _remembered_hash(password: str, method: str = "scrypt") -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method=method)


@functools.lru_cache(maxsize=1024)
def _remembered_check(pwhash: str, password: str) -> bool:
    from werkzeug.security import check_password_hash

    return check_password_hash(pwhash, password)

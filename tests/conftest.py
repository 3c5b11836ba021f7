"""Fixtures: app/client/runner, factories, login helper, a SQL statement counter.

The suite runs on SQLite by default. With COMMUNITY_TEST_BACKEND=postgres and
COMMUNITY_TEST_DATABASE_URL pointing at a server, a fresh database is created for the run and
dropped at the end.
"""

from __future__ import annotations

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
from community.models import user as user_model

PASSWORD = "correct-horse-1"

# Still scrypt, with a smaller work factor: hashing at production cost (~0.25 s) for every test
# user and login would dominate the suite's run time.
user_model.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"


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
        search = application.extensions.get("community.search")
        if search is not None:
            search.close()  # its searchers hold index files open
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


@pytest.fixture
def make_flag(app: Flask, make_user: Callable[..., User]) -> Callable[..., Any]:
    """Factory: make_flag(post, post_type="question", reporter=None, reason="spam", **fields)."""
    from community.models import Flag

    def make(
        post: Any,
        post_type: str = "question",
        reporter: User | None = None,
        reason: str = "spam",
        **fields: Any,
    ) -> Flag:
        reporter = reporter or make_user()
        flag = Flag(
            target_type=post_type,
            target_id=post.id,
            reporter_id=reporter.id,
            reason=reason,
            **fields,
        )
        db.session.add(flag)
        db.session.commit()
        return flag

    return make


@pytest.fixture
def make_video(app: Flask, make_user: Callable[..., User], make_tag: Callable[..., Tag]) -> Any:
    """Factory: make_video(external_id=None, provider="youtube", title=..., tags=(), **fields)."""
    from community.models import Video

    def make(
        external_id: str | None = None,
        provider: str = "youtube",
        title: str | None = None,
        tags: tuple[str, ...] = (),
        added_by: User | None = None,
        **fields: Any,
    ) -> Video:
        n = next(_counter)
        if external_id is None:
            external_id = f"vid{n:08d}" if provider == "youtube" else str(100000 + n)
        url = (
            f"https://www.youtube.com/watch?v={external_id}"
            if provider == "youtube"
            else f"https://vimeo.com/{external_id}"
        )
        video = Video(
            url=url,
            provider=provider,
            external_id=external_id,
            title=title or f"How to fix thing number {n}",
            added_by_id=(added_by or make_user(role="staff")).id,
            **fields,
        )
        video.tags = [make_tag(t) for t in tags]
        db.session.add(video)
        db.session.commit()
        return video

    return make


@pytest.fixture
def record_deflection(app: Flask) -> Callable[..., None]:
    """Factory: record_deflection(session, kind, item_kind="question", item_id=None, question_id=None).

    Stores a DeflectionEvent and sends ``deflection_recorded`` as the deflection package does.
    """
    from community import signals
    from community.models import DeflectionEvent

    def record(
        session: str,
        kind: str,
        item_kind: str | None = "question",
        item_id: int | None = None,
        question_id: int | None = None,
    ) -> None:
        db.session.add(
            DeflectionEvent(
                session_token=session,
                kind=kind,
                item_kind=item_kind if item_id is not None else None,
                item_id=item_id,
                question_id=question_id,
                dedupe_key=f"{session}:{kind}:{item_kind}:{item_id}",
            )
        )
        db.session.flush()
        signals.deflection_recorded.send(
            None, session_token=session, kind=kind, item_kind=item_kind, item_id=item_id
        )
        db.session.commit()

    return record


@pytest.fixture
def mail_outbox(app: Flask) -> list[Any]:
    """Mails sent through the memory backend during the test."""
    app.config["MAIL_BACKEND"] = "memory"
    return app.extensions.setdefault("community.mail_outbox", [])

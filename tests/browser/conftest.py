"""Real-browser fixtures: the app as a real server on a free loopback port with its own SQLite
database and index, Debian's chromium driven by Playwright, and a guard on every page.

Never downloads a browser: /usr/bin/chromium comes from Debian's ``chromium`` package (.ci/run
installs it). Without it the tests skip with the reason, except in CI (CI=true) where they fail.
On failure a screenshot and the page's HTML land in test-artifacts/.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.serving import make_server

from community import create_app
from community.extensions import db
from community.models import Tag, User

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "test-artifacts"
)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
BROWSER_PASSWORD = "browser-pass-1"  # noqa: S105 - throwaway accounts in a temporary database


STATIC_HANDLE_DROPPED = (
    r"ignore:Exception ignored in. <_io\.FileIO name='[^']*/static/"
    ":pytest.PytestUnraisableExceptionWarning"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything here `browser`; skip without chromium, unless in CI where that fails."""
    here = os.path.dirname(__file__)
    mine = [item for item in items if str(item.fspath).startswith(here)]
    for item in mine:
        item.add_marker(pytest.mark.browser)
        # When chromium drops a connection mid-response (a page navigates on), werkzeug's dev
        # server leaves that static file's handle to the garbage collector: not an app defect.
        item.add_marker(pytest.mark.filterwarnings(STATIC_HANDLE_DROPPED))
    if mine and not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            raise pytest.UsageError(
                f"{CHROMIUM} is missing in CI: install Debian's chromium (.ci/run does)."
            )
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
        for item in mine:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    """Remember each phase's report on the item, so fixtures can tell a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@dataclass
class LiveServer:
    """The app served over HTTP on 127.0.0.1."""

    app: Flask
    url: str

    def seed(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` in an app context and commit (create users, tags, posts)."""
        with self.app.app_context():
            result = fn()
            db.session.commit()
            return result


def buffered(app: Any) -> Callable[[dict[str, Any], Any], list[bytes]]:
    """WSGI wrapper that reads each response whole and closes it before werkzeug writes it.

    werkzeug's dev server skips ``close()`` on the response when the browser drops the
    connection mid-request (a navigation cancels a favicon or stylesheet load), which leaks the
    static file handle and, with warnings as errors, fails a later test with a ResourceWarning.
    """

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        result = app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app on a free loopback port: own SQLite file and index, CSRF on."""
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(folder / "browser.db"),
            "SEARCH_INDEX_DIR": str(folder / "search-index"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        for name in ("router", "printer", "mesh"):
            db.session.add(Tag(name=name, description=f"Lumen {name}"))
        db.session.commit()
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium through Playwright (never a downloaded browser).

    Module scope, not session: Playwright's sync API runs an event loop while it is open, and
    browser tests elsewhere (tests/search_pages, tests/video_library) open their own and would
    find this one still running.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@dataclass
class PageGuard:
    """What a page did that it must not: dialogs, console errors, requests to other hosts."""

    problems: list[str] = field(default_factory=list)
    # HTTP error statuses a test expects (e.g. 401 after a wrong password): chromium logs each
    # one as a console error, which is not a script problem.
    allowed_statuses: set[int] = field(default_factory=set)

    def watch(self, context: Any, page: Any) -> None:
        """Attach the listeners; foreign requests are also aborted."""

        def on_dialog(dialog: Any) -> None:
            self.problems.append(f"dialog {dialog.type}: {dialog.message!r}")
            dialog.dismiss()

        def on_console(message: Any) -> None:
            if message.type != "error":
                return
            status = re.search(r"responded with a status of (\d{3})", message.text)
            if status and int(status.group(1)) in self.allowed_statuses:
                return
            self.problems.append(f"console error: {message.text}")

        def on_route(route: Any) -> None:
            host = urlsplit(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
                route.continue_()
            else:
                self.problems.append(f"request to a foreign host: {route.request.url}")
                route.abort()

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        context.route("**/*", on_route)


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:]


@pytest.fixture
def new_page(
    browser: Any, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Any]]:
    """Factory of guarded pages, each in its own browser context (its own cookies).

    The test fails if any page saw a dialog, a console error or a foreign request; when the test
    fails, every page leaves a screenshot and its HTML in test-artifacts/.
    """
    opened: list[tuple[Any, Any, PageGuard]] = []

    def make() -> Any:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        page = context.new_page()
        guard = PageGuard()
        guard.watch(context, page)
        page.guard = guard  # tests reach it as page.guard
        opened.append((context, page, guard))
        return page

    yield make
    failed = (
        getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    )
    problems = [p for _, _, guard in opened for p in guard.problems]
    if failed or problems:
        os.makedirs(ARTIFACTS, exist_ok=True)
        for n, (_, page, _) in enumerate(opened):
            base = os.path.join(ARTIFACTS, f"{_artifact_name(request.node.nodeid)}-{n}")
            try:
                page.screenshot(path=base + ".png", full_page=True)
                with open(base + ".html", "w", encoding="utf-8") as handle:
                    handle.write(page.content())
            except Exception as err:  # noqa: BLE001 - artifacts are best effort
                print(f"could not save artifacts for page {n}: {err}")
    for context, _, _ in opened:
        context.close()
    assert not problems, "the page guard saw:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    """One guarded page."""
    return new_page()


@pytest.fixture
def member(live_server: LiveServer) -> Callable[..., str]:
    """Factory: create a member (or another role) in the live database; returns the username."""
    counter = iter(range(1, 10_000))

    def make(role: str = "member") -> str:
        name = f"{role}{secrets.token_hex(3)}{next(counter)}"

        def create() -> None:
            user = User(username=name, role=role)
            user.set_password(BROWSER_PASSWORD)
            db.session.add(user)

        live_server.seed(create)
        return name

    return make


def log_in(page: Any, username: str, password: str = BROWSER_PASSWORD) -> None:
    """Log in through the real form."""
    page.goto("/auth/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"Logged in as {username}").wait_for()

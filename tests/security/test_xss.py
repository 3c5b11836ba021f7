"""Every XSS vector through every user text field; every page that shows it is audited.

To cover a new field (profile bio, video title or description, flag note, ...) add an
``XssField`` to FIELDS: a name, a ``submit(world, vector)`` that posts the vector through the
real route and returns the HTML pages to audit (the submission's own response included, for
reflected input). The real-browser pass (tests/browser/test_xss_browser.py) reuses the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select

from community.extensions import db
from community.models import Question
from tests.security.html_audit import audit_html
from tests.security.xss_vectors import XSS_VECTORS

PAD = " - padding so length rules pass"


@dataclass
class World:
    """What the submissions act on: a logged-in client, a visitor client, a question, an answer,
    and clients for another member, a moderator and staff."""

    client: Any
    visitor: Any
    question: Question
    answer_id: int
    username: str
    other: Any = None  # another member's client (answers, comments, flags, proposals)
    moderator: Any = None
    staff: Any = None
    other_id: int = 0
    new_post: Callable[[], int] | None = None  # a fresh question by "other" (one flag each)


def _get(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    return response.get_data(as_text=True)


def _posted(response: Any) -> list[str]:
    """The submission's own page (reflected input) unless it is a redirect."""
    assert response.status_code < 500, response.status_code
    return [] if response.status_code in (302, 303) else [response.get_data(as_text=True)]


def _ask(w: World, title: str, body: str, tags: str = "router") -> list[str]:
    r = w.client.post("/questions/ask", data={"title": title, "body": body, "tags": tags})
    pages = _posted(r)
    if r.status_code == 302:
        pages += [_get(w.client, r.headers["Location"]), _get(w.visitor, "/questions")]
    return pages


def submit_title(w: World, v: str) -> list[str]:
    return _ask(w, (v + PAD)[:150], "A body long enough for the rules" + PAD)


def submit_body(w: World, v: str) -> list[str]:
    return _ask(w, "A title long enough", v + PAD)


def submit_tags(w: World, v: str) -> list[str]:
    return _ask(w, "A title long enough", "A body long enough for the rules" + PAD, tags=v)


def submit_answer(w: World, v: str) -> list[str]:
    r = w.client.post(f"/questions/{w.question.id}/answers", data={"body": v + PAD})
    return _posted(r) + [_get(w.visitor, f"/questions/{w.question.id}")]


def submit_comment(w: World, v: str) -> list[str]:
    r = w.client.post(f"/questions/{w.question.id}/comments", data={"body": (v + PAD)[:600]})
    return _posted(r) + [_get(w.visitor, f"/questions/{w.question.id}")]


def submit_answer_comment(w: World, v: str) -> list[str]:
    r = w.client.post(f"/answers/{w.answer_id}/comments", data={"body": (v + PAD)[:600]})
    return _posted(r) + [_get(w.visitor, f"/questions/{w.question.id}")]


def submit_revision_comment(w: World, v: str) -> list[str]:
    db.session.expire_all()
    q = db.session.scalar(select(Question).where(Question.id == w.question.id))
    r = w.client.post(
        f"/questions/{q.id}/edit",
        data={
            "title": q.title,
            "body": q.body,
            "tags": "router",
            "version": q.version,
            "comment": v,
        },
    )
    return _posted(r) + [_get(w.visitor, f"/questions/{q.id}/revisions")]


def submit_answer_revision_comment(w: World, v: str) -> list[str]:
    page = w.client.get(f"/answers/{w.answer_id}/edit").get_data(as_text=True)
    version = page.split('name="version"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    r = w.client.post(
        f"/answers/{w.answer_id}/edit",
        data={"body": "An answer body" + PAD, "version": version, "comment": v},
    )
    return _posted(r) + [_get(w.visitor, f"/answers/{w.answer_id}/revisions")]


def submit_register_username(w: World, v: str) -> list[str]:
    r = w.visitor.post(
        "/auth/register",
        data={"username": v[:30], "password": "long-password-1", "confirm": "long-password-1"},
    )
    return _posted(r)


def submit_login_username(w: World, v: str) -> list[str]:
    return _posted(w.visitor.post("/auth/login", data={"username": v[:40], "password": "x" * 9}))


def submit_list_query(w: World, v: str) -> list[str]:
    q = quote(v, safe="")
    return [_get(w.visitor, f"/questions?tag={q}&sort={q}&page={q}")]


def submit_next_param(w: World, v: str) -> list[str]:
    return [_get(w.visitor, f"/auth/login?next={quote(v, safe='')}")]


_counter = iter(range(10**6))


def _video_id() -> str:
    """A fresh, well-formed YouTube id, so every added video is a new one."""
    return f"xss{next(_counter):08d}"


def _staff_video(w: World, title: str, description: str, transcript: str) -> list[str]:
    r = w.staff.post(
        "/videos/new",
        data={
            "url": f"https://www.youtube.com/watch?v={_video_id()}",
            "title": title,
            "description": description,
            "tags": "router",
            "transcript": transcript,
            "duration": "3:45",
        },
    )
    pages = _posted(r)
    if r.status_code == 302:
        pages += [
            _get(w.visitor, r.headers["Location"]),
            _get(w.visitor, "/videos"),
            _get(w.staff, "/videos/stats"),
            _get(w.staff, r.headers["Location"] + "/edit"),
        ]
    return pages


def submit_video_title(w: World, v: str) -> list[str]:
    return _staff_video(w, (v + PAD)[:150], "A description" + PAD, "")


def submit_video_description(w: World, v: str) -> list[str]:
    return _staff_video(w, "A video title" + PAD, v + PAD, "")


def submit_video_transcript(w: World, v: str) -> list[str]:
    return _staff_video(w, "A video title" + PAD, "A description" + PAD, "0:00 " + v)


def submit_video_proposal_title(w: World, v: str) -> list[str]:
    r = w.other.post(
        f"/questions/{w.question.id}/videos",
        data={"url": f"https://www.youtube.com/watch?v={_video_id()}", "title": v[:150]},
    )
    return _posted(r) + [
        _get(w.staff, "/videos/queue"),
        _get(w.staff, "/videos?status=proposed"),
        _get(w.staff, f"/questions/{w.question.id}"),
    ]


def submit_flag_note(w: World, v: str) -> list[str]:
    post_id = w.new_post()
    r = w.client.post(
        f"/moderation/flag/questions/{post_id}", data={"reason": "other", "note": v + PAD}
    )
    return _posted(r) + [_get(w.moderator, "/moderation/")]


def _moderated(w: World, url: str, data: dict[str, str], undo: str, *pages: str) -> list[str]:
    r = w.moderator.post(url, data=data)
    shown = _posted(r) + [_get(w.moderator, "/moderation/log")]
    shown += [_get(client, page) for client, page in pages]
    w.moderator.post(undo, data={"reason": "Undo for the next vector"})
    return shown


def submit_hide_reason(w: World, v: str) -> list[str]:
    q = w.question.id
    return _moderated(
        w,
        f"/moderation/questions/{q}/hide",
        {"reason": v + PAD},
        f"/moderation/questions/{q}/restore",
        (w.client, "/notifications"),
        (w.client, f"/questions/{q}"),
    )


def submit_close_note(w: World, v: str) -> list[str]:
    q = w.question.id
    return _moderated(
        w,
        f"/moderation/questions/{q}/close",
        {"reason": "unclear", "note": (v + PAD)[:500]},
        f"/moderation/questions/{q}/reopen",
        (w.visitor, f"/questions/{q}"),
        (w.client, "/notifications"),
    )


def submit_suspend_reason(w: World, v: str) -> list[str]:
    pages = _moderated(
        w,
        f"/moderation/users/{w.other_id}/suspend",
        {"days": "1", "reason": v + PAD},
        f"/moderation/users/{w.other_id}/unsuspend",
        (w.moderator, f"/moderation/users/{w.other_id}"),
        (w.other, "/questions/ask"),  # the suspended member's own 403 page shows the reason
    )
    return pages


def submit_needs_info_text(w: World, v: str) -> list[str]:
    q = w.question.id
    r = w.moderator.post(f"/moderation/questions/{q}/needs-info", data={"text": v + PAD})
    return _posted(r) + [
        _get(w.visitor, f"/questions/{q}"),
        _get(w.client, f"/questions/{q}"),
        _get(w.client, "/notifications"),
        _get(w.moderator, "/moderation/log"),
    ]


def submit_notified_answer(w: World, v: str) -> list[str]:
    """Another member answers and comments; the asker's notification list names the question."""
    q = w.question.id
    w.other.post(f"/questions/{q}/answers", data={"body": v + PAD})
    w.other.post(f"/questions/{q}/comments", data={"body": (v + PAD)[:600]})
    return [_get(w.client, "/notifications"), _get(w.client, "/notifications?unread=1")]


def submit_notified_title(w: World, v: str) -> list[str]:
    """The asker's question title (user text) is quoted in notification messages."""
    db.session.expire_all()
    q = db.session.scalar(select(Question).where(Question.id == w.question.id))
    w.client.post(
        f"/questions/{q.id}/edit",
        data={
            "title": (v + PAD)[:150],
            "body": q.body,
            "tags": "router",
            "version": q.version,
            "comment": "",
        },
    )
    w.other.post(f"/questions/{q.id}/answers", data={"body": "An answer" + PAD})
    # JSON is data, not a page: it must be served as JSON (nosniff) so no browser renders it.
    api = w.visitor.get(f"/api/v1/suggest?q={quote(v, safe='')}")
    assert api.mimetype == "application/json" and api.status_code == 200
    return [
        _get(w.client, "/notifications"),
        _get(w.visitor, f"/questions/{q.id}/revisions"),
        _get(w.visitor, f"/search?q={quote(v, safe='')}"),
    ]


def submit_search_query(w: World, v: str) -> list[str]:
    q = quote(v, safe="")
    return [_get(w.visitor, f"/search?q={q}"), _get(w.visitor, f"/videos?q={q}&tag={q}")]


@dataclass
class XssField:
    """One place where user text enters and pages where it comes back."""

    name: str
    submit: Callable[[World, str], list[str]]


FIELDS: list[XssField] = [
    XssField("question title", submit_title),
    XssField("question body", submit_body),
    XssField("tags input", submit_tags),
    XssField("answer", submit_answer),
    XssField("comment on question", submit_comment),
    XssField("comment on answer", submit_answer_comment),
    XssField("question revision comment", submit_revision_comment),
    XssField("answer revision comment", submit_answer_revision_comment),
    XssField("registration username", submit_register_username),
    XssField("login username", submit_login_username),
    XssField("list filters in the URL", submit_list_query),
    XssField("login next in the URL", submit_next_param),
    XssField("search and video library queries", submit_search_query),
    XssField("video title (staff form)", submit_video_title),
    XssField("video description (staff form)", submit_video_description),
    XssField("video transcript (staff form)", submit_video_transcript),
    XssField("video proposal title", submit_video_proposal_title),
    XssField("flag note", submit_flag_note),
    XssField("hide reason", submit_hide_reason),
    XssField("close note", submit_close_note),
    XssField("suspension reason", submit_suspend_reason),
    XssField("needs-more-information request", submit_needs_info_text),
    XssField("answer and comment in notifications", submit_notified_answer),
    XssField("question title in notifications, diffs and search", submit_notified_title),
]


def test_corpus_is_big_enough():
    assert len(XSS_VECTORS) >= 60 and len(set(XSS_VECTORS)) == len(XSS_VECTORS)


def _client_for(app: Any, user: Any) -> Any:
    """A client logged in as ``user`` by writing its session."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client


@pytest.fixture
def world(
    app, client, make_user, make_question, make_answer, make_tag, login, isolated_logins
) -> World:
    asker = make_user()
    other = make_user(username="other_member")
    make_tag("router")
    question = make_question(author=asker)
    answer = make_answer(question, author=asker, body="An answer body long enough")
    login(asker)
    return World(
        client,
        app.test_client(),
        question,
        answer.id,
        asker.username,
        other=_client_for(app, other),
        moderator=_client_for(app, make_user(role="moderator")),
        staff=_client_for(app, make_user(role="staff")),
        other_id=other.id,
        new_post=lambda: make_question(author=other).id,
    )


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_no_vector_survives(world, field):
    failures = []
    for vector in XSS_VECTORS:
        for html in field.submit(world, vector):
            problems = audit_html(html)
            if problems:
                failures.append(f"{vector!r}: {problems[:3]}")
    assert not failures, f"{field.name}: {len(failures)} vectors survived\n" + "\n".join(
        failures[:20]
    )


@pytest.mark.parametrize(
    "html,found",
    [
        ('<script src="/static/js/preview.js"></script>', False),
        ("<script>alert(1)</script>", True),
        ('<a href="java&#x09;script:alert(1)">x</a>', True),
        ('<a href="https://example.com">x</a>', False),
        ('<img src="https://evil.example/x.png">', True),
        ('<p onclick="x()">x</p>', True),
        ('<a href=" data:text/html,x">x</a>', True),
        ("<svg></svg>", True),
    ],
)
def test_the_audit_can_fail(html, found):
    assert bool(audit_html(html)) is found

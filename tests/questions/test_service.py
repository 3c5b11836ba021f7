"""Service-layer tests: no HTTP, explicit acting users, domain errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.exceptions import Conflict, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import Revision, Vote
from community.questions import service


def test_ask_question_creates_revision_and_counts_tags(make_user, make_tag):
    user = make_user()
    tag = make_tag("router")
    q = service.ask_question(
        user, "  Router drops Wi-Fi every evening  ", "It drops at 8pm every day.", "router"
    )
    db.session.commit()
    assert q.title == "Router drops Wi-Fi every evening"
    assert "<p>" in q.body_html
    assert tag.question_count == 1
    assert db.session.scalar(select(func.count(Revision.id))) == 1


@pytest.mark.parametrize(
    "title,body,tags,field",
    [
        ("short", "A body that is long enough.", "router", "title"),
        ("A title long enough here", "tiny", "router", "body"),
        ("A title long enough here", "A body that is long enough.", "", "tags"),
        ("A title long enough here", "A body that is long enough.", "unknown-tag", "tags"),
        ("A title long enough here", "A body that is long enough.", "a b c d e f", "tags"),
        ("x" * 400, "A body that is long enough.", "router", "title"),
        ("A title long enough here", "y" * 40000, "router", "body"),
    ],
)
def test_ask_rejects_bad_input(make_user, make_tag, title, body, tags, field):
    make_tag("router")
    with pytest.raises(ValidationFailed) as err:
        service.ask_question(make_user(), title, body, tags)
    assert field in err.value.errors


def test_anonymous_and_suspended_cannot_ask(make_user, make_tag):
    from datetime import timedelta

    from flask_login import AnonymousUserMixin

    from community.models import utcnow

    make_tag("router")
    with pytest.raises(PermissionDenied):
        service.ask_question(
            AnonymousUserMixin(), "A title long enough", "A body long enough here", "router"
        )
    suspended = make_user(suspended_until=utcnow() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        service.ask_question(suspended, "A title long enough", "A body long enough here", "router")


def test_edit_keeps_revisions_and_refuses_stale_versions(make_user, make_question, make_tag):
    author = make_user()
    make_tag("printer")
    q = make_question(author=author)
    service.edit_question(
        author, q, "A better title for it", "A better body for this question", "printer", 1
    )
    db.session.commit()
    assert q.version == 2 and [t.name for t in q.tags] == ["printer"]
    with pytest.raises(Conflict):
        service.edit_question(
            author, q, "Another title here", "Another body for the question", "printer", 1
        )


def test_only_author_or_moderator_edits(make_user, make_question):
    q = make_question()
    with pytest.raises(PermissionDenied):
        service.edit_question(
            make_user(), q, "Some other title", "Some other body text", "router", None
        )
    service.edit_question(
        make_user("moderator"), q, "Some other title", "Some other body text", "router", None
    )


def test_vote_toggle_and_switch(make_user, make_question):
    q = make_question()
    voter = make_user()
    assert service.cast_vote(voter, q, 1) == (1, 1)
    assert service.cast_vote(voter, q, 1) == (0, 0)
    assert service.cast_vote(voter, q, -1) == (-1, -1)
    assert service.cast_vote(voter, q, 1) == (1, 1)
    db.session.commit()
    assert db.session.scalar(select(func.sum(Vote.value))) == q.score == 1


def test_no_vote_on_own_post(make_user, make_question):
    author = make_user()
    q = make_question(author=author)
    with pytest.raises(PermissionDenied):
        service.cast_vote(author, q, 1)
    with pytest.raises(ValidationFailed):
        service.cast_vote(make_user(), q, 5)


def test_answer_sets_first_answer_time_and_counts(make_user, make_question):
    q = make_question()
    a = service.post_answer(make_user(), q, "Reset it with the button on the back.")
    db.session.commit()
    assert q.answer_count == 1 and q.first_answer_at is not None
    assert a.question_id == q.id


def test_cannot_answer_closed_or_locked(make_user, make_question):
    for fields in ({"status": "closed"}, {"is_locked": True}):
        q = make_question(**fields)
        with pytest.raises(PermissionDenied):
            service.post_answer(make_user(), q, "An answer that is long enough")


def test_accept_by_asker_and_change(make_user, make_question, make_answer):
    asker = make_user()
    q = make_question(author=asker)
    a1, a2 = make_answer(q), make_answer(q)
    service.accept_answer(asker, a1)
    service.accept_answer(asker, a2)
    db.session.commit()
    assert (
        q.accepted_answer_id == a2.id and a1.accepted_at is None and a2.accepted_by_id == asker.id
    )
    service.unaccept_answer(asker, q)
    assert q.accepted_answer_id is None
    with pytest.raises(Conflict):
        service.unaccept_answer(asker, q)


def test_accept_refused_for_others_allowed_for_moderator(make_user, make_question, make_answer):
    q = make_question()
    a = make_answer(q)
    with pytest.raises(PermissionDenied):
        service.accept_answer(make_user(), a)
    with pytest.raises(PermissionDenied):
        service.accept_answer(make_user("staff"), a)
    service.accept_answer(make_user("moderator"), a)
    assert q.accepted_answer_id == a.id


def test_accepting_answer_of_another_question(make_user, make_question, make_answer):
    asker = make_user()
    q1, q2 = make_question(author=asker), make_question(author=asker)
    other = make_answer(q2)
    with pytest.raises(ValidationFailed):
        service.accept_answer_on(asker, q1, other)


def test_comment_limits(make_user, make_question, make_answer):
    q = make_question()
    a = make_answer(q)
    c = service.add_comment(make_user(), q, "Which firmware are you on?", a)
    assert c.answer_id == a.id and a.comment_count == 1
    with pytest.raises(ValidationFailed):
        service.add_comment(make_user(), q, "no")
    with pytest.raises(ValidationFailed):
        service.add_comment(make_user(), make_question(), "Is this the same?", a)


def test_official_answer_only_staff_own(make_user, make_question, make_answer):
    staff = make_user("staff")
    q = make_question()
    mine = make_answer(q, author=staff)
    service.set_official(staff, mine, True)
    assert mine.is_official
    with pytest.raises(PermissionDenied):
        service.set_official(staff, make_answer(q), True)
    with pytest.raises(PermissionDenied):
        service.set_official(make_user(), mine, False)


def test_simultaneous_edit_loses_cleanly_with_conflict(make_user, make_question, make_answer):
    from sqlalchemy import update

    from community.models import Answer

    author = make_user()
    answer = make_answer(make_question(), author=author)
    assert answer.version == 1  # our read
    # Another writer's edit lands between our read and our write.
    db.session.execute(
        update(Answer)
        .where(Answer.id == answer.id)
        .values(version=Answer.version + 1)
        .execution_options(synchronize_session=False)  # our in-memory copy stays stale
    )
    with pytest.raises(Conflict):
        service.edit_answer(author, answer, "My answer, edited after all this time", None)
    db.session.commit()  # the other writer's edit is kept
    db.session.refresh(answer)
    edited = service.edit_answer(author, answer, "My answer, edited after reloading it", None)
    assert edited.version == 3

"""Moderation services without HTTP: rules, audit rows, signals, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from community import signals
from community.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import Flag, ModerationAction, utcnow
from community.moderation import flags, queries, service
from community.questions import service as question_service

REASON = "Cleaning up the thread"


def _actions(action: str | None = None) -> list[ModerationAction]:
    stmt = select(ModerationAction).order_by(ModerationAction.id)
    if action:
        stmt = stmt.where(ModerationAction.action == action)
    return list(db.session.scalars(stmt))


@pytest.fixture
def captured():
    """Collect the moderation-related signals sent during a test."""
    seen: list[tuple[str, dict]] = []
    receivers = {}
    for name in (
        "moderation_action",
        "post_visibility_changed",
        "question_status_changed",
        "question_duplicate_changed",
    ):

        def receiver(sender, _name=name, **kw):
            seen.append((_name, {"sender": sender, **kw}))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield seen
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


# --- flags -------------------------------------------------------------------------------------


def test_flag_then_threshold_hides_pending_review(app, make_user, make_question, captured):
    app.config["FLAG_HIDE_THRESHOLD"] = 2
    q = make_question()
    flags.flag_post(make_user(), "question", q, "spam")
    assert not q.is_hidden
    flags.flag_post(make_user(), "question", q, "rude")
    db.session.commit()
    assert q.is_hidden
    auto = _actions("auto_hide")
    assert len(auto) == 1 and auto[0].actor_id is None
    assert any(n == "post_visibility_changed" and kw["is_hidden"] for n, kw in captured)
    # Automatic actions are logged but not announced as moderator actions.
    assert not [n for n, _ in captured if n == "moderation_action"]


def test_flag_refusals(make_user, make_question):
    author, member = make_user(), make_user()
    q = make_question(author=author)
    with pytest.raises(PermissionDenied):
        flags.flag_post(AnonymousUserMixin(), "question", q, "spam")
    with pytest.raises(PermissionDenied):
        flags.flag_post(author, "question", q, "spam")
    with pytest.raises(ValidationFailed):
        flags.flag_post(member, "question", q, "because")
    with pytest.raises(ValidationFailed) as err:
        flags.flag_post(member, "question", q, "other", "")
    assert "note" in err.value.errors
    flags.flag_post(member, "question", q, "spam")
    with pytest.raises(Conflict):
        flags.flag_post(member, "question", q, "rude")
    suspended = make_user(suspended_until=utcnow() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        flags.flag_post(suspended, "question", q, "spam")
    q.is_hidden = True
    with pytest.raises(Conflict):
        flags.flag_post(make_user(), "question", q, "spam")


def test_resolve_dismiss_restores_only_automatic_hides(app, make_user, make_question):
    app.config["FLAG_HIDE_THRESHOLD"] = 1
    mod = make_user("moderator")
    auto_hidden = make_question()
    flags.flag_post(make_user(), "question", auto_hidden, "spam")
    assert auto_hidden.is_hidden
    flags.resolve_flags(mod, "question", auto_hidden, "dismiss")
    assert not auto_hidden.is_hidden
    # A post a moderator hid on purpose stays hidden when later flags are dismissed.
    manual = make_question()
    service.hide_post(mod, "question", manual, REASON)
    db.session.add(
        Flag(target_type="question", target_id=manual.id, reporter_id=mod.id, reason="spam")
    )
    db.session.flush()
    flags.resolve_flags(mod, "question", manual, "dismiss")
    assert manual.is_hidden
    with pytest.raises(Conflict):
        flags.resolve_flags(mod, "question", manual, "dismiss")
    with pytest.raises(ValidationFailed):
        flags.resolve_flags(mod, "question", manual, "explode")
    with pytest.raises(PermissionDenied):
        flags.resolve_flags(make_user(), "question", manual, "hide")


def test_queue_is_sorted_by_flag_count_then_age(make_user, make_question, make_answer, make_flag):
    one, three, old_one = make_question(), make_question(), make_question()
    answer = make_answer(three)
    make_flag(old_one, created_at=utcnow() - timedelta(days=2))
    make_flag(one)
    for _ in range(3):
        make_flag(answer, "answer")
    page = queries.list_flag_queue(1, 10)
    order = [(i.target_type, i.target_id, i.count) for i in page.items]
    assert order == [("answer", answer.id, 3), ("question", old_one.id, 1), ("question", one.id, 1)]
    assert page.items[0].question.id == three.id and page.total == 3
    assert queries.count_pending_flags() == 3


def test_queue_query_count_does_not_grow(
    make_user, make_question, make_answer, make_comment, make_flag, count_queries
):
    def fill(n):
        for _ in range(n):
            q = make_question()
            make_flag(q)
            make_flag(make_answer(q), "answer")
            make_flag(make_comment(question=q), "comment")

    fill(1)
    with count_queries() as small:
        queries.list_flag_queue(1, 50)
    fill(4)
    with count_queries() as big:
        queries.list_flag_queue(1, 50)
    assert big.count == small.count


# --- moderator actions ---------------------------------------------------------------------------


def test_hide_and_restore_are_logged_and_signalled(make_user, make_question, make_answer, captured):
    mod = make_user("moderator")
    q = make_question()
    a = make_answer(q)
    service.hide_post(mod, "answer", a, REASON)
    assert a.is_hidden
    with pytest.raises(Conflict):
        service.hide_post(mod, "answer", a, REASON)
    service.restore_post(mod, "answer", a, "Looks fine after all")
    assert not a.is_hidden
    assert [r.action for r in _actions()] == ["hide", "restore"]
    mod_signals = [kw for n, kw in captured if n == "moderation_action"]
    assert mod_signals[0]["notify_user_id"] == a.author_id and mod_signals[0]["reason"] == REASON
    vis = [kw for n, kw in captured if n == "post_visibility_changed"]
    assert [kw["is_hidden"] for kw in vis] == [True, False] and vis[0]["question"].id == q.id


def test_reason_is_required(make_user, make_question):
    mod, q = make_user("moderator"), make_question()
    for bad in ("", "  ", "x", "y" * 501):
        with pytest.raises(ValidationFailed):
            service.lock_question(mod, q, bad)
    assert not q.is_locked and _actions() == []


def test_close_reopen(make_user, make_question, captured):
    mod, q = make_user("moderator"), make_question()
    with pytest.raises(ValidationFailed):
        service.close_question(mod, q, "i-dont-like-it")
    service.close_question(mod, q, "off_topic", "About another company's router")
    assert q.status == "closed" and q.close_reason.startswith("Off-topic")
    with pytest.raises(Conflict):
        service.close_question(mod, q, "unclear")
    service.reopen_question(mod, q, "Back on topic")
    assert q.status == "open" and q.close_reason is None
    with pytest.raises(Conflict):
        service.reopen_question(mod, q, "Again")
    changes = [kw["change"] for n, kw in captured if n == "question_status_changed"]
    assert changes == ["close", "reopen"]


def test_duplicate_refuses_itself_and_follows_chains(make_user, make_question, captured):
    mod = make_user("moderator")
    original, middle, newest = make_question(), make_question(), make_question()
    with pytest.raises(ValidationFailed):
        service.mark_duplicate(mod, original, original.id)
    with pytest.raises(ValidationFailed):
        service.mark_duplicate(mod, original, 999999)
    assert service.mark_duplicate(mod, middle, original.id).id == original.id
    # newest is a duplicate of middle, which is a duplicate: point straight at the original.
    used = service.mark_duplicate(mod, newest, middle.id)
    assert used.id == original.id and newest.duplicate_of_id == original.id
    assert _actions("duplicate")[-1].details["requested_id"] == middle.id
    assert {q.id for q in queries.list_duplicates_of(original.id)} == {middle.id, newest.id}
    with pytest.raises(Conflict):
        service.mark_duplicate(mod, newest, original.id)
    dup_signals = [kw for n, kw in captured if n == "question_duplicate_changed"]
    assert [kw["original"].id for kw in dup_signals] == [original.id, original.id]
    # Unmarking tells search which original loses the words.
    service.reopen_question(mod, newest, "Not the same problem")
    last = [kw for n, kw in captured if n == "question_duplicate_changed"][-1]
    assert last["original"] is None and last["previous"].id == original.id
    assert newest.duplicate_of_id is None


def test_duplicate_refuses_loops_and_flattens(make_user, make_question):
    mod = make_user("moderator")
    a, b, c = make_question(), make_question(), make_question()
    service.mark_duplicate(mod, b, a.id)
    # a becomes a duplicate of c: b, which pointed at a, now points at c (no chains).
    service.mark_duplicate(mod, a, c.id)
    assert b.duplicate_of_id == c.id and a.duplicate_of_id == c.id
    # Corrupt data: a loop between two duplicates is refused, not followed forever.
    x, y, z = make_question(), make_question(), make_question()
    x.status, x.duplicate_of_id = "duplicate", y.id
    y.status, y.duplicate_of_id = "duplicate", x.id
    db.session.flush()
    with pytest.raises(ValidationFailed):
        service.mark_duplicate(mod, z, x.id)
    assert z.status == "open"


def test_hidden_and_locked_questions(make_user, make_question, make_answer):
    mod = make_user("moderator")
    q = make_question(is_hidden=True)
    for call in (
        lambda: service.close_question(mod, q, "unclear"),
        lambda: service.mark_duplicate(mod, q, make_question().id),
        lambda: service.lock_question(mod, q, REASON),
        lambda: service.request_info(mod, q, "Which firmware version do you run?"),
        lambda: service.accept_answer(mod, make_answer(q), REASON),
    ):
        with pytest.raises(Conflict):
            call()
    visible = make_question()
    with pytest.raises(ValidationFailed):
        service.mark_duplicate(mod, visible, q.id)  # a hidden original is refused
    hidden_answer = make_answer(visible, is_hidden=True)
    with pytest.raises(Conflict):
        service.accept_answer(mod, hidden_answer, REASON)
    service.lock_question(mod, visible, REASON)
    with pytest.raises(Conflict):
        service.lock_question(mod, visible, REASON)
    with pytest.raises(Conflict):
        service.request_info(mod, visible, "Which firmware version do you run?")
    service.unlock_question(mod, visible, REASON)
    assert not visible.is_locked


def test_moderator_accept_wraps_question_service(make_user, make_question, make_answer, captured):
    mod, asker = make_user("moderator"), make_user()
    q = make_question(author=asker)
    a = make_answer(q)
    service.accept_answer(mod, a, "The asker confirmed by e-mail")
    assert q.accepted_answer_id == a.id and a.accepted_by_id == mod.id
    with pytest.raises(Conflict):
        service.accept_answer(mod, a, REASON)
    service.unaccept_answer(mod, q, "Wrong answer accepted")
    assert q.accepted_answer_id is None
    assert [r.action for r in _actions()] == ["accept", "unaccept"]  # no double logging
    notified = [kw["notify_user_id"] for n, kw in captured if n == "moderation_action"]
    assert notified == [asker.id, asker.id]
    with pytest.raises(PermissionDenied):
        service.accept_answer(asker, a, REASON)  # the asker uses the normal button


def test_core_accept_by_moderator_is_audited_but_askers_are_not(
    make_user, make_question, make_answer
):
    mod, asker = make_user("moderator"), make_user()
    q = make_question(author=asker)
    a = make_answer(q)
    question_service.accept_answer(asker, a)
    assert _actions() == []
    question_service.unaccept_answer(mod, q)
    question_service.accept_answer(mod, a)
    assert [r.action for r in _actions()] == ["unaccept", "accept"]
    assert "no reason given" in _actions()[0].reason


def test_request_info_by_moderator_or_first_answerer(
    make_user, make_question, make_answer, make_tag
):
    asker, first, second = make_user(), make_user(), make_user()
    q = make_question(author=asker)
    make_answer(q, author=asker, created_at=utcnow() - timedelta(hours=3))
    make_answer(q, author=first, created_at=utcnow() - timedelta(hours=2))
    make_answer(q, author=second, created_at=utcnow() - timedelta(hours=1))
    for refused in (second, asker, make_user("staff"), AnonymousUserMixin()):
        with pytest.raises(PermissionDenied):
            service.request_info(refused, q, "Which firmware version do you run?")
    with pytest.raises(ValidationFailed):
        service.request_info(first, q, "why?")
    service.request_info(first, q, "Which firmware version do you run?")
    assert q.needs_info
    with pytest.raises(Conflict):
        service.request_info(make_user("moderator"), q, "Which firmware version do you run?")
    assert queries.get_info_request(q).reason == "Which firmware version do you run?"
    # The asker's edit answers the request.
    question_service.edit_question(
        asker, q, q.title, q.body + " Firmware 2.1.", "router", q.version
    )
    assert not q.needs_info and queries.get_info_request(q) is None


def test_suspend_rules(make_user):
    mod, admin = make_user("moderator"), make_user("admin")
    member, other_mod = make_user(), make_user("moderator")
    now = utcnow()
    service.suspend_user(mod, member, 7, "Repeated spam links", now=now)
    assert member.suspended_until == now + timedelta(days=7)
    assert member.is_suspended() and member.suspension_reason == "Repeated spam links"
    with pytest.raises(ValidationFailed):
        service.suspend_user(mod, member, 2, "Not a listed period")
    with pytest.raises(PermissionDenied):
        service.suspend_user(mod, other_mod, 1, "Moderators need an admin")
    with pytest.raises(PermissionDenied):
        service.suspend_user(admin, admin, 1, "Never yourself")
    with pytest.raises(PermissionDenied):
        service.suspend_user(mod, admin, 1, "Never an admin")
    service.suspend_user(admin, other_mod, 1, "Admin may")
    service.unsuspend_user(mod, member, "Appeal accepted")
    assert not member.is_suspended()
    with pytest.raises(Conflict):
        service.unsuspend_user(mod, member, "Appeal accepted")
    with pytest.raises(NotFound):
        service.get_user(999999)


def test_audit_log_is_append_only(make_user, make_question):
    mod, q = make_user("moderator"), make_question()
    service.lock_question(mod, q, REASON)
    db.session.commit()
    row = _actions()[0]
    row.reason = "rewritten history"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(RuntimeError):
        db.session.delete(_actions()[0])
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 1


MEMBER_CALLS = {
    "hide": lambda u, w: service.hide_post(u, "question", w["q"], REASON),
    "restore": lambda u, w: service.restore_post(u, "answer", w["hidden"], REASON),
    "close": lambda u, w: service.close_question(u, w["q"], "unclear"),
    "reopen": lambda u, w: service.reopen_question(u, w["closed"], REASON),
    "duplicate": lambda u, w: service.mark_duplicate(u, w["q"], w["other_q"].id),
    "lock": lambda u, w: service.lock_question(u, w["q"], REASON),
    "unlock": lambda u, w: service.unlock_question(u, w["locked"], REASON),
    "accept": lambda u, w: service.accept_answer(u, w["answer"], REASON),
    "unaccept": lambda u, w: service.unaccept_answer(u, w["accepted_q"], REASON),
    "request_info": lambda u, w: service.request_info(u, w["q"], "Which model do you have?"),
    "suspend": lambda u, w: service.suspend_user(u, w["victim"], 1, REASON),
    "resolve": lambda u, w: flags.resolve_flags(u, "question", w["q"], "hide"),
}


@pytest.mark.parametrize("role", ["anonymous", "member", "author", "staff"])
def test_service_refuses_what_the_template_hides(
    role, client, login, make_user, make_question, make_answer, make_flag
):
    author = make_user()
    q = make_question(author=author)
    closed = make_question(status="closed")
    locked = make_question(is_locked=True)
    accepted_q = make_question()
    accepted = make_answer(accepted_q)
    accepted_q.accepted_answer_id = accepted.id
    world = {
        "q": q,
        "other_q": make_question(),
        "closed": closed,
        "locked": locked,
        "hidden": make_answer(q, is_hidden=True),
        "answer": make_answer(q),
        "accepted_q": accepted_q,
        "victim": make_user(),
    }
    make_flag(q)
    db.session.commit()
    user = {"anonymous": AnonymousUserMixin(), "author": author}.get(role) or make_user(role)
    if role != "anonymous":
        login(user)
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    for label in (
        "Hide question",
        "Close question",
        "Mark as duplicate",
        "Lock question",
        "Accept answer (moderator)",
        "Ask for more information",
    ):
        assert label not in page, (role, label)
    for name, call in MEMBER_CALLS.items():
        with pytest.raises(PermissionDenied, match=".") as refused:
            call(user, world)
        assert refused.value.status == 403, name
        db.session.rollback()
    assert _actions() == []


def test_moderator_sees_the_tools(client, login, make_user, make_question, make_answer):
    q = make_question()
    make_answer(q)
    login(make_user("moderator"))
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    for label in (
        "Hide question",
        "Close question",
        "Mark as duplicate",
        "Lock question",
        "Accept answer (moderator)",
        "Ask for more information",
        "Moderation</a>",
    ):
        assert label in page, label

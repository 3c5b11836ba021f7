"""Index sync: only after commit, never on rollback, durable when the index is busy or broken."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.models import SearchOutbox
from community.questions import service
from community.search.locking import index_write_lock

BODY = "Every evening around eight the connection drops for a minute."


@pytest.fixture
def search(app):
    """The app's search runtime with its index created (empty) up front."""
    runtime = app.extensions["community.search"]
    runtime.index()
    return runtime


@pytest.fixture
def asker(make_user, make_tag):
    make_tag("router")
    make_tag("printer")
    return make_user(role="moderator")


def indexed_ids(search) -> dict[str, str]:
    return dict(search.index().doc_ids_with_versions())


def outbox_count() -> int:
    return db.session.scalar(select(func.count(SearchOutbox.id)))


def test_changes_reach_the_index_after_commit(search, asker):
    q = service.ask_question(asker, "Router drops wifi every evening", BODY, "router")
    assert f"q:{q.id}" not in indexed_ids(search)  # flushed, not committed: not indexed yet
    assert outbox_count() == 1  # the outbox row is part of the same transaction
    db.session.commit()
    assert f"q:{q.id}" in indexed_ids(search)
    assert outbox_count() == 0
    hits = search.index().suggest("wifi drops in the evening")
    assert [h.doc_id for h in hits] == [f"q:{q.id}"]


def test_rollback_leaks_nothing(search, asker):
    service.ask_question(asker, "Printer jams on thick paper", BODY, "printer")
    db.session.rollback()
    assert outbox_count() == 0
    other = service.ask_question(asker, "Router firmware update fails", BODY, "router")
    db.session.commit()  # a later commit must not drain anything of the rolled-back one
    assert list(indexed_ids(search)) == [f"q:{other.id}"]
    assert search.index().suggest("printer jams thick paper") == []
    assert search.index().search("printer").total == 0


def test_edits_answers_accepts_and_votes_refresh_the_document(
    search, asker, make_user, make_question
):
    q = service.ask_question(asker, "Router reboots at night", BODY, "router")
    db.session.commit()
    helper = make_user()
    answer = service.post_answer(helper, q, "Disable the scheduled reboot in settings.")
    db.session.commit()
    assert "Disable the" in search.index().search("scheduled reboot").hits[0].snippet_html
    service.accept_answer(asker, answer)
    db.session.commit()
    assert search.index().search("scheduled reboot", solved_only=True).total == 1
    service.cast_vote(helper, q, 1)
    db.session.commit()
    assert search.index().search("reboots").hits[0].score == 1
    service.edit_question(asker, q, "Router restarts itself at midnight", BODY, "router", None)
    db.session.commit()
    assert search.index().search("midnight").total == 1
    report = search.check()
    assert not report.has_drift and report.pending == 0


def test_hiding_and_marking_duplicate_without_a_signal_still_sync(search, asker):
    original = service.ask_question(asker, "Printer prints blank pages", BODY, "printer")
    dup = service.ask_question(asker, "Empty sheets come out of my printer", BODY, "printer")
    db.session.commit()
    dup.duplicate_of_id, dup.status = original.id, "duplicate"
    db.session.commit()
    hits = search.index().search("empty sheets").hits
    assert f"q:{original.id}" in {h.doc_id for h in hits}  # the duplicate's title joined it
    original.is_hidden = True
    db.session.commit()
    assert f"q:{original.id}" not in indexed_ids(search)
    assert not search.check().has_drift


def test_busy_index_keeps_changes_queued_and_never_fails_the_commit(app, search, asker):
    search.lock_wait = 0.05
    with index_write_lock(search.path, timeout=1):
        q = service.ask_question(asker, "Router loses its settings", BODY, "router")
        db.session.commit()  # drain cannot get the lock: the commit still succeeds
    assert outbox_count() == 1 and f"q:{q.id}" not in indexed_ids(search)
    later = service.ask_question(asker, "Printer offline after update", BODY, "printer")
    db.session.commit()  # the next writer drains everything queued, its own and ours
    ids = indexed_ids(search)
    assert f"q:{q.id}" in ids and f"q:{later.id}" in ids and outbox_count() == 0


def test_a_broken_index_write_is_logged_not_raised(search, asker, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(search.index(), "apply", explode)
    q = service.ask_question(asker, "Router lights blink orange", BODY, "router")
    db.session.commit()
    assert "search index update failed" in caplog.text
    assert outbox_count() == 1
    monkeypatch.undo()
    assert search.drain() == 1 and f"q:{q.id}" in indexed_ids(search)


def test_a_deleted_index_is_rebuilt_from_the_database(app, search, asker, client):
    q = service.ask_question(asker, "Router admin page is blank", BODY, "router")
    db.session.commit()
    search.close()
    shutil.rmtree(search.path)
    assert [h.doc_id for h in search.run(lambda ix: ix.suggest("router admin page blank"))] == [
        f"q:{q.id}"
    ]
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["checks"]["search"] == "ok"


def test_without_auto_rebuild_a_missing_index_stays_empty(app, asker, tmp_path):
    from community.search.runtime import AppSearch

    service.ask_question(asker, "Printer driver missing", BODY, "printer")
    db.session.commit()
    app.config.update(AUTO_REBUILD_INDEX=False, SEARCH_INDEX_DIR=str(tmp_path / "other"))
    runtime = AppSearch(app)
    try:
        assert runtime.index().doc_count() == 0
        assert runtime.health().startswith("error")
    finally:
        runtime.close()

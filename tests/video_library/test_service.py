"""Video library writes without HTTP: permissions, bad input, duplicates, proposals, signals."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from community import signals
from community.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from community.extensions import db
from community.models import QuestionVideo, Video, utcnow, video_tags
from community.video_library import service
from community.video_library.search_docs import video_document

YT = "dQw4w9WgXcQ"


@contextmanager
def captured_video_signals():
    """Collect (video id, deleted, status) for every video_changed signal sent."""
    seen: list[tuple[int, bool, str]] = []

    def receiver(sender, video, deleted):
        seen.append((video.id, deleted, video.status))
        if not deleted:
            video_document(video)  # what the indexer will do: tags must be loaded

    signals.video_changed.connect(receiver)
    try:
        yield seen
    finally:
        signals.video_changed.disconnect(receiver)


def _tag_names(video):
    return [
        t.name
        for t in db.session.scalars(
            select(Video).where(Video.id == video.id).options(selectinload(Video.tags))
        )
        .one()
        .tags
    ]


def test_staff_add_video_parses_the_link_and_signals(make_user, make_tag):
    staff = make_user(role="staff")
    make_tag("router")
    make_tag("mesh")
    with captured_video_signals() as seen:
        video = service.add_video(
            staff,
            f"  https://youtu.be/{YT}?t=1m30s ",
            "  Reset the router  ",
            "Hold the button for ten seconds.",
            "mesh router",
            "0:00 intro\n0:30 reset",
            "3:05",
        )
        db.session.commit()
    assert (video.provider, video.external_id, video.start_seconds) == ("youtube", YT, 90)
    assert video.url == f"https://www.youtube.com/watch?v={YT}&t=90s"
    assert video.title == "Reset the router" and video.duration_seconds == 185
    assert _tag_names(video) == ["mesh", "router"]
    assert video.status == "approved" and video.added_by_id == staff.id
    assert seen == [(video.id, False, "approved")]


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_staff_manage_videos(make_user, make_video, role):
    user = make_user(role=role)
    video = make_video()
    with pytest.raises(PermissionDenied):
        service.add_video(user, f"https://youtu.be/{YT}", "A title")
    with pytest.raises(PermissionDenied):
        service.edit_video(user, video, f"https://youtu.be/{YT}", "A title")
    with pytest.raises(PermissionDenied):
        service.remove_video(user, video)
    with pytest.raises(PermissionDenied):
        service.add_video(AnonymousUserMixin(), f"https://youtu.be/{YT}", "A title")


def test_admin_is_staff_for_videos(make_user):
    video = service.add_video(make_user(role="admin"), f"https://youtu.be/{YT}", "A title")
    assert video.id


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"url": "https://example.com/video.mp4"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://youtube.com@evil.com/watch?v=" + YT}, "url"),
        ({"url": "https://www.youtube.com/watch?v=tooshort"}, "url"),
        ({"url": ""}, "url"),
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"tags": "no-such-tag"}, "tags"),
        ({"tags": "a b c d e f"}, "tags"),
        ({"duration": "soon"}, "duration"),
        ({"duration": "3:75"}, "duration"),
        ({"duration": "0"}, "duration"),
        ({"duration": "25:00:00"}, "duration"),
        ({"duration": "-5"}, "duration"),
    ],
)
def test_bad_input_is_refused_with_the_field(make_user, fields, field):
    values = {"url": f"https://youtu.be/{YT}", "title": "Reset the router"} | fields
    with pytest.raises(ValidationFailed) as err:
        service.add_video(make_user(role="staff"), **values)
    assert field in err.value.errors
    assert err.value.message


@pytest.mark.parametrize(
    "raw,seconds", [("", None), ("225", 225), ("3:45", 225), ("1:02:03", 3723), ("0:59", 59)]
)
def test_parse_duration(raw, seconds):
    assert service.parse_duration(raw) == seconds


def test_duplicate_provider_and_id_is_a_conflict_naming_the_existing_video(make_user, make_video):
    existing = make_video(external_id=YT, title="Factory reset")
    for url in (f"https://youtu.be/{YT}?t=5", f"https://www.youtube.com/shorts/{YT}"):
        with pytest.raises(Conflict) as err:
            service.add_video(make_user(role="staff"), url, "Another title")
        assert (
            "Factory reset" in err.value.message and f"/videos/{existing.id}" in err.value.message
        )
    # The same id on the other provider is another video.
    make_video(external_id="76979871", provider="vimeo")
    with pytest.raises(Conflict):
        service.add_video(make_user(role="staff"), "https://vimeo.com/76979871", "Vimeo one")


def test_edit_video_changes_link_and_refuses_a_clash(make_user, make_video, make_tag):
    staff = make_user(role="staff")
    make_tag("printer")
    video = make_video(title="Old title", tags=("router",))
    other = make_video(external_id=YT)
    with captured_video_signals() as seen:
        service.edit_video(
            staff, video, "https://vimeo.com/42#t=10s", "New title", "", "printer", "", ""
        )
        db.session.commit()
    assert (video.provider, video.external_id, video.start_seconds) == ("vimeo", "42", 10)
    assert _tag_names(video) == ["printer"] and video.title == "New title"
    assert seen == [(video.id, False, "approved")]
    with pytest.raises(Conflict):
        service.edit_video(staff, video, f"https://youtu.be/{other.external_id}", "New title")


def test_remove_video_signals_deleted_and_drops_links(make_user, make_video, make_question):
    staff = make_user(role="staff")
    video = make_video(tags=("router",))
    service.propose_video(staff, make_question(), video.url)
    db.session.commit()
    with captured_video_signals() as seen:
        service.remove_video(staff, video)
        db.session.commit()
    assert seen == [(video.id, True, "approved")]
    assert db.session.scalar(select(func.count(Video.id))) == 0
    assert db.session.scalar(select(func.count(QuestionVideo.id))) == 0
    assert db.session.scalar(select(func.count()).select_from(video_tags)) == 0


def test_member_proposal_is_pending_until_staff_approve(make_user, make_question):
    member, staff = make_user(), make_user(role="staff")
    question = make_question()
    with captured_video_signals() as seen:
        link = service.propose_video(member, question, f"https://youtu.be/{YT}", "Reset video")
        db.session.commit()
        video = db.session.get(Video, link.video_id)
        assert (link.status, video.status, video.title) == ("pending", "proposed", "Reset video")
        assert seen == []  # nothing public changed yet
        service.approve_link(staff, link)
        db.session.commit()
    assert link.status == "approved" and link.approved_by_id == staff.id and link.approved_at
    assert video.status == "approved"
    assert seen == [(video.id, False, "approved")]
    with pytest.raises(Conflict):
        service.approve_link(staff, link)


def test_proposing_the_same_video_twice_is_a_conflict(make_user, make_question):
    question = make_question()
    service.propose_video(make_user(), question, f"https://youtu.be/{YT}")
    db.session.commit()
    with pytest.raises(Conflict) as err:
        service.propose_video(make_user(), question, f"https://www.youtube.com/watch?v={YT}")
    assert "already" in err.value.message
    # Another question may link the same library video: one Video row, two links.
    db.session.rollback()
    service.propose_video(make_user(), make_question(), f"https://youtu.be/{YT}")
    db.session.commit()
    assert db.session.scalar(select(func.count(Video.id))) == 1


def test_staff_proposal_links_at_once_and_approves_a_proposed_video(make_user, make_question):
    q1, q2 = make_question(), make_question()
    service.propose_video(make_user(), q1, f"https://youtu.be/{YT}")
    db.session.commit()
    with captured_video_signals() as seen:
        link = service.propose_video(make_user(role="staff"), q2, f"https://youtu.be/{YT}")
        db.session.commit()
    video = db.session.get(Video, link.video_id)
    assert link.status == "approved" and video.status == "approved"
    assert seen == [(video.id, False, "approved")]


def test_reject_drops_a_proposed_video_left_without_links(make_user, make_question, make_video):
    staff = make_user(role="staff")
    link = service.propose_video(make_user(), make_question(), f"https://youtu.be/{YT}")
    db.session.commit()
    service.reject_link(staff, link)
    db.session.commit()
    assert db.session.scalar(select(func.count(Video.id))) == 0
    # A library video stays when a proposal for it is rejected.
    kept = make_video()
    link = service.propose_video(make_user(), make_question(), kept.url)
    db.session.commit()
    service.reject_link(staff, link)
    db.session.commit()
    assert db.session.get(Video, kept.id) is not None
    with pytest.raises(NotFound):
        service.get_link(link.id)


def test_who_may_propose(make_user, make_question):
    question = make_question()
    with pytest.raises(PermissionDenied):
        service.propose_video(AnonymousUserMixin(), question, f"https://youtu.be/{YT}")
    suspended = make_user(suspended_until=utcnow() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        service.propose_video(suspended, question, f"https://youtu.be/{YT}")
    hidden = make_question(is_hidden=True)
    with pytest.raises(PermissionDenied):
        service.propose_video(make_user(), hidden, f"https://youtu.be/{YT}")
    with pytest.raises(ValidationFailed):
        service.propose_video(make_user(), question, "https://evil-youtube.com/watch?v=" + YT)

"""Video library pages over HTTP: statuses, messages, cards on question pages, the queue."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.markup import render_markdown
from community.models import QuestionVideo, Video

YT = "dQw4w9WgXcQ"
TOKEN = "0123456789abcdef0123456789abcdef"


def test_browse_search_and_nav(client, make_video):
    make_video(title="Reset the mesh router", tags=("router",))
    make_video(title="Hidden proposal", status="proposed")
    page = client.get("/videos").get_data(as_text=True)
    assert "Reset the mesh router" in page and "Hidden proposal" not in page
    assert '<a href="/videos">Videos</a>' in page
    assert "Reset the mesh router" in client.get("/videos?tag=router").get_data(as_text=True)
    assert "No videos match" in client.get("/videos?q=printer").get_data(as_text=True)
    for query in ("page=abc", "page=99999999", "status=proposed", "status=junk", "q=" + "x" * 500):
        assert client.get(f"/videos?{query}").status_code == 200


def test_video_page_lists_linking_questions_and_renders_a_click_to_play_card(
    client, make_video, make_question
):
    video = make_video(external_id=YT, title="Pair the camera", description="Step by step.")
    q = make_question(title="Camera will not pair with the app")
    db.session.add(QuestionVideo(question_id=q.id, video_id=video.id, status="approved"))
    db.session.commit()
    r = client.get(f"/videos/{video.id}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Pair the camera" in html and "Camera will not pair with the app" in html
    assert f'data-embed-src="https://www.youtube-nocookie.com/embed/{YT}"' in html
    assert "<iframe" not in html and "js/video-card.js" in html
    assert "frame-src https://www.youtube-nocookie.com" in r.headers["Content-Security-Policy"]
    assert "Times suggested" not in html  # staff only


def test_video_page_from_a_suggestion_tolerates_the_missing_panel(client, make_video):
    video = make_video()
    for query in (f"?ask={TOKEN}&rank=2", "?ask=not-a-token", "?ask="):
        assert client.get(f"/videos/{video.id}{query}").status_code == 200


def test_missing_and_proposed_videos(client, make_user, make_video, login):
    proposed = make_video(status="proposed")
    assert client.get("/videos/999999").status_code == 404
    assert client.get(f"/videos/{proposed.id}").status_code == 404
    login(make_user(role="staff"))
    page = client.get(f"/videos/{proposed.id}").get_data(as_text=True)
    assert "Approve video" in page and "Times suggested" in page


def test_staff_add_video_and_bad_input(client, make_user, make_tag, login):
    make_tag("router")
    login(make_user(role="staff"))
    assert client.get("/videos/new").status_code == 200
    form = {"url": f"https://youtu.be/{YT}?t=30", "title": "Reset the router", "tags": "router"}
    r = client.post("/videos/new", data=form)
    assert r.status_code == 302
    video = db.session.scalar(select(Video))
    assert (video.external_id, video.start_seconds) == (YT, 30)
    again = client.post("/videos/new", data=form | {"url": f"https://www.youtube.com/shorts/{YT}"})
    assert again.status_code == 409
    assert "already in the library" in again.get_data(as_text=True)
    bad = client.post("/videos/new", data=form | {"url": "https://evil-youtube.com/watch?v=" + YT})
    assert bad.status_code == 422 and "not a supported video link" in bad.get_data(as_text=True)
    bad = client.post("/videos/new", data=form | {"url": "https://vimeo.com/9", "tags": "zzz"})
    assert bad.status_code == 422 and "Unknown tag: zzz" in bad.get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "member", "moderator"])
def test_non_staff_cannot_manage(client, make_user, make_video, login, role):
    video = make_video()
    if role:
        login(make_user(role=role))
    for method, url in (
        ("get", "/videos/new"),
        ("post", "/videos/new"),
        ("get", f"/videos/{video.id}/edit"),
        ("post", f"/videos/{video.id}/remove"),
        ("get", "/videos/queue"),
        ("get", "/videos/stats"),
    ):
        r = getattr(client, method)(url, data={"url": f"https://youtu.be/{YT}", "title": "x y z"})
        assert r.status_code == 403, (method, url)
    assert db.session.get(Video, video.id) is not None


def test_staff_edit_approve_remove(client, make_user, make_video, login):
    video = make_video(title="Old title", duration_seconds=185)
    proposed = make_video(status="proposed")
    login(make_user(role="staff"))
    form_page = client.get(f"/videos/{video.id}/edit").get_data(as_text=True)
    assert "Old title" in form_page and 'value="185"' in form_page
    r = client.post(
        f"/videos/{video.id}/edit",
        data={"url": video.url, "title": "New title", "duration": "4:00"},
    )
    assert r.status_code == 302
    assert db.session.get(Video, video.id).duration_seconds == 240
    r = client.post(f"/videos/{video.id}/edit", data={"url": proposed.url, "title": "Clash"})
    assert r.status_code == 409
    assert client.post(f"/videos/{proposed.id}/approve").status_code == 302
    assert db.session.get(Video, proposed.id).status == "approved"
    assert client.post(f"/videos/{proposed.id}/approve").status_code == 409
    assert client.post(f"/videos/{video.id}/remove").status_code == 302
    assert client.get(f"/videos/{video.id}").status_code == 404


def test_member_proposes_on_the_question_page_and_staff_decide(
    client, make_user, make_question, login
):
    q = make_question()
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    # Visitors see no form, and no empty videos section when nothing is linked.
    assert "How-to videos" not in page and "Propose video" not in page
    member = make_user()
    login(member)
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert 'for="propose-video-url"' in page and "Propose video" in page
    r = client.post(f"/questions/{q.id}/videos", data={"url": f"https://youtu.be/{YT}"})
    assert r.status_code == 302 and r.headers["Location"].endswith("#videos")
    dup = client.post(f"/questions/{q.id}/videos", data={"url": f"https://youtu.be/{YT}?t=4"})
    assert dup.status_code == 409 and "already" in dup.get_data(as_text=True)
    bad = client.post(f"/questions/{q.id}/videos", data={"url": "data:text/html,hi"})
    assert bad.status_code == 422 and "not a supported video link" in bad.get_data(as_text=True)
    assert client.post("/questions/999999/videos", data={"url": YT}).status_code == 404
    link = db.session.scalar(select(QuestionVideo))
    assert link.status == "pending"

    client.post("/auth/logout")
    login(make_user(role="staff"))
    queue = client.get("/videos/queue").get_data(as_text=True)
    assert q.title in queue and "Approve proposal" in queue
    assert client.post(f"/videos/proposals/{link.id}/approve").status_code == 302
    assert client.post(f"/videos/proposals/{link.id}/approve").status_code == 409
    assert client.post("/videos/proposals/999999/reject").status_code == 404
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "YouTube video" in page  # the linked video shows on the question
    stats = client.get("/videos/stats").get_data(as_text=True)
    assert "Deflections credited" in stats


def test_anonymous_cannot_propose(client, make_question):
    q = make_question()
    r = client.post(f"/questions/{q.id}/videos", data={"url": f"https://youtu.be/{YT}"})
    assert r.status_code == 403


def test_question_page_cards_use_library_titles_without_n_plus_one(
    client, make_video, make_question, make_answer, count_queries
):
    make_video(external_id=YT, title="Pair the camera", duration_seconds=75)
    q = make_question()
    q.body_html = render_markdown(f"https://youtu.be/{YT}")
    make_answer(q, body="No card in this one")  # the core loads answer authors once answers exist
    db.session.commit()

    def page_queries() -> tuple[int, str]:
        with count_queries() as counter:
            html = client.get(f"/questions/{q.id}").get_data(as_text=True)
        return counter.count, html

    few, html = page_queries()
    assert "Pair the camera" in html and "1:15" in html and "<iframe" not in html
    for i in range(5):
        a = make_answer(q)
        a.body_html = render_markdown(f"https://vimeo.com/{1000 + i}")
    db.session.commit()
    many, html = page_queries()
    assert many == few
    assert (
        html.count('class="video-card"') == 6
        and html.count("Pair the camera") >= 1
        and "Vimeo video" in html
    )
    assert 'href="https://vimeo.com/1004"' in html  # removed upstream: still a plain link


def test_preview_renders_cards(client):
    r = client.post("/api/v1/preview", json={"text": f"https://youtu.be/{YT}"})
    assert r.status_code == 200 and 'class="video-card"' in r.json["html"]

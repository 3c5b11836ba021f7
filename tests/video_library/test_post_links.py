"""Posts that show a library video link their question to it (via the core's post signals)."""

from __future__ import annotations

from sqlalchemy import select

from community.extensions import db
from community.models import QuestionVideo
from community.questions import service as questions
from community.video_library import queries

YT = "dQw4w9WgXcQ"


def _linked(question_id: int) -> list[int]:
    return [
        link.video_id
        for link in db.session.scalars(
            select(QuestionVideo).where(QuestionVideo.question_id == question_id)
        )
        if link.status == "approved"
    ]


def test_asking_with_a_library_video_links_the_question(make_user, make_tag, make_video):
    make_tag("camera")
    video = make_video(external_id=YT)
    make_video(external_id="aaaaaaaaaaa", status="proposed")
    body = f"I followed this:\n\nhttps://youtu.be/{YT}?t=20\n\nhttps://youtu.be/aaaaaaaaaaa"
    q = questions.ask_question(make_user(), "Camera does not pair at all", body, "camera")
    db.session.commit()
    assert _linked(q.id) == [video.id]  # the proposed video is not linked
    assert [x.id for x in queries.list_linking_questions(None, video.id).items] == [q.id]


def test_answers_and_edits_link_once(make_user, make_question, make_video):
    video, other = make_video(external_id=YT), make_video(provider="vimeo", external_id="42")
    q = make_question()
    answer = questions.post_answer(make_user(), q, f"Watch this:\n\nhttps://youtu.be/{YT}")
    db.session.commit()
    assert _linked(q.id) == [video.id]
    moderator = make_user(role="moderator")
    questions.edit_answer(moderator, answer, f"https://youtu.be/{YT}\n\nhttps://vimeo.com/42", None)
    db.session.commit()
    assert sorted(_linked(q.id)) == sorted([video.id, other.id])  # the YouTube link once


def test_posts_without_library_videos_add_nothing(make_user, make_question, make_video):
    make_video(external_id=YT)
    q = make_question()
    questions.post_answer(make_user(), q, f"Inline https://youtu.be/{YT} is not a card")
    questions.post_answer(
        make_user(), q, "https://youtu.be/bbbbbbbbbbb is unknown\n\nhttps://youtu.be/bbbbbbbbbbb"
    )
    db.session.commit()
    assert _linked(q.id) == []

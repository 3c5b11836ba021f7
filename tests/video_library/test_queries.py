"""Video library reads: browse, search, stats from deflection events, cards, search documents."""

from __future__ import annotations

import itertools
from datetime import UTC

from community.extensions import db
from community.markup import CardDetails, render_markdown
from community.models import DeflectionEvent, QuestionVideo
from community.video_library import queries
from community.video_library.cards import video_card_lookup, with_video_cards
from community.video_library.search_docs import iter_video_documents, video_document

_n = itertools.count(1)


def _event(session: str, kind: str, item_kind: str | None = "video", item_id: int | None = None):
    db.session.add(
        DeflectionEvent(
            session_token=session,
            kind=kind,
            item_kind=item_kind,
            item_id=item_id,
            dedupe_key=f"{session}:{kind}:{item_kind}:{item_id}:{next(_n)}",
        )
    )


def _link(question, video, status="approved"):
    db.session.add(QuestionVideo(question_id=question.id, video_id=video.id, status=status))


def test_list_videos_by_tag_search_and_status(make_user, make_video):
    reset = make_video(title="Reset the mesh router", tags=("router", "mesh"))
    make_video(title="Clean the printer heads", tags=("printer",), transcript="nozzle check")
    make_video(title="Proposed router video", tags=("router",), status="proposed")
    anon = None
    assert [v.id for v in queries.list_videos(anon, tag="router").items] == [reset.id]
    assert [v.title for v in queries.list_videos(anon, text="NOZZLE").items] == [
        "Clean the printer heads"
    ]
    assert queries.list_videos(anon, text="mesh reset").total == 1
    assert queries.list_videos(anon, text="mesh printer").total == 0
    assert queries.list_videos(anon, text="100%_").total == 0  # wildcards match literally
    # Only staff see proposed videos; others silently get the approved list.
    assert queries.list_videos(make_user(), status="proposed").total == 2
    assert queries.list_videos(make_user(role="staff"), status="proposed").total == 1
    assert queries.list_videos(make_user(role="staff"), status="all").total == 3


def test_list_videos_is_constant_in_queries(make_video, count_queries):
    for _ in range(3):
        make_video(tags=("router", "mesh"))
    with count_queries() as few:
        page = queries.list_videos(None, page=1, per_page=20)
        [t.name for v in page.items for t in v.tags]
    for _ in range(10):
        make_video(tags=("router", "printer"))
    with count_queries() as many:
        page = queries.list_videos(None, page=1, per_page=20)
        [t.name for v in page.items for t in v.tags]
    assert few.count == many.count <= 3


def test_video_stats_counts_in_sql(make_video, make_question):
    v1, v2, v3 = make_video(), make_video(), make_video()
    # Session a: shown v1 and v2, opened v1, solved on v1, posted nothing -> credited to v1.
    _event("a", "suggestions_shown", item_id=v1.id)
    _event("a", "suggestions_shown", item_id=v2.id)
    _event("a", "suggestion_opened", item_id=v1.id)
    _event("a", "solved_yes", item_id=v1.id)
    # Session b: solved on v1 but posted a question anyway -> not a deflection.
    _event("b", "suggestions_shown", item_id=v1.id)
    _event("b", "suggestion_opened", item_id=v1.id)
    _event("b", "solved_yes", item_id=v1.id)
    _event("b", "question_posted", item_kind=None)
    # Session c: opened v2 and said not my problem.
    _event("c", "suggestion_opened", item_id=v2.id)
    _event("c", "solved_no", item_id=v2.id)
    # A question event with the same id as v1 must not count for the video.
    _event("d", "solved_yes", item_kind="question", item_id=v1.id)
    q1, q2 = make_question(), make_question()
    _link(q1, v1)
    _link(q2, v1)
    _link(q1, v2, status="pending")
    db.session.commit()
    stats = queries.video_stats([v1.id, v2.id, v3.id])
    assert stats[v1.id] == queries.VideoStats(suggested=2, opened=2, deflections=1, questions=2)
    assert stats[v2.id] == queries.VideoStats(suggested=1, opened=1, deflections=0, questions=0)
    assert stats[v3.id] == queries.VideoStats()
    assert queries.video_stats([]) == {}


def test_video_stats_is_two_queries_whatever_the_number_of_videos(make_video, count_queries):
    videos = [make_video() for _ in range(6)]
    for v in videos:
        _event(f"s{v.id}", "suggestions_shown", item_id=v.id)
    ids = [v.id for v in videos]
    db.session.commit()
    with count_queries() as counter:
        assert len(queries.video_stats(ids)) == 6
    assert counter.count == 2


def test_linking_questions_hide_hidden_and_pending(make_user, make_video, make_question):
    video = make_video()
    visible, hidden, pending = make_question(), make_question(is_hidden=True), make_question()
    _link(visible, video)
    _link(hidden, video)
    _link(pending, video, status="pending")
    db.session.commit()
    ids = [q.id for q in queries.list_linking_questions(None, video.id).items]
    assert ids == [visible.id]
    moderator = make_user(role="moderator")
    assert queries.list_linking_questions(moderator, video.id).total == 2
    assert [v.id for v in queries.list_question_videos(pending.id)] == []
    assert [v.id for v in queries.list_question_videos(visible.id)] == [video.id]


def test_card_titles_come_from_the_library_in_one_query(
    make_video, make_answer, make_question, count_queries
):
    library = make_video(external_id="dQw4w9WgXcQ", title="Pair the camera", duration_seconds=75)
    make_video(external_id="aaaaaaaaaaa", title="Not public yet", status="proposed")
    q = make_question()
    q.body_html = render_markdown("Try:\n\nhttps://youtu.be/dQw4w9WgXcQ")
    answers = []
    for ident in ("aaaaaaaaaaa", "bbbbbbbbbbb", "dQw4w9WgXcQ"):
        a = make_answer(q)
        a.body_html = render_markdown(f"https://www.youtube.com/watch?v={ident}")
        answers.append(a)
    db.session.commit()
    [post.body_html for post in (q, *answers)]  # loaded, as the question page has them
    with count_queries() as counter:
        lookup = video_card_lookup(q, answers)
    assert counter.count == 1
    assert lookup == {("youtube", library.external_id): CardDetails("Pair the camera", 75)}
    html = str(with_video_cards(q.body_html, lookup))
    assert "Pair the camera" in html and "1:15" in html
    assert "YouTube video" in str(with_video_cards(answers[0].body_html, lookup))
    with count_queries() as none:
        assert video_card_lookup("<p>no cards here</p>", [], None) == {}
    assert none.count == 0


def test_search_documents(make_video):
    video = make_video(
        title="Reset the mesh router",
        description="Hold the button.",
        transcript="0:10 find the button",
        tags=("router", "mesh"),
    )
    doc = video_document(
        db.session.scalars(
            db.select(type(video))
            .where(type(video).id == video.id)
            .options(db.selectinload(type(video).tags))
        ).one()
    )
    assert doc == {
        "doc_id": f"v:{video.id}",
        "kind": "video",
        "external_id": None,
        "title": "Reset the mesh router",
        "body": "Hold the button.\n\n0:10 find the button",
        "tags": ["mesh", "router"],
        "solved": True,
        "answers": 0,
        "score": 0,
        "created_at": video.created_at,
    }
    assert doc["created_at"].tzinfo is not None and doc["created_at"].utcoffset() == UTC.utcoffset(
        None
    )


def test_iter_video_documents_batches_without_n_plus_one(make_video, count_queries):
    for _ in range(7):
        make_video(tags=("router",))
    make_video(status="proposed")
    db.session.expire_all()
    with count_queries() as counter:
        docs = list(iter_video_documents(batch_size=3))
    assert len(docs) == 7 and all(d["tags"] == ["router"] for d in docs)
    assert len({d["doc_id"] for d in docs}) == 7
    assert counter.count == 6  # 3 batches (3, 3, 1) x (videos + their tags)

"""Questions -> index documents: content, privacy, hidden content, batching without N+1."""

from __future__ import annotations

from community.extensions import db
from community.models import QuestionAlias
from community.search.documents import document_version, to_fields
from community.search.indexer import iter_question_documents, load_question_documents
from community.search.plaintext import markdown_to_text


def test_document_has_question_accepted_and_top_answers_but_no_names(
    make_user, make_question, make_answer
):
    asker = make_user(username="secretasker")
    q = make_question(
        author=asker,
        title="Router drops Wi-Fi every evening",
        body="It **drops** at 8pm, see [the log](https://example.com/log.txt).",
        tags=("router", "wifi"),
        score=3,
    )
    low = make_answer(q, body="Low voted answer about cables", score=-1)
    make_answer(q, body="Hidden answer about spam", is_hidden=True, score=50)
    accepted = make_answer(q, author=make_user(username="helperperson"), body="Update firmware")
    make_answer(q, body="Change the channel to 11", score=5)
    q.accepted_answer_id = accepted.id
    db.session.commit()

    doc = load_question_documents([q.id])[q.id]
    assert doc["doc_id"] == f"q:{q.id}" and doc["kind"] == "question"
    assert doc["title"] == "Router drops Wi-Fi every evening"
    assert doc["tags"] == ["router", "wifi"]
    assert doc["solved"] is True and doc["score"] == 3 and doc["answers"] == 4
    body = doc["body"]
    # question text first, then the accepted answer, then answers by score
    assert body.index("drops at 8pm") < body.index("Update firmware")
    assert body.index("Update firmware") < body.index("channel to 11") < body.index(low.body)
    assert "Hidden answer" not in body
    assert "example.com" not in body and "**" not in body and "the log" in body
    assert "secretasker" not in repr(doc) and "helperperson" not in repr(doc)
    to_fields(doc)  # the engine accepts it


def test_top_answers_are_capped(make_user, make_question, make_answer):
    user = make_user()
    q = make_question(author=user)
    for n in range(8):
        make_answer(q, author=user, body=f"answer number {n} text", score=n)
    body = load_question_documents([q.id])[q.id]["body"]
    assert "answer number 7" in body and "answer number 5" in body
    assert "answer number 0" not in body  # only the best few are kept


def test_hidden_or_missing_questions_map_to_none(make_question):
    hidden = make_question(is_hidden=True)
    visible = make_question()
    docs = load_question_documents([hidden.id, visible.id, 999_999])
    assert docs[hidden.id] is None and docs[999_999] is None
    assert docs[visible.id]["doc_id"] == f"q:{visible.id}"
    assert [d["doc_id"] for d in iter_question_documents()] == [f"q:{visible.id}"]


def test_duplicates_titles_and_aliases_are_part_of_the_original(make_question):
    original = make_question(title="Printer will not print in colour", external_id="Q9_R1")
    make_question(
        title="Colour cartridge ignored by the printer",
        body="It prints only black even with a new cartridge.",
        duplicate_of_id=original.id,
        status="duplicate",
    )
    make_question(title="Hidden duplicate spam", duplicate_of_id=original.id, is_hidden=True)
    db.session.add_all(
        [
            QuestionAlias(question_id=original.id, alias="Q9_R7"),
            QuestionAlias(question_id=original.id, alias="Q2_R3"),
        ]
    )
    db.session.commit()
    doc = load_question_documents([original.id])[original.id]
    assert "Colour cartridge ignored by the printer" in doc["body"]
    assert "only black" in doc["body"]
    assert "Hidden duplicate" not in doc["body"]
    assert doc["external_id"] == "Q9_R1" and doc["aliases"] == ["Q2_R3", "Q9_R7"]


def test_reindex_batches_use_a_constant_number_of_statements(
    make_user, make_question, make_answer, count_queries
):
    user = make_user()
    for n in range(12):
        q = make_question(author=user, tags=("router", "nas"))
        make_answer(q, author=user, body=f"answer {n}")
    with count_queries() as few:
        docs_small = list(iter_question_documents(batch=100))
    for _ in range(30):
        make_question(author=user, tags=("printer",))
    with count_queries() as more:
        docs_big = list(iter_question_documents(batch=100))
    assert len(docs_small) == 12 and len(docs_big) == 42
    assert more.count == few.count  # no query per question or per answer
    with count_queries() as batched:
        list(iter_question_documents(batch=10))
    assert batched.count <= 6 * 6  # five statements per batch plus the id probe


def test_document_version_is_stable_and_tracks_changes(make_question):
    q = make_question()
    first = document_version(load_question_documents([q.id])[q.id])
    assert document_version(load_question_documents([q.id])[q.id]) == first
    q.title = "A different title for the same question"
    db.session.commit()
    assert document_version(load_question_documents([q.id])[q.id]) != first


def test_markdown_to_text_drops_urls_and_markup():
    text = markdown_to_text(
        "# Setup\n> quoted `code` and ![alt](http://x/y.png)\n[1]: https://a.b/c\nsee https://t.co/x ok"
    )
    assert text.split() == ["Setup", "quoted", "code", "and", "alt", "see", "ok"]
    assert len(markdown_to_text("word " * 1000, limit=50)) <= 50

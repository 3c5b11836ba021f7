"""The bulk segment writer writes what Whoosh's own writer writes; helper processes work."""

from __future__ import annotations

from whoosh import index as whoosh_index

from community.search import SearchIndex
from community.search.bulk import BulkSegmentWriter
from community.search.documents import to_fields
from community.search.schema import build_schema


def _dump(ix):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for fieldname, term in reader.all_terms():
            matcher = reader.postings(fieldname, term)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            info = reader.term_info(fieldname, term)
            postings[(fieldname, term)] = (
                items,
                info.min_length(),
                info.max_length(),
                info.max_weight(),
            )
        lengths = {
            name: [reader.doc_field_length(d, name) for d in range(reader.doc_count_all())]
            for name in ("title", "body", "spell")
        }
        return postings, lengths, list(reader.all_stored_fields())


def test_bulk_writer_matches_whoosh_writer(tmp_path, sample_docs, make_doc):
    docs = [
        *sample_docs,
        make_doc(title="Ünïcode café résumé", body="naïve " * 300, external_id=None),
        make_doc(title="", body="", tags=[]),
        make_doc(title="router router ROUTER", body="v2.1 e.g. 100%", aliases=["a1", "a2"]),
    ]
    plain = whoosh_index.create_in(str(tmp_path), build_schema(), indexname="plain")
    with plain.writer() as writer:
        for doc in docs:
            writer.add_document(**to_fields(doc))
    bulk = whoosh_index.create_in(str(tmp_path), build_schema(), indexname="bulk")
    writer = BulkSegmentWriter(bulk)
    for doc in docs:
        writer.add_document(**to_fields(doc))
    writer.commit()
    expected = _dump(whoosh_index.open_dir(str(tmp_path), indexname="plain"))
    assert _dump(whoosh_index.open_dir(str(tmp_path), indexname="bulk")) == expected


def test_rebuild_with_a_helper_process(tmp_path, make_doc):
    docs = [make_doc(title=f"router problem {i}", body=f"modem model m{i}") for i in range(700)]
    docs.append(make_doc(title="invoice address wrong", body="billing"))
    ix = SearchIndex(tmp_path / "ix")
    ix.open_or_create()
    seen: list[int] = []
    assert ix.bulk_rebuild(docs, progress=seen.append, procs=2, progress_every=100) == 701
    assert seen[-1] == 701
    assert ix.doc_count() == 701
    assert ix.suggest("invoice address")[0].title == "invoice address wrong"
    assert len(ix.suggest("router modem m650", limit=50)) == 50
    assert sorted(d for d, _v in ix.doc_ids_with_versions()) == sorted(d["doc_id"] for d in docs)
    ix.close()

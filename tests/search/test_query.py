"""Suggestions, search page, filters, pagination, did-you-mean, highlighting, hostile input."""

from __future__ import annotations

import pytest

from community.search import SearchIndex

HOSTILE = [
    "",
    "   ",
    "\x00\x01\x02",
    '"unbalanced quote',
    "router AND password OR NOT wifi",
    "*",
    "?",
    "rout*",
    "pass?ord",
    "title:router",
    "[a TO z]",
    "(router",
    "router)",
    "{}[]()<>",
    "\\",
    "~2 ^3 router^5 wifi~",
    "the and of a to",
    "日本語のテキスト ルーター",
    "emoji 🚀🔥 router",
    "<script>alert(1)</script>",
    "a" * 10_000,
    "router " * 20_000,
    "é" * 5000,
    "-",
    "NOT",
    "AND OR NOT",
]


def test_suggest_finds_related_question(index: SearchIndex):
    hits = index.suggest("router password reset")
    assert hits[0].title == "How to reset my router password"
    assert "<mark>reset</mark>" in hits[0].title_html
    assert {"router", "password", "reset"} <= set(hits[0].matched)


def test_suggest_uses_body_as_context(index: SearchIndex):
    hits = index.suggest("money problem", body="charged twice for my order, want a refund")
    assert hits[0].title == "Refund for a duplicate payment"


def test_suggest_limit_and_fields(index: SearchIndex):
    hits = index.suggest("router wifi password", limit=1)
    assert len(hits) == 1
    hit = hits[0]
    assert hit.kind == "question" and hit.doc_id.startswith("q:")
    assert hit.external_id and hit.tags == ["network"]
    assert isinstance(hit.to_dict()["matched"], list)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(index: SearchIndex, text: str):
    assert isinstance(index.suggest(text, text), list)
    page = index.search(text)
    assert page.total >= 0


def test_stop_words_only_gives_no_hits(index: SearchIndex):
    assert index.suggest("how do I the") == []
    assert index.search("the of and").hits == []


def test_title_html_is_escaped(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix")
    ix.open_or_create()
    ix.apply([make_doc(title="<script>alert('x')</script> router & modem", body="router")])
    hit = ix.suggest("router script")[0]
    assert "<script>" not in hit.title_html
    assert "&lt;<mark>script</mark>&gt;" in hit.title_html
    assert "&amp;" in hit.title_html
    page = ix.search("router")
    assert "<mark>router</mark>" in page.hits[0].snippet_html
    assert "<script>" not in page.hits[0].snippet_html
    ix.close()


def test_search_filters(index: SearchIndex):
    assert {h.title for h in index.search("router", tag="network").hits} == {
        "How to reset my router password",
        "Router keeps dropping the wifi connection",
    }
    assert index.search("router", tag="billing").total == 0
    solved = index.search("router password", solved_only=True)
    assert solved.hits and all(h.solved for h in solved.hits)


def test_search_filter_only(index: SearchIndex):
    assert index.search("", tag="billing").total == 2


def test_search_pagination(index: SearchIndex):
    first = index.search("router password invoice battery", per_page=2, page=1)
    second = index.search("router password invoice battery", per_page=2, page=2)
    assert first.total == second.total >= 4
    assert len(first.hits) == 2
    assert not {h.doc_id for h in first.hits} & {h.doc_id for h in second.hits}
    assert index.search("router", per_page=2, page=99).hits == []


def test_did_you_mean(index: SearchIndex):
    page = index.search("ruoter pasword")
    assert page.did_you_mean == "router password"
    assert index.search("router password").did_you_mean is None


def test_did_you_mean_none_for_gibberish(index: SearchIndex):
    assert index.search("qqqqzzzz").did_you_mean is None


def test_identical_copies_collapse_into_one_hit(tmp_path, make_doc):
    ix = SearchIndex(tmp_path / "ix")
    ix.open_or_create()
    a = make_doc(title="Visa renewal fees", body="How much is it?")
    b = make_doc(title="Visa  renewal fees", body="How much is it? ")
    c = make_doc(title="Visa renewal office hours", body="When does it open?")
    ix.apply([a, b, c])
    hits = ix.suggest("visa renewal fees")
    assert [h.title for h in hits].count("Visa renewal fees") + [h.title for h in hits].count(
        "Visa  renewal fees"
    ) == 1
    assert hits[0].duplicates and hits[0].aliases
    ix.close()

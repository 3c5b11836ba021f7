"""Text analysis: stemming, stop words, unicode, control characters."""

from community.search.plaintext import question_text
from community.search.schema import STOP_WORDS, analyze, clean_text


def test_stems_and_lowercases():
    assert analyze("Printers Printing") == ["printer", "print"]


def test_stop_words_and_small_talk_removed():
    assert analyze("Hi guys, does anyone know how to reset the router? Thanks") == [
        "know",
        "reset",
        "router",
    ]
    assert "thanks" in STOP_WORDS


def test_only_stop_words_gives_nothing():
    assert analyze("the and of to a") == []


def test_accents_folded():
    assert analyze("café résumé") == analyze("cafe resume")


def test_control_characters_become_spaces():
    assert clean_text("a\x00b\x1fc") == "a b c"
    assert analyze("router\x00password") == ["router", "password"]


def test_empty_and_none():
    assert analyze("") == []
    assert analyze(None) == []
    assert clean_text(None) == ""


def test_version_numbers_kept_together():
    assert "2.1" in analyze("since version 2.1")


def test_question_text_drops_a_body_that_only_repeats_the_title():
    assert question_text("Printer  offline", " Printer offline\n") == ""
    assert question_text("Printer offline", "It is **offline** again") == "It is offline again"
    assert question_text("Printer offline", None) == ""

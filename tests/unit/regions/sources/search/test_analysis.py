"""German text analysis (regions/sources/search/analysis.py): words, stop words and Snowball
stems as PostgreSQL's `german` configuration makes them, so every store indexes the same."""

from __future__ import annotations

import pytest

from regions.sources.search.analysis import (
    MAX_WORDS,
    document,
    query_words,
    stem,
    stems,
    stop_words,
    words,
)


def test_the_stop_words_are_the_snowball_list_postgresql_ships() -> None:
    stop = stop_words()
    assert len(stop) == 231  # tsearch_data/german.stop, comments and blank lines left out
    assert {"und", "der", "die", "für", "nicht", "aber", "zwischen"} <= stop
    assert not any(word.startswith("#") or word != word.strip() or not word for word in stop)
    # words people search for are no stop words
    assert not {"sucht", "angst", "gruppe", "eltern", "kinder"} & stop


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("diabetiker", "diabet"),
        ("diabetes", "diabet"),  # so "Diabetiker" finds "Diabetes"
        ("sucht", "sucht"),
        ("suchtberatung", "suchtberat"),  # "sucht" is a prefix: "Sucht" finds it
        ("gesprächskreis", "gesprachskreis"),  # umlauts folded, as german_stem does
        ("angststörung", "angststor"),
        ("häuser", "haus"),
        ("selbsthilfegruppen", "selbsthilfegrupp"),
    ],
)
def test_stems_are_snowball_german(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_words_are_lower_cased_runs_of_letters_and_digits_without_stop_words() -> None:
    text = "Die Selbsthilfe-Gruppe für Angehörige, und 2 Kinder_Eltern!"
    # hyphen, comma, underscore and "!" split; "die", "für", "und" are stop words
    assert words(text) == ["selbsthilfe", "gruppe", "angehörige", "2", "kinder", "eltern"]


@pytest.mark.parametrize("text", ["", "   ", "...!!! --", "und oder die der", "_ _"])
def test_text_of_punctuation_and_stop_words_has_no_words(text: str) -> None:
    assert words(text) == [] and stems(text) == [] and query_words(text) == []


def test_stems_of_a_text_keep_its_order_and_repeats() -> None:
    assert stems("Gruppe für Angehörige, Gruppe") == ["grupp", "angehor", "grupp"]


def test_a_document_is_the_stems_of_its_parts_with_empty_parts_skipped() -> None:
    assert document("Gruppe A", None, "", "Köln") == "grupp a koln"
    assert document(None, "") == ""


def test_query_words_are_distinct_in_order_and_at_most_max_words() -> None:
    text = "Sucht sucht SUCHT und die Angst eins zwei drei vier fünf sechs sieben acht"
    found = query_words(text)
    assert MAX_WORDS == 8
    assert found == ["sucht", "angst", "eins", "zwei", "drei", "vier", "fünf", "sechs"]


def test_query_words_are_words_not_stems() -> None:
    # criteria match the stem as a prefix later; the word itself is kept for topic names
    assert query_words("Diabetiker Häuser") == ["diabetiker", "häuser"]

"""NRW's own German word analysis for its full-text index: words are runs of letters and
digits, lower-cased, without the Snowball stop words (german.stop, next to this module),
reduced to their Snowball stem (the snowballstemmer library)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8


@cache
def stop_words() -> frozenset[str]:
    text = resources.files(__package__).joinpath("german.stop").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def document(*parts: str | None) -> str:
    """A text as the stems NRW's index holds."""
    stop = stop_words()
    return " ".join(
        stem(word)
        for part in parts
        if part
        for word in WORD.findall(part.lower())
        if word not in stop
    )

"""German text analysis the same way PostgreSQL's `german` configuration does it.

Words are runs of letters and digits, lower-cased; the Snowball stop words are dropped and
the rest reduced to their Snowball stem (PostgreSQL's `german_stem` is the same algorithm),
so a store without a German stemmer (SQLite's FTS5) indexes and is asked for the same stems.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
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


def words(text: str) -> list[str]:
    """The searchable words of a text in order: lower-cased, without stop words."""
    stop = stop_words()
    return [word for word in WORD.findall(text.lower()) if word not in stop]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The word's Snowball stem (remembered: a search asks for the same word's stem once per
    condition it renders, and indexing meets the same words again and again)."""
    return str(_stemmer().stemWord(word))


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def document(*parts: str | None) -> str:
    """A text as the stems an FTS5 index holds (what PostgreSQL's to_tsvector would make)."""
    return " ".join(stem for part in parts if part for stem in stems(part))


def query_words(text: str) -> list[str]:
    """The distinct words of a search text, at most MAX_WORDS of them."""
    seen: dict[str, None] = {}
    for word in words(text):
        seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]

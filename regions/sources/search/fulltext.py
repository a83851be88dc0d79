"""Full-text indexes: SQLite FTS5 over Snowball stems, PostgreSQL tsvectors (german).

One index table per kind of record, with the record's key, its name and the rest of its
searchable text (body). The SQL that asks an index is written once (`TextMatch`) and
compiled for the store it runs on, so the statements that use it stay dialect-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    String,
    Subquery,
    TypeDecorator,
    bindparam,
    column,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from regions.sources.search.analysis import document, stem
from regions.sources.search.binds import is_named


def create_statements(dialect: str, index: str, key_type: str = "integer") -> list[str]:
    """DDL for one index table (`key`, `name`, `body`) on SQLite or PostgreSQL."""
    if dialect == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE {index} USING fts5("
            "key UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 0')"
        ]
    return [
        f"CREATE TABLE {index} (key {key_type} PRIMARY KEY, name text NOT NULL, "
        "body text NOT NULL, "
        "name_tsv tsvector GENERATED ALWAYS AS (to_tsvector('german', name)) STORED, "
        "doc_tsv tsvector GENERATED ALWAYS AS (to_tsvector('german', name || ' ' || body)) "
        "STORED)",
        f"CREATE INDEX ix_{index}_doc ON {index} USING gin (doc_tsv)",
        f"CREATE INDEX ix_{index}_name ON {index} USING gin (name_tsv)",
    ]


async def create(conn: AsyncConnection, index: str, key_type: str = "integer") -> None:
    for statement in create_statements(conn.dialect.name, index, key_type):
        await conn.execute(text(statement))


async def ensure(conn: AsyncConnection, index: str, key_type: str) -> bool:
    """Create the index when it is missing (a stand-in's own database); True if it was."""
    if await conn.run_sync(lambda sync: inspect(sync).has_table(index)):
        return False
    await create(conn, index, key_type)
    return True


def group_document(
    key: Any, name: str, description: str | None, town: str | None
) -> tuple[Any, str, str]:
    """What of a group is searchable, in every store: its name; its description and town."""
    return key, name, f"{description or ''} {town or ''}"


async def write(
    conn: AsyncConnection, index: str, docs: Iterable[tuple[Any, str, str]], *, replace: bool
) -> int:
    """Put (key, name, body) documents into an index; `replace` empties it first.

    SQLite's index holds the stems (FTS5 has no German stemmer); PostgreSQL's holds the text
    and derives its tsvectors itself."""
    if replace:
        await conn.execute(text(f"DELETE FROM {index}"))
    if conn.dialect.name == "sqlite":
        rows = [{"key": k, "name": document(n), "body": document(b)} for k, n, b in docs]
    else:
        rows = [{"key": k, "name": n or "", "body": b or ""} for k, n, b in docs]
    if rows:
        statement = text(f"INSERT INTO {index} (key, name, body) VALUES (:key, :name, :body)")
        await conn.execute(statement, rows)
    return len(rows)


class _Words(TypeDecorator[Any]):
    """The words of a TextMatch as a bound value, turned into the store's query syntax when
    bound: the statement's SQL is the same for any words, so SQLAlchemy compiles it once and
    caches it (compiling a search's statements anew took longer than running them)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        words, name_only = value
        if dialect.name == "sqlite":
            expression = " AND ".join(f'"{stem(word)}"*' for word in words)
            return f"name : ({expression})" if name_only else expression
        return " & ".join(f"{word}:*" for word in words)


def _words(words: Sequence[str], name_only: bool, name: str | None) -> Any:
    """The words as a bound value: named `name` while building `named()` (see binds)."""
    value = (tuple(words), name_only)
    if name is not None and is_named():
        return bindparam(name, value, type_=_Words())
    return bindparam(None, value, type_=_Words(), unique=True)


def words_value(words: Sequence[str], name_only: bool = False) -> tuple[tuple[str, ...], bool]:
    """The value of a words parameter named when built `named()`."""
    return tuple(words), name_only


class TextMatch(ColumnElement[bool]):
    """`key IN (the index's keys whose text has every word)`, each word by its stem as a
    prefix ("sucht" finds "Suchtberatung"); `name_only` looks at the name alone; `name`:
    the words' parameter in a statement built `named()`."""

    inherit_cache = True
    type = Boolean()
    # a condition of its own (like `x IN (...)`): rendered as is, never as `(...) = 1` on
    # SQLite, which would hide the key's IN list from the planner (no lookup by key)
    _is_implicitly_boolean = True
    _traverse_internals = [
        ("key", InternalTraversal.dp_clauseelement),
        ("index", InternalTraversal.dp_string),
        ("query", InternalTraversal.dp_clauseelement),
        ("name_only", InternalTraversal.dp_boolean),
    ]

    def __init__(
        self,
        key: ColumnElement[Any],
        index: str,
        words: Sequence[str],
        name_only: bool = False,
        name: str | None = None,
    ) -> None:
        self.key = key
        self.index = index
        self.words = tuple(words)
        self.name_only = name_only
        self.query = _words(self.words, name_only, name)


@compiles(TextMatch, "sqlite")
def _fts5(element: TextMatch, compiler: Any, **kw: Any) -> str:
    query = compiler.process(element.query, **kw)
    key = compiler.process(element.key, **kw)
    return f"{key} IN (SELECT key FROM {element.index} WHERE {element.index} MATCH {query})"


@compiles(TextMatch, "postgresql")
def _tsquery(element: TextMatch, compiler: Any, **kw: Any) -> str:
    query = compiler.process(element.query, **kw)
    column = "name_tsv" if element.name_only else "doc_tsv"
    key = compiler.process(element.key, **kw)
    return (
        f"{key} IN (SELECT key FROM {element.index} "
        f"WHERE {column} @@ to_tsquery('german', {query}))"
    )


class IndexMatch(ColumnElement[bool]):
    """The index's own condition "the text has every word" (in the index's FROM): what
    `matching_keys` selects by."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [
        ("index", InternalTraversal.dp_string),
        ("query", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, index: str, words: Sequence[str], name: str | None = None) -> None:
        self.index = index
        self.query = _words(words, False, name)


@compiles(IndexMatch, "sqlite")
def _fts5_match(element: IndexMatch, compiler: Any, **kw: Any) -> str:
    return f"{element.index} MATCH {compiler.process(element.query, **kw)}"


@compiles(IndexMatch, "postgresql")
def _tsquery_match(element: IndexMatch, compiler: Any, **kw: Any) -> str:
    return f"doc_tsv @@ to_tsquery('german', {compiler.process(element.query, **kw)})"


def matching_keys(index: str, words: Sequence[str], name: str | None = None) -> Subquery:
    """The distinct keys of the index's records whose text has every word, as a subquery to
    join: the statement then starts from the few the index finds and reads each record by
    its key (a `key IN (...)` condition left the planner free to read every record instead,
    through an index that covers more of their columns)."""
    t = table(index, column("key"))
    return select(t.c.key).where(IndexMatch(index, words, name)).distinct().subquery()

"""NRW's full-text index of its published groups: an SQLite FTS5 table of Snowball stems
(kennung; titel as `name`; beschreibung and ort as `body`), and the condition that asks it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, column, inspect, literal_column, select, table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.standins.nrw.text import document, stem

INDEX = "gruppen_suche"
_index = table(INDEX, column("key"), column("name"), column("body"))


async def ensure(conn: AsyncConnection) -> bool:
    """Create the index when it is missing; True if it was."""
    if await conn.run_sync(lambda sync: inspect(sync).has_table(INDEX)):
        return False
    await conn.execute(
        text(
            f"CREATE VIRTUAL TABLE {INDEX} USING fts5("
            "key UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    )
    return True


async def write(
    conn: AsyncConnection, rows: Iterable[tuple[str, str, str | None, str | None]]
) -> int:
    """The index anew from (kennung, titel, beschreibung, ort) rows."""
    await conn.execute(text(f"DELETE FROM {INDEX}"))
    docs = [
        {"key": key, "name": document(title), "body": document(f"{body or ''} {town or ''}")}
        for key, title, body, town in rows
    ]
    if docs:
        await conn.execute(_index.insert(), docs)
    return len(docs)


def matches(key: ColumnElement[Any], words: Sequence[str], name_only: bool = False) -> Any:
    """`key` is of a group whose text (or title alone) has every word, each by its stem as a
    prefix ("sucht" finds "Suchtberatung")."""
    expression = " AND ".join(f'"{stem(word)}"*' for word in words)
    if name_only:
        expression = f"name : ({expression})"
    found = select(_index.c.key).where(literal_column(INDEX).op("MATCH")(expression))
    return key.in_(found)

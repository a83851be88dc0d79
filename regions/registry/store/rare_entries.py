"""Rare-condition entries by self-service: submitted, reviewed, renewed, withdrawn.

Every write takes the mutation's connection (one transaction with its change-log entry).
Withdrawing deletes the person's data at once, for real: the person's row, the free text,
the Land, the entry's search-index row and the management key; the consent records stay,
withdrawn, as the record of what was consented and until when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import (
    ConsentChannel,
    ConsentScope,
    RareCondition,
    RareConditionPerson,
    RareConditionSearch,
)
from regions.registry.store import consents
from regions.registry.store.rare_conditions import ENTRY
from regions.sources.search import fulltext
from regions.sources.vocabulary import ReviewState

entries = RareConditionSearch.__table__
persons = RareConditionPerson.__table__
conditions = RareCondition.__table__
INDEX = "search_rare_condition_searches"


async def condition(
    conn: AsyncConnection, orpha_code: int | None, name: str | None
) -> Row[Any] | None:
    """The condition by its ORPHA code, or by its name or a synonym (case-insensitive)."""
    c = conditions.c
    if orpha_code is not None:
        return (await conn.execute(select(conditions).where(c.orpha_code == orpha_code))).first()
    wanted = (name or "").strip().lower()
    if not wanted or any(ord(ch) < 32 for ch in wanted):  # SQLite cuts text at NUL
        return None
    rows = await conn.execute(
        select(conditions).where(
            (func.lower(c.name) == wanted)
            | (func.lower("|" + c.synonyms + "|").contains(f"|{wanted}|", autoescape=True))
        )
    )
    return rows.first()


async def insert_entry(
    conn: AsyncConnection, entry: Mapping[str, Any], person: Mapping[str, Any]
) -> int:
    result = await conn.execute(insert(entries).returning(entries.c.id), [dict(entry)])
    key = int(result.scalar_one())
    await conn.execute(insert(persons), [{**person, "search_id": key}])
    return key


async def entry(conn: AsyncConnection, key: int) -> Row[Any] | None:
    """An entry in any state, with its condition's nationwide contact."""
    stmt = (
        select(entries, conditions.c.nationwide_contact_id)
        .join(conditions, conditions.c.id == entries.c.condition_id)
        .where(entries.c.id == key)
    )
    return (await conn.execute(stmt)).first()


async def update_entry(
    conn: AsyncConnection, key: int, version: int, values: Mapping[str, Any]
) -> bool:
    """Change the entry if it is still at `version` (+1); False when it is not."""
    stmt = (
        update(entries)
        .where(entries.c.id == key, entries.c.version == version)
        .values(**values, version=entries.c.version + 1)
    )
    return bool((await conn.execute(stmt)).rowcount == 1)


async def make_nationwide_contact(
    conn: AsyncConnection, condition_id: int, key: int, today: date
) -> bool:
    """The entry becomes its condition's nationwide contact unless the condition has one that
    is still published and current (compare-and-set: one per condition)."""
    c = conditions.c
    holder = select(entries.c.id).where(
        entries.c.id == c.nationwide_contact_id,
        entries.c.review_state == ReviewState.PUBLISHED,
        entries.c.expires_on >= today,
    )
    stmt = (
        update(conditions)
        .where(c.id == condition_id, (c.nationwide_contact_id.is_(None)) | ~holder.exists())
        .values(nationwide_contact_id=key)
    )
    return bool((await conn.execute(stmt)).rowcount == 1)


async def index_entry(conn: AsyncConnection, key: int) -> None:
    """Its search-index row, now (published: found by search at once)."""
    await unindex_entry(conn, key)
    stmt = (
        select(entries.c.id, conditions.c.name, conditions.c.synonyms, entries.c.seeking)
        .join(conditions, conditions.c.id == entries.c.condition_id)
        .where(entries.c.id == key)
    )
    row = (await conn.execute(stmt)).one()
    body = f"{row.synonyms.replace('|', ' ')} {row.seeking}"
    await fulltext.write(conn, INDEX, [(row.id, row.name, body)], replace=False)


async def unindex_entry(conn: AsyncConnection, key: int) -> None:
    await conn.execute(text(f"DELETE FROM {INDEX} WHERE key = :key"), {"key": key})


async def erase_personal_data(
    conn: AsyncConnection, key: int, at: datetime, channel: ConsentChannel
) -> list[ConsentScope]:
    """Delete everything personal of one entry, for real: the person's row, the free text
    and the Land, the management key, its search-index row, the condition's pointer to it;
    withdraw every consent in force (the records stay). Returns the scopes withdrawn."""
    await conn.execute(delete(persons).where(persons.c.search_id == key))
    await conn.execute(
        update(entries)
        .where(entries.c.id == key)
        .values(seeking="", region_code=None, management_key_hash=None)
    )
    await unindex_entry(conn, key)
    await conn.execute(
        update(conditions)
        .where(conditions.c.nationwide_contact_id == key)
        .values(nationwide_contact_id=None)
    )
    return await consents.withdraw(conn, ENTRY, key, list(ConsentScope), at, channel)


def queue_query(state: ReviewState | None) -> Any:
    """The review queue: submissions in one state (all if None)."""
    stmt = select(entries).where(entries.c.submitted_at.is_not(None))
    return stmt if state is None else stmt.where(entries.c.review_state == state)

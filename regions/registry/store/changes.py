"""The write path's records: the change log, and the results of idempotent mutations.

Every function here takes the connection of the mutation's own transaction, so a change, its
log entry and its remembered result are committed together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import ChangeLogEntry, MutationResult

change_log = ChangeLogEntry.__table__
results = MutationResult.__table__


async def log_change(conn: AsyncConnection, entry: dict[str, Any]) -> None:
    """One change-log entry, inside the transaction that makes the change."""
    await conn.execute(insert(change_log), [entry])


async def remembered(
    conn: AsyncConnection, caller_key: str, mutation: str, client_mutation_id: str
) -> str | None:
    """The subject an earlier run of this mutation with this id answered with, if any."""
    c = results.c
    stmt = select(c.subject_id).where(
        c.caller_key == caller_key,
        c.mutation == mutation,
        c.client_mutation_id == client_mutation_id,
    )
    return (await conn.execute(stmt)).scalar()


async def remember(
    conn: AsyncConnection,
    caller_key: str,
    mutation: str,
    client_mutation_id: str,
    subject_id: str,
    at: datetime,
) -> None:
    """Keep the answer; the unique key makes a concurrent second run fail here (and roll back)."""
    row = {
        "caller_key": caller_key,
        "mutation": mutation,
        "client_mutation_id": client_mutation_id,
        "subject_id": subject_id,
        "at": at,
    }
    await conn.execute(insert(results), [row])


@dataclass(frozen=True)
class ChangeFilter:
    subject_ids: tuple[str, ...] = ()
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def change_log_query(f: ChangeFilter) -> Select[Any]:
    """Change-log entries matching every given filter (the caller pages them by id)."""
    c = change_log.c
    stmt = select(change_log)
    if f.subject_ids:
        stmt = stmt.where(or_(*(c.subject_id == s for s in f.subject_ids)))
    if f.actor is not None:
        stmt = stmt.where(or_(c.actor == f.actor, c.token_id == f.actor))
    if f.since is not None:
        stmt = stmt.where(c.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(c.at < f.until)
    return stmt

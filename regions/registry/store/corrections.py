"""Reported corrections' SQL: the subject they name, the queue, and their state changes.

Functions taking a connection run in the mutation's own transaction (with its change-log entry
and, for a region-owned group, its outbox row)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import (
    ContactPoint,
    Correction,
    Group,
    Organisation,
    OutboxMessage,
    RareConditionSearch,
)
from regions.sources.vocabulary import ReviewState

corrections = Correction.__table__
outbox = OutboxMessage.__table__
TABLES = {
    "Group": Group.__table__,
    "ContactPoint": ContactPoint.__table__,
    "Organisation": Organisation.__table__,
    "RareConditionSearch": RareConditionSearch.__table__,
}


async def subject(conn: AsyncConnection, type_name: str, key: int) -> Row[Any] | None:
    """The registry object a correction names, if it exists and is public (a published group,
    a rare-condition search not expired): a correction cannot probe for hidden records."""
    table = TABLES[type_name]
    stmt = select(table).where(table.c.id == key)
    if type_name == "Group":
        stmt = stmt.where(table.c.review_state == ReviewState.PUBLISHED)
    if type_name == "RareConditionSearch":
        stmt = stmt.where(table.c.expires_on >= date.today())
    return (await conn.execute(stmt)).first()


async def insert_correction(conn: AsyncConnection, row: dict[str, Any]) -> int:
    result = await conn.execute(insert(corrections).values(row).returning(corrections.c.id))
    return int(result.scalar_one())


async def link_outbox(conn: AsyncConnection, correction_id: int, outbox_id: int) -> None:
    stmt = update(corrections).where(corrections.c.id == correction_id)
    await conn.execute(stmt.values(outbox_id=outbox_id))


def _with_delivery() -> Select[Any]:
    """A correction with its outbox row's delivery state (null for registry objects)."""
    o = outbox.c
    delivery = (o.attempts, o.next_attempt_at, o.delivered_at, o.last_error)
    return select(corrections, *delivery).outerjoin(outbox, o.id == corrections.c.outbox_id)


async def correction(conn: AsyncConnection, key: int) -> Row[Any] | None:
    stmt = _with_delivery().where(corrections.c.id == key)
    return (await conn.execute(stmt)).first()


def queue_query(states: Collection[str] | None, regions: Collection[str] | None) -> Select[Any]:
    """The queue in id order; `regions` None: every Land and nationwide objects (national
    staff), else only objects of these Lands (a regional office)."""
    c = corrections.c
    stmt = _with_delivery()
    if states is not None:
        stmt = stmt.where(c.state.in_(list(states)))
    if regions is not None:
        stmt = stmt.where(c.region_code.in_(sorted(regions)))
    return stmt


async def decide(
    conn: AsyncConnection, key: int, expected_version: int, values: dict[str, Any]
) -> bool:
    """Change an OPEN correction at the version read: False if it changed since (or is gone)."""
    c = corrections.c
    stmt = (
        update(corrections)
        .where(c.id == key, c.version == expected_version, c.state == "OPEN")
        .values(**values, version=c.version + 1)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def apply_value(
    conn: AsyncConnection, type_name: str, key: int, column: str, value: Any, values: dict[str, Any]
) -> None:
    """Write the corrected value (and the object's bookkeeping `values`) into the object."""
    table = TABLES[type_name]
    await conn.execute(update(table).where(table.c.id == key).values({column: value, **values}))

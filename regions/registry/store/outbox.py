"""The outbox's SQL: enqueue in the caller's transaction, claim a due row, record the outcome.

A row is due while it is neither delivered nor failed and its `next_attempt_at` has come.
A deliverer claims a row by moving `next_attempt_at` past the time a delivery may take (one
UPDATE that only succeeds if nobody moved it first), so two deliverers (two replicas) never
send one row at the same time; one that dies mid-delivery leaves the row due again after its
lease, and the repeated delivery key makes that second sending harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import Correction, OutboxMessage
from regions.registry.store import versions

outbox = OutboxMessage.__table__
corrections = Correction.__table__


async def enqueue(
    conn: AsyncConnection,
    region: str,
    operation: str,
    payload: dict[str, Any],
    delivery_key: str,
    now: datetime,
) -> int:
    """One row, due at once; in the transaction of the change that owes it."""
    row = {
        "region": region,
        "operation": operation,
        "payload": payload,
        "delivery_key": delivery_key,
        "created_at": now,
        "attempts": 0,
        "next_attempt_at": now,
    }
    result = await conn.execute(insert(outbox).values(row).returning(outbox.c.id))
    return int(result.scalar_one())


def _open() -> Any:
    return outbox.c.delivered_at.is_(None) & outbox.c.failed_at.is_(None)


async def due(
    engine: AsyncEngine, now: datetime | None, limit: int, ids: Sequence[int] | None = None
) -> list[Row[Any]]:
    """Undelivered rows whose time has come (all undelivered ones with `now` None), oldest
    first; only these `ids`, if given."""
    stmt = select(outbox).where(_open())
    if ids is not None:
        stmt = stmt.where(outbox.c.id.in_(sorted(set(ids))))
    if now is not None:
        stmt = stmt.where(outbox.c.next_attempt_at <= now)
    async with engine.connect() as conn:
        return list((await conn.execute(stmt.order_by(outbox.c.id).limit(limit))).all())


async def claim(engine: AsyncEngine, row: Row[Any], lease_until: datetime) -> bool:
    """Take the row for one delivery: False if another deliverer took or finished it first."""
    stmt = (
        update(outbox)
        .where(outbox.c.id == row.id, _open())
        .where(outbox.c.attempts == row.attempts)
        .values(next_attempt_at=lease_until, attempts=row.attempts + 1)
    )
    async with engine.begin() as conn:
        return (await conn.execute(stmt)).rowcount == 1


async def delivered(
    engine: AsyncEngine, outbox_id: int, now: datetime, payload: dict[str, Any] | None = None
) -> None:
    """The region has it: the row is done and its correction DELIVERED, in one transaction.
    `payload` replaces the row's (an erasure keeps the region's counts, not the person)."""
    values: dict[str, Any] = {"delivered_at": now, "next_attempt_at": None, "last_error": None}
    if payload is not None:
        values["payload"] = payload
    async with engine.begin() as conn:
        await conn.execute(update(outbox).where(outbox.c.id == outbox_id).values(**values))
        await conn.execute(
            update(corrections)
            .where(corrections.c.outbox_id == outbox_id)
            .values(state="DELIVERED", decided_at=now, version=corrections.c.version + 1)
        )
        await versions.bump(conn)  # the correction's state is read through the graph


async def retry_later(
    engine: AsyncEngine, outbox_id: int, at: datetime, error: str, attempts: int | None = None
) -> None:
    """Due again at `at`; `attempts` counts an attempt made without a claim (no source)."""
    values: dict[str, Any] = {"next_attempt_at": at, "last_error": error[:500]}
    if attempts is not None:
        values["attempts"] = attempts
    async with engine.begin() as conn:
        await conn.execute(update(outbox).where(outbox.c.id == outbox_id).values(**values))


async def refused(
    engine: AsyncEngine,
    outbox_id: int,
    now: datetime,
    error: str,
    payload: dict[str, Any] | None = None,
) -> None:
    """The region answered no: not retried; its correction REFUSED with the region's reason.
    `payload` replaces the row's (an erasure's identifiers are not kept)."""
    values: dict[str, Any] = {"failed_at": now, "next_attempt_at": None, "last_error": error[:500]}
    if payload is not None:
        values["payload"] = payload
    async with engine.begin() as conn:
        await conn.execute(update(outbox).where(outbox.c.id == outbox_id).values(**values))
        await conn.execute(
            update(corrections)
            .where(corrections.c.outbox_id == outbox_id)
            .values(
                state="REFUSED",
                decided_at=now,
                reason=error[:500],
                version=corrections.c.version + 1,
            )
        )
        await versions.bump(conn)


async def pending_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        stmt = select(func.count()).select_from(outbox).where(_open())
        return int((await conn.execute(stmt)).scalar_one())


async def by_keys(engine: AsyncEngine, delivery_keys: Sequence[str]) -> list[Row[Any]]:
    """The rows of these delivery keys (an erasure's, per region), by id."""
    if not delivery_keys:
        return []
    stmt = select(outbox).where(outbox.c.delivery_key.in_(sorted(set(delivery_keys))))
    async with engine.connect() as conn:
        return list((await conn.execute(stmt.order_by(outbox.c.id))).all())

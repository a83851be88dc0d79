"""Legal holds, set and cleared in the mutation's transaction (with its change-log entry)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import Correction, Group, LegalHold, RareConditionSearch

holds = LegalHold.__table__
TABLES: dict[str, Any] = {
    "RareConditionSearch": RareConditionSearch.__table__,
    "Group": Group.__table__,
    "Correction": Correction.__table__,
}


async def exists_record(conn: AsyncConnection, subject_type: str, key: int) -> bool:
    table = TABLES[subject_type]
    found = await conn.execute(select(table.c.id).where(table.c.id == key))
    return found.first() is not None


async def active(conn: AsyncConnection, subject_type: str, key: int) -> Any:
    h = holds.c
    stmt = select(holds).where(
        h.subject_type == subject_type, h.subject_key == key, h.cleared_at.is_(None)
    )
    return (await conn.execute(stmt)).first()


async def set_hold(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(holds), [row])


async def clear(conn: AsyncConnection, hold_id: int, at: datetime, by: str | None) -> None:
    stmt = update(holds).where(holds.c.id == hold_id).values(cleared_at=at, cleared_by=by)
    await conn.execute(stmt)

"""SQL of the offices' maintenance: versioned updates of contact points, groups and
organisations, their lists replaced whole, and a new local group. Every function takes the
mutation's own connection (one transaction with its change-log entry)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.schema import Table

from regions.registry.models import (
    ContactPoint,
    ContactPointStaff,
    Group,
    GroupContact,
    GroupTopic,
    OfficeHours,
    Organisation,
    ServedDistrict,
    Topic,
)

contact_points: Table = ContactPoint.__table__  # type: ignore[assignment]
groups: Table = Group.__table__  # type: ignore[assignment]
organisations: Table = Organisation.__table__  # type: ignore[assignment]
hours: Table = OfficeHours.__table__  # type: ignore[assignment]
districts: Table = ServedDistrict.__table__  # type: ignore[assignment]
staff: Table = ContactPointStaff.__table__  # type: ignore[assignment]


async def row(conn: AsyncConnection, table: Table, key: int) -> Row[Any] | None:
    return (await conn.execute(select(table).where(table.c.id == key))).first()


async def update_versioned(
    conn: AsyncConnection, table: Table, key: int, expected: int, values: Mapping[str, Any]
) -> bool:
    """The object's new values at the version read: False if it changed since."""
    stmt = (
        update(table)
        .where(table.c.id == key, table.c.version == expected)
        .values(**values, version=table.c.version + 1)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def office_hours(conn: AsyncConnection, key: int) -> list[tuple[int, Any, Any]]:
    c = hours.c
    stmt = select(c.weekday, c.opens, c.closes).where(c.contact_point_id == key)
    return [tuple(r) for r in await conn.execute(stmt.order_by(c.weekday, c.opens))]  # type: ignore[misc]


async def replace_office_hours(
    conn: AsyncConnection, key: int, rows: Sequence[tuple[int, Any, Any]]
) -> None:
    await conn.execute(delete(hours).where(hours.c.contact_point_id == key))
    if rows:
        values = [
            {"contact_point_id": key, "weekday": w, "opens": o, "closes": c} for w, o, c in rows
        ]
        await conn.execute(insert(hours), values)


async def served(conn: AsyncConnection, key: int) -> list[str]:
    stmt = select(districts.c.district).where(districts.c.contact_point_id == key)
    return sorted((await conn.execute(stmt)).scalars())


async def replace_districts(conn: AsyncConnection, key: int, names: Sequence[str]) -> None:
    await conn.execute(delete(districts).where(districts.c.contact_point_id == key))
    if names:
        rows = [{"contact_point_id": key, "district": n} for n in names]
        await conn.execute(insert(districts), rows)


async def staff_of(conn: AsyncConnection, key: int) -> list[Row[Any]]:
    stmt = select(staff).where(staff.c.contact_point_id == key).order_by(staff.c.id)
    return list((await conn.execute(stmt)).all())


async def replace_staff(
    conn: AsyncConnection, key: int, people: Sequence[Mapping[str, Any]]
) -> None:
    await conn.execute(delete(staff).where(staff.c.contact_point_id == key))
    if people:
        await conn.execute(insert(staff), [{**p, "contact_point_id": key} for p in people])


async def unknown_topics(conn: AsyncConnection, keys: Sequence[int]) -> set[int]:
    found = await conn.execute(select(Topic.id).where(Topic.id.in_(sorted(set(keys)))))
    return set(keys) - set(found.scalars())


async def insert_group(
    conn: AsyncConnection,
    group: Mapping[str, Any],
    topic_ids: Sequence[int],
    contact: Mapping[str, Any] | None,
) -> int:
    result = await conn.execute(insert(groups).returning(groups.c.id), [dict(group)])
    key = int(result.scalar_one())
    links = [{"group_id": key, "topic_id": t} for t in sorted(set(topic_ids))]
    await conn.execute(insert(GroupTopic.__table__), links)
    if contact:
        await conn.execute(insert(GroupContact.__table__), [{**contact, "group_id": key}])
    return key

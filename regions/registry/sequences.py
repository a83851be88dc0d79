"""PostgreSQL only: move each table's id sequence past the ids already in it.

The demo build (and any bulk load) inserts rows with their ids; PostgreSQL's sequences do not
see those, so the first row the API inserts would get id 1 again. SQLite needs nothing."""

from __future__ import annotations

from sqlalchemy import Integer, text
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import Base


def serial_tables() -> list[str]:
    """Tables whose primary key is one integer `id` the database numbers."""
    names = []
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, Integer):
            names.append(table.name)
    return names


async def catch_up(conn: AsyncConnection) -> None:
    if conn.dialect.name != "postgresql":
        return
    for name in serial_tables():
        await conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name} "
                "HAVING max(id) IS NOT NULL"
            )
        )

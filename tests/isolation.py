"""Keeping the shared databases shared: a fingerprint of every table, and what may change.

The integration suite builds one registry per backend (and one Bavaria database, one NRW
service) and every read-only test uses them. A test that writes uses a registry of its own
(`private_registry` in tests/conftest.py); the guard fingerprints the shared databases when
they are built and again when they are closed, and fails the run if anything changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# Every disclosure is audited (graph/access): reading protected data appends to this table.
# Tests may add records to it (each test reads back its own by request id), never change one.
APPEND_ONLY = {"disclosures": "id"}


@dataclass(frozen=True, slots=True)
class TableState:
    """A table's row count and a digest of its rows (order-independent); for an append-only
    table also its largest key, and the digest covers the rows up to it."""

    rows: int
    digest: str
    last: int | None = None


Fingerprint = Mapping[str, TableState]


async def _tables(conn: AsyncConnection) -> list[str]:
    return sorted(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


def _digest(rows: list[tuple[object, ...]]) -> str:
    lines = sorted(repr(tuple(row)) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


async def _state(conn: AsyncConnection, table: str, earlier: TableState | None) -> TableState:
    key = APPEND_ONLY.get(table)
    if key is None:
        rows = list((await conn.execute(text(f'SELECT * FROM "{table}"'))).all())
        return TableState(len(rows), _digest(rows))
    last = (await conn.execute(text(f'SELECT max("{key}") FROM "{table}"'))).scalar() or 0
    bound = last if earlier is None or earlier.last is None else earlier.last
    query = text(f'SELECT * FROM "{table}" WHERE "{key}" <= :bound')
    rows = list((await conn.execute(query, {"bound": bound})).all())
    count = (await conn.execute(text(f'SELECT count(*) FROM "{table}"'))).scalar_one()
    return TableState(int(count), _digest(rows), bound)


async def fingerprint(
    engine: AsyncEngine, like: Fingerprint | None = None
) -> dict[str, TableState]:
    """Every table of the database the engine points at (its schema on PostgreSQL).

    With `like` (an earlier fingerprint), append-only tables are digested up to the key they
    had then, so records added since do not count as a change.
    """
    async with engine.connect() as conn:
        states = {}
        for table in await _tables(conn):
            states[table] = await _state(conn, table, like.get(table) if like else None)
        return states


def changes(before: Fingerprint, after: Fingerprint) -> list[str]:
    """What differs between two fingerprints of one database, table by table."""
    found = []
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table), after.get(table)
        if old is None or new is None:
            found.append(f"{table}: {'created' if old is None else 'dropped'}")
        elif table in APPEND_ONLY:
            if new.rows < old.rows or new.digest != old.digest:
                found.append(f"{table}: records changed or removed (it is append-only)")
        elif new != old:
            detail = f"{old.rows} -> {new.rows} rows" if new.rows != old.rows else "rows changed"
            found.append(f"{table}: {detail}")
    return found


async def assert_unchanged(name: str, engine: AsyncEngine, before: Fingerprint) -> None:
    """Fail when the shared database `name` differs from its fingerprint `before`."""
    found = changes(before, await fingerprint(engine, like=before))
    assert not found, (
        f"a test changed the shared {name} (tests that write use `private_registry`): "
        + "; ".join(found)
    )

"""SQLite in one round trip per statement (regions/sources/sqlite_driver.py): a statement is
one call on aiosqlite's thread, a read gives its connection back without a rollback call, and
writes keep their transactions: a failed one leaves nothing, the pool hands out no connection
with a transaction still open, executemany and lastrowid work as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.sources.engine import create_engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    made = create_engine(f"sqlite:///{tmp_path / 'd.db'}", statement_timeout=5)
    async with made.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield made
    await made.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls made on aiosqlite's thread, by what they ran."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_a_read_is_one_trip_and_gives_its_connection_back_without_another(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # the pool's connection is open now
    trips.clear()
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, name FROM t WHERE id IN (1, 2)"))).all()
    assert rows == []
    assert trips == ["_one"]  # execute + fetch + close in one call; no rollback call


async def test_a_failed_transaction_leaves_nothing_and_no_open_transaction(
    engine: AsyncEngine, trips: list[str]
) -> None:
    with pytest.raises(exc.IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))  # UNIQUE
    assert "rollback" in trips  # the write's transaction was rolled back
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection._conn  # type: ignore[union-attr]
        assert raw.in_transaction is False
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0


async def test_a_rolled_back_block_is_rolled_back_even_after_reads(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
        await conn.execute(text("SELECT count(*) FROM t"))
        await conn.rollback()
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0


async def test_writes_keep_their_results(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        many = await conn.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": "x"}, {"name": "y"}]
        )
        assert many.rowcount == 2
        one = await conn.execute(text("INSERT INTO t (name) VALUES ('z')"))
        assert one.lastrowid == 3
        changed = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id < 3"))
        assert changed.rowcount == 2
    async with engine.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
    assert names == ["x!", "y!", "z"]

"""The SQLite engine's statement timeout (PostgreSQL's is asyncpg's command_timeout, proven
by tests/ops/test_outages.py): a runaway statement is interrupted and reads as an outage."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from graph.outage import is_outage
from regions.sources.engine import create_engine

RUNAWAY = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT count(*) FROM n"
)


async def test_a_runaway_sqlite_statement_is_interrupted(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", statement_timeout=0.2)
    try:
        async with engine.connect() as conn:
            started = time.perf_counter()
            with pytest.raises(exc.OperationalError) as raised:
                await conn.execute(RUNAWAY)
            assert time.perf_counter() - started < 0.2 + 2.0
            assert "interrupted" in str(raised.value)
            assert is_outage(raised.value)
            # the connection serves the next statement with a fresh deadline
            assert (await conn.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()


async def test_without_a_statement_timeout_nothing_is_interrupted(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'y.db'}")
    try:
        async with engine.connect() as conn:
            small = text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
                " SELECT count(*) FROM n"
            )
            assert (await conn.execute(small)).scalar() == 200000
    finally:
        await engine.dispose()

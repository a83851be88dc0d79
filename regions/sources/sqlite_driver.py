"""SQLite under asyncio in one round trip per statement.

aiosqlite runs every sqlite3 call on the connection's own thread; SQLAlchemy's adapter makes
four such calls per statement (open a cursor, execute, fetch all, close it) and one more when
a connection goes back to the pool (rollback). Each call is a round trip: a queue to the
thread, the thread's work, a wake-up of the event loop (~70-150 µs on this machine, against
~5 µs for reading one row by key). This adapter makes a statement's calls in one round trip
and leaves out the rollback when the connection has no transaction open (after reads).

Same driver, same thread per connection, same errors and the same statement deadline (the
progress handler of regions/sources/engine.py); only the number of round trips changes. Used
by create_engine for every SQLite store (`module=` of SQLAlchemy's aiosqlite dialect).
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


class _Done:
    """What a finished sqlite3 cursor leaves: read on the connection's thread, then closed."""

    __slots__ = ("arraysize", "description", "lastrowid", "rowcount", "rows")

    def __init__(self, cursor: sqlite3.Cursor | None = None) -> None:
        self.arraysize = 1
        self.description = None if cursor is None else cursor.description
        self.lastrowid = None if cursor is None else cursor.lastrowid
        self.rowcount = -1 if cursor is None else cursor.rowcount
        self.rows: list[Any] = []

    async def close(self) -> None:
        return None


def _one(conn: sqlite3.Connection, operation: str, parameters: Any) -> _Done:
    cursor = conn.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        done = _Done(cursor)
        if cursor.description is not None:
            done.rows = cursor.fetchall()
        return done
    finally:
        cursor.close()


def _many(conn: sqlite3.Connection, operation: str, rows: Any) -> _Done:
    cursor = conn.cursor()
    try:
        cursor.executemany(operation, rows)
        return _Done(cursor)
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A statement (or executemany) in one call on the connection's thread; rows kept here."""

    __slots__ = ()

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = _Done()  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()

    async def _run(self, function: Any, operation: str, parameters: Any) -> None:
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            done = await driver._execute(function, driver._conn, operation, parameters)
        self._cursor = done  # type: ignore[assignment]
        self._rows = collections.deque(done.rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        await self._run(_one, operation, parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> None:
        await self._run(_many, operation, seq_of_parameters)

    async def _async_soft_close(self) -> None:
        return None  # nothing stays open between calls

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor

    def rollback(self) -> None:
        raw = self._connection._connection  # type: ignore[attr-defined]
        if raw is not None and not raw.in_transaction:
            return  # nothing to roll back: after reads, autocommit mode (no round trip)
        super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))


def dbapi() -> OneTripDBAPI:
    """The module SQLAlchemy's aiosqlite dialect uses in place of its own adapter."""
    return OneTripDBAPI(aiosqlite, sqlite3)

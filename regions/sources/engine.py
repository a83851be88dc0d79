"""Async engines for SQL stores (the registry, a region's database): SQLite or PostgreSQL.

Every engine the API serves from is bounded: `connect_timeout` bounds opening a connection
(and waiting for one from the pool), `statement_timeout` every statement. PostgreSQL: asyncpg's
`timeout` and `command_timeout` (client side, so they hold even when the server hangs with its
sockets open) and the server's own `statement_timeout`. SQLite: the busy timeout, and a progress
handler that interrupts a statement running past its time (`sqlite3.OperationalError:
interrupted`). Migrations and demo builds use an engine without a statement timeout.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    create_async_engine,
)
from sqlalchemy.util import await_only

from regions.sources import sqlite_driver
from regions.sources.private_files import private_sqlite_file

PROGRESS_STEPS = 1000  # SQLite virtual-machine steps between two looks at the clock


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// and sqlite:// URLs and pick the async driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def check_database_url(url: str) -> str:
    """The URL if it names a store this project serves from (ValueError saying why not)."""
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise ValueError(
            "not a database URL (expected e.g. sqlite:///var/national.db or "
            "postgresql://user@host/db)"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {backend!r} (sqlite or postgresql)")
    if parsed.get_driver_name() not in ("aiosqlite", "asyncpg"):
        raise ValueError(
            f"driver {parsed.get_driver_name()!r} is not async (use sqlite+aiosqlite or "
            "postgresql+asyncpg, or plain sqlite:// / postgresql://)"
        )
    if backend == "postgresql" and not parsed.host and not parsed.query.get("host"):
        raise ValueError("a PostgreSQL URL needs a host (postgresql://user@host/db)")
    if backend == "postgresql" and not parsed.database:
        raise ValueError("a PostgreSQL URL needs a database name (postgresql://user@host/db)")
    return url


def create_engine(
    url: str,
    schema: str | None = None,
    *,
    connect_timeout: float | None = None,
    statement_timeout: float | None = None,
    **kwargs: Any,
) -> AsyncEngine:
    """An engine for a SQL store; `schema` (PostgreSQL only) sets the search_path."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not _is_uri(parsed.database):
            private_sqlite_file(Path(parsed.database))  # personal data: 0600, folder 0700
        if connect_timeout is not None:
            kwargs.setdefault("connect_args", {})["timeout"] = connect_timeout  # busy timeout
        kwargs.setdefault("module", sqlite_driver.dbapi())  # one round trip per statement
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if statement_timeout is not None:
            _bound_sqlite_statements(engine, statement_timeout)
        return engine
    connect_args = kwargs.setdefault("connect_args", {})
    server_settings = connect_args.setdefault("server_settings", {})
    if schema:
        server_settings["search_path"] = schema
    if connect_timeout is not None:
        connect_args["timeout"] = connect_timeout
        kwargs.setdefault("pool_timeout", connect_timeout)
    if statement_timeout is not None:
        connect_args["command_timeout"] = statement_timeout
        server_settings["statement_timeout"] = str(int(statement_timeout * 1000))
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _is_uri(database: str) -> bool:
    return database.startswith("file:")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class _Deadline:
    """When the statement running on one SQLite connection must stop (monotonic seconds)."""

    def __init__(self) -> None:
        self.at = float("inf")

    def __call__(self) -> int:
        return 1 if time.monotonic() > self.at else 0  # non-zero interrupts the statement


def _bound_sqlite_statements(engine: AsyncEngine, seconds: float) -> None:
    """Each connection gets a progress handler (installed on aiosqlite's own thread, which
    owns the sqlite3 connection); each statement sets its deadline before it runs."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        deadline = _Deadline()
        driver = dbapi_connection.driver_connection  # aiosqlite.Connection
        raw: sqlite3.Connection = driver._conn
        await_only(driver._execute(raw.set_progress_handler, deadline, PROGRESS_STEPS))
        record.info["deadline"] = deadline

    def before(conn: Any, _cursor: Any, *_args: Any) -> None:
        deadline = conn.connection._connection_record.info.get("deadline")
        if deadline is not None:
            deadline.at = time.monotonic() + seconds

    event.listen(engine.sync_engine, "connect", on_connect)
    event.listen(engine.sync_engine, "before_cursor_execute", before)

"""Which failures mean "the database is not answering" (an outage, 503 for every caller), as
opposed to a bug (500-ish: INTERNAL_SERVER_ERROR with a request id)."""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
RETRY_AFTER_SECONDS = 5
OUTAGE_MESSAGE = "The registry is not answering right now; try again shortly."

# asyncpg's own classes, by name (the driver need not be installed for SQLite-only use)
_ASYNCPG = {
    "PostgresConnectionError",
    "ConnectionDoesNotExistError",
    "CannotConnectNowError",
    "TooManyConnectionsError",
    "AdminShutdownError",
    "QueryCanceledError",  # the server's statement_timeout
    "ConnectionFailureError",
}
_SQLITE = ("locked", "busy", "interrupted", "unable to open", "disk i/o")


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _one(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.TimeoutError | exc.InterfaceError | exc.DisconnectionError):
        return True
    if isinstance(error, exc.OperationalError):
        return not isinstance(error.orig, sqlite3.Error) or _sqlite_outage(error.orig)
    if isinstance(error, sqlite3.OperationalError):
        return _sqlite_outage(error)
    if isinstance(error, OSError | TimeoutError | ConnectionError):
        return True
    return any(cls.__name__ in _ASYNCPG for cls in type(error).__mro__)


def _sqlite_outage(error: BaseException) -> bool:
    text = str(error).lower()
    return any(word in text for word in _SQLITE)


def is_outage(error: BaseException | None) -> bool:
    """True when `error` (or what caused it) says the database could not be reached or did
    not answer in time."""
    return error is not None and any(_one(e) for e in _chain(error))


def outage_text(error: BaseException) -> str:
    """One short line for the log: the error's type and its first line."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text[:300]}" if text else type(error).__name__

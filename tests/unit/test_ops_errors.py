"""Configuration errors as one line; which failures are outages; tracebacks throttled."""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import ValidationError
from sqlalchemy import exc

from graph.config_errors import describe
from graph.log_throttle import Throttle
from graph.outage import is_outage
from graph.settings import Settings


def _line(**env: str) -> str:
    with pytest.raises(ValidationError) as raised:
        Settings(**env)  # type: ignore[arg-type]
    line = describe(raised.value)
    assert line is not None and "\n" not in line
    return line


def test_a_wrong_database_url_names_the_setting() -> None:
    assert "SHG_DATABASE_URL: not a database URL" in _line(database_url="postgres//x")
    assert "SHG_DATABASE_URL: unsupported database 'mysql'" in _line(database_url="mysql://u@h/db")
    assert "needs a host" in _line(database_url="postgresql:///db")
    assert "is not async" in _line(database_url="postgresql+psycopg2://u@h/db")


def test_an_unknown_layout_is_a_configuration_error() -> None:
    line = _line(regions=[{"code": "DE-HE", "kind": "sql", "url": "sqlite://", "layout": "x"}])
    assert line == (
        "configuration error: SHG_REGIONS (entry 0): unknown layout 'x' (known: bavaria, bw, nrw)"
    )
    http_with_table = {"code": "DE-HE", "kind": "http", "url": "http://h", "layout": "bavaria"}
    assert "has no DIALECT" in _line(regions=[http_with_table])


def test_malformed_regions_json_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic_settings import SettingsError

    monkeypatch.setenv("SHG_REGIONS", '[{"code": "DE-BY"')
    with pytest.raises(SettingsError) as raised:
        Settings()
    line = describe(raised.value)
    assert line is not None and line.startswith(
        "configuration error: SHG_REGIONS is not valid JSON"
    )


def test_outages_and_bugs_are_told_apart() -> None:
    refused = ConnectionRefusedError(111, "Connection refused")
    assert is_outage(refused)
    assert is_outage(TimeoutError())
    assert is_outage(exc.TimeoutError("QueuePool limit"))
    locked = sqlite3.OperationalError("database is locked")
    assert is_outage(exc.OperationalError("SELECT 1", {}, locked))
    # a bug is not an outage: it stays INTERNAL_SERVER_ERROR with its traceback
    assert not is_outage(
        exc.OperationalError("SELECT x", {}, sqlite3.OperationalError("no such column: x"))
    )
    assert not is_outage(KeyError("x"))
    assert not is_outage(None)
    wrapped = RuntimeError("loader failed")
    wrapped.__cause__ = refused
    assert is_outage(wrapped)


def test_a_traceback_once_per_distinct_failure_per_window() -> None:
    throttle = Throttle(window=60)

    def fail(n: int) -> BaseException:
        try:
            if n:
                raise ValueError(f"value {n}")
            raise KeyError(n)
        except Exception as error:
            return error

    assert throttle.first(fail(1))
    assert not throttle.first(fail(2))  # same place, same type: another value is no news
    assert throttle.first(fail(0))  # another failure
    assert Throttle(window=0).first(fail(1))

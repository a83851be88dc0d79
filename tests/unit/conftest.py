"""The unit layer: modules alone, with no database server, no app and no network.

`.venv/bin/pytest tests/unit` runs it on its own in seconds. A unit test that asks for one of
the integration suite's fixtures (a database, an app, a service) is refused at collection,
and a connection to anything is refused while a unit test runs.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
INTEGRATION = frozenset(
    {
        "backend",
        "database_url",
        "registry_settings",
        "shared_registry",
        "settings",
        "app",
        "client",
        "gql",
        "sql",
        "db",
        "private_registry",
        "token_keys",
        "api",
        "make_api",
        "redis_url",
        "nrw_service",
        "nrw",
        "federated_settings",
        "federated_app",
        "fgql",
        "sql_per_source",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wrong = [
        f"{item.nodeid} uses {', '.join(sorted(INTEGRATION & set(item.fixturenames)))}"
        for item in items
        if item.path.is_relative_to(HERE) and INTEGRATION & set(getattr(item, "fixturenames", ()))
    ]
    if wrong:
        raise pytest.UsageError(
            "unit tests need no database, app or service; move these to the integration "
            "suite:\n  " + "\n  ".join(wrong)
        )


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to connect somewhere fails the test."""

    def refuse(self: socket.socket, address: Any, *args: Any) -> None:
        raise AssertionError(f"a unit test tried to connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield

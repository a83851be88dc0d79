"""Tests that write use a registry of their own, and the guard fails a run that wrote to the
shared one (tests/isolation.py, `private_registry` and `shared_registry` in tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.applications import Starlette

from graph.ids import decode_id
from regions.registry.store.access import revoke
from tests.conftest import Gql, PrivateRegistry
from tests.isolation import assert_unchanged, changes, fingerprint

ROOT = Path(__file__).resolve().parent.parent
NAME = "query($id: ID!) { node(id: $id) { ... on Group { name } } }"
FIRST = "{ groups(first: 1) { nodes { id name } } }"


async def test_a_write_through_a_private_app_leaves_the_shared_registry_unchanged(
    private_registry: PrivateRegistry, app: Starlette, gql: Gql
) -> None:
    # given the shared registry's fingerprint, and a group in the private one
    shared = await fingerprint(app.state.engine)
    group = (await private_registry.gql.data(FIRST))["groups"]["nodes"][0]
    # when the private registry is written to: a group renamed, a token revoked
    rename = text("UPDATE groups SET name = 'Privat umbenannt' WHERE id = :key")
    async with private_registry.engine.begin() as conn:
        await conn.execute(rename, {"key": int(decode_id(group["id"]).key)})
    assert await revoke(private_registry.engine, "private-jti", datetime.now(UTC), "test")
    # then the private app serves the change ...
    renamed = await private_registry.gql.data(NAME, {"id": group["id"]})
    assert renamed["node"] == {"name": "Privat umbenannt"}
    # ... the shared app does not, and the shared registry is unchanged to the last row
    seen = await gql.data(NAME, {"id": group["id"]})
    assert seen["node"] is None or seen["node"]["name"] != "Privat umbenannt"
    assert changes(shared, await fingerprint(app.state.engine, like=shared)) == []


async def test_the_guard_sees_every_kind_of_change(private_registry: PrivateRegistry) -> None:
    engine = private_registry.engine
    async with engine.begin() as conn:
        await _disclose(conn, 2)
    before = await fingerprint(engine)
    assert changes(before, await fingerprint(engine, like=before)) == []
    # an audit record added (every disclosure is recorded) is not a change ...
    async with engine.begin() as conn:
        await _disclose(conn, 1)
    assert changes(before, await fingerprint(engine, like=before)) == []
    # ... a changed row (its updated_at untouched), a new row, a changed audit record are
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE topics SET name = name || '!' WHERE id = 1"))
        await conn.execute(
            text("INSERT INTO token_revocations (jti, revoked_at) VALUES ('x', :at)"),
            {"at": datetime.now(UTC)},
        )
        await conn.execute(text("UPDATE disclosures SET field = 'x' WHERE id = 1"))
    found = changes(before, await fingerprint(engine, like=before))
    assert found == [
        "disclosures: records changed or removed (it is append-only)",
        "token_revocations: 0 -> 1 rows",
        "topics: rows changed",
    ]
    try:
        await assert_unchanged("registry", engine, before)
    except AssertionError as failure:
        assert "a test changed the shared registry" in str(failure)
        assert "topics: rows changed" in str(failure)
    else:
        raise AssertionError("assert_unchanged passed a changed registry")


async def _disclose(conn: AsyncConnection, times: int) -> None:
    insert = text(
        "INSERT INTO disclosures (disclosed_at, request_id, caller_kind, object_id, "
        "object_type, field) VALUES (:at, 'r', 'partner', 'o', 'Group', 'Group.contact')"
    )
    for _ in range(times):
        await conn.execute(insert, {"at": datetime.now(UTC)})


CONFTEST = """
import pytest

pytest_plugins = ["tests.conftest"]


@pytest.fixture(scope="session")
def registry_settings(database_url, token_keys):
    from graph.settings import Settings

    return Settings(database_url=database_url, demo_scale=0.05, regions=[], **token_keys.settings())
"""
WRITES = """
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def test_writes_to_the_shared_registry(app):
    async with app.state.engine.begin() as conn:
        await conn.execute(text("UPDATE topics SET name = name || '!' WHERE id = 1"))


async def test_reads(gql):
    assert (await gql.data("{ topics(first: 1) { nodes { name } } }"))["topics"]["nodes"]
"""
INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = session
asyncio_default_test_loop_scope = session
"""


def test_a_run_whose_test_writes_to_the_shared_registry_fails(tmp_path: Path) -> None:
    # given a suite of two passing tests on the shared registry (SQLite), one of which writes
    (tmp_path / "conftest.py").write_text(textwrap.dedent(CONFTEST), encoding="utf-8")
    (tmp_path / "test_writer.py").write_text(textwrap.dedent(WRITES), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(INI, encoding="utf-8")
    # when it runs
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-k", "sqlite", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    # then both tests pass, the run fails, and the message names the change
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "2 passed" in output and "1 error" in output, output
    assert "a test changed the shared registry" in output, output
    assert "topics: rows changed" in output, output

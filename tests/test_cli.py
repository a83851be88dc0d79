"""The `shg` command: schema export and check, migrations, how `serve` runs uvicorn."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.schema import build_schema
from graph.settings import get_settings

runner = CliRunner()


def test_schema_writes_the_served_sdl(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    result = runner.invoke(app, ["schema", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == build_schema().as_str() + "\n"


def test_schema_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    target.write_text("type Query { stale: Int }\n", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--output", str(target), "--check"])
    assert result.exit_code == 1
    assert "differs" in result.output
    runner.invoke(app, ["schema", "--output", str(target)])
    assert runner.invoke(app, ["schema", "--output", str(target), "--check"]).exit_code == 0


def test_schema_check_fails_on_a_breaking_change_and_release_accepts_it(tmp_path: Path) -> None:
    target, released = tmp_path / "schema.graphql", tmp_path / "released.graphql"
    sdl = build_schema().as_str() + "\n"
    target.write_text(sdl, encoding="utf-8")
    args = ["schema", "--output", str(target), "--released", str(released)]
    grown = sdl.replace("type Query {\n", "type Query {\n  gone: Int\n", 1)
    released.write_text(grown, encoding="utf-8")
    result = runner.invoke(app, [*args, "--check"])
    assert result.exit_code == 1
    assert "Field Query.gone was removed." in result.output
    deprecated = grown.replace("gone: Int", 'gone: Int @deprecated(reason: "use groups")')
    released.write_text(deprecated, encoding="utf-8")
    assert runner.invoke(app, [*args, "--check"]).exit_code == 0
    released.write_text(grown, encoding="utf-8")
    assert runner.invoke(app, [*args, "--release"]).exit_code == 0
    assert released.read_text(encoding="utf-8") == sdl
    assert runner.invoke(app, [*args, "--check"]).exit_code == 0


def test_migrate_creates_an_empty_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHG_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["migrate"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "fresh.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"groups", "contact_points", "alembic_version"} <= tables
        assert conn.execute("SELECT count(*) FROM groups").fetchone() == (0,)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serving(tmp_path: Path, **env: str) -> Iterator[str]:
    """`shg serve` as its own process (the real uvicorn), on the registry alone."""
    port = _free_port()
    environment = {
        **os.environ,
        "SHG_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "SHG_DEMO_DATA": "false",
        "SHG_REGIONS": "[]",
        "SHG_TOKEN_SECRET": "s" * 40,
        "SHG_LOG_LEVEL": "warning",
        **env,
    }
    shg = Path(sys.executable).with_name("shg")
    process = subprocess.Popen(
        [str(shg), "serve", "--port", str(port)], cwd=tmp_path, env=environment
    )
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "shg serve exited"
            with contextlib.suppress(httpx.TransportError):
                httpx.get(url.replace("/graphql", "/healthz"), timeout=1)
                break
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def _statuses(url: str, forwarded_for: list[str]) -> list[int]:
    return [
        httpx.post(
            url, json={"query": "{ __typename }"}, headers={"x-forwarded-for": hop}, timeout=5
        ).status_code
        for hop in forwarded_for
    ]


def test_serve_believes_no_forwarded_for_by_default(tmp_path: Path) -> None:
    # uvicorn on its own trusts X-Forwarded-For from 127.0.0.1: a new address per request
    # would be a new rate-limit counter each time
    with _serving(tmp_path, SHG_RATE_LIMIT_ANONYMOUS="2/minute") as url:
        assert _statuses(url, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) == [200, 200, 429]


def test_serve_believes_forwarded_for_from_a_configured_proxy(tmp_path: Path) -> None:
    env = {"SHG_RATE_LIMIT_ANONYMOUS": "1/minute", "SHG_TRUSTED_PROXIES": "127.0.0.1, ::1"}
    with _serving(tmp_path, **env) as url:
        assert _statuses(url, ["198.51.100.1", "198.51.100.2", "198.51.100.1"]) == [200, 200, 429]


def test_outbox_deliver_runs_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHG_DATABASE_URL", f"sqlite:///{tmp_path / 'outbox.db'}")
    monkeypatch.setenv("SHG_REGIONS", "[]")
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        with sqlite3.connect(tmp_path / "outbox.db") as conn:
            conn.execute(
                "INSERT INTO outbox (region, operation, payload, delivery_key, created_at, "
                "attempts, next_attempt_at) VALUES ('DE-BY', 'report_correction', '{}', 'k-1', "
                "'2026-11-30 20:00:00', 0, '2026-11-30 20:00:00')"
            )
        result = runner.invoke(app, ["outbox", "deliver", "--all"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    # no source for DE-BY is configured: the row waits (nothing lost), with the reason
    assert "delivered 0, retrying 1, refused 0, pending 1" in result.output
    with sqlite3.connect(tmp_path / "outbox.db") as conn:
        assert conn.execute("SELECT attempts, last_error FROM outbox").fetchone() == (
            1,
            "region not configured",
        )


def test_subject_access_prints_the_report_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setenv("SHG_DATABASE_URL", f"sqlite:///{tmp_path / 'subjects.db'}")
    monkeypatch.setenv("SHG_REGIONS", "[]")
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        with sqlite3.connect(tmp_path / "subjects.db") as conn:
            conn.execute(
                "INSERT INTO regions (code, name, population, office_name) "
                "VALUES ('DE-BY', 'Bayern', 13000000, 'SeKo Bayern')"
            )
            conn.execute(
                "INSERT INTO contact_points (id, name, region_code, postal_code, city, latitude, "
                "longitude, source, updated_at, version) VALUES (1, 'KISS', 'DE-BY', '80331', "
                "'München', 48.1, 11.5, 'nakos', '2026-11-30 20:00:00', 1)"
            )
            conn.execute(
                "INSERT INTO contact_point_staff (contact_point_id, name, role, phone, email) "
                "VALUES (1, 'Eva Muster', 'Beratung', '089 / 55 66 77', NULL), "
                "(1, 'Eva Mustermann', 'Beratung', '089 556677 8', NULL)"
            )
        result = runner.invoke(app, ["subject-access", "--phone", "+49 89 556677"])
        refused = runner.invoke(app, ["subject-access", "--email", "kein-mail"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    [staff] = report["registry"]["records"]
    assert staff["kind"] == "contact_point_staff" and staff["fields"]["name"] == "Eva Muster"
    assert report["regions"] == [] and report["complete"] is True
    assert refused.exit_code == 2 and "email" in refused.output

"""The `shg` command: schema export and check, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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

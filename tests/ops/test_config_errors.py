"""Start-up with a broken configuration: one line naming the setting, exit code 2, no
traceback, nothing migrated (issue 15, deliverable 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHG = [sys.executable, "-c", "import sys; from graph.cli import app; sys.argv[0] = 'shg'; app()"]


def _serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SHG_")}
    return subprocess.run(
        [*SHG, "serve", "--port", "8199"],
        env={**clean, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"SHG_DATABASE_URL": "postgres//db"}, "SHG_DATABASE_URL: not a database URL"),
        ({"SHG_DATABASE_URL": "mysql://u@h/db"}, "SHG_DATABASE_URL: unsupported database"),
        ({"SHG_REGIONS": '[{"code": "DE-BY"'}, "SHG_REGIONS is not valid JSON"),
        (
            {
                "SHG_REGIONS": '[{"code": "DE-XX", "kind": "sql", "url": "sqlite://", "layout": "bavaria"}]'
            },
            "SHG_REGIONS (entry 0.code): unknown Land code 'DE-XX'",
        ),
        ({"SHG_WORKERS": "0"}, "SHG_WORKERS: Input should be greater than or equal to 1"),
    ],
)
def test_a_configuration_error_is_one_line(tmp_path: Path, env: dict[str, str], said: str) -> None:
    result = _serve(tmp_path, **env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert said in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unknown_layout_is_found_before_migrating(tmp_path: Path) -> None:
    registry = tmp_path / "registry.db"
    regions = '[{"code": "DE-HE", "kind": "sql", "url": "sqlite:///he.db", "layout": "hessen"}]'
    result = _serve(tmp_path, SHG_DATABASE_URL=f"sqlite:///{registry}", SHG_REGIONS=regions)
    assert result.returncode == 2
    assert "unknown layout 'hessen' (known: bavaria, bw, nrw)" in result.stderr
    assert not registry.exists()  # nothing created, nothing migrated

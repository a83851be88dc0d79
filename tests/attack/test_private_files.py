"""Another account on the host reads no personal data: databases, secrets and key files are
created 0600 (their folder 0700), whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.app import create_app
from graph.settings import DEFAULT_REGIONS, Settings
from regions.sources.private_files import private_dir, private_file, private_sqlite_file
from regions.standins.nrw.app import create_service
from regions.standins.services import _service_key


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def fresh_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory, under the common umask that made the files 0644 before."""
    monkeypatch.chdir(tmp_path)
    previous = os.umask(0o022)
    try:
        yield tmp_path
    finally:
        os.umask(previous)


async def test_a_fresh_start_creates_every_private_file_owner_only(fresh_dir: Path) -> None:
    # given the shipped defaults: registry, Bavaria's database, the NRW service, no token key
    bavaria, nrw, *_ = DEFAULT_REGIONS  # and BW, a service of its own
    settings = Settings(environment="development", demo_data=False, regions=[bavaria])
    assert settings.database_url.endswith("var/national.db") and settings.token_secret is None
    app = create_app(settings)
    service = create_service("sqlite+aiosqlite:///var/nrw.db", demo_groups=3)
    # when the API and the NRW service start (the key as `shg serve` makes it)
    key = _service_key(nrw)
    async with app.router.lifespan_context(app), service.router.lifespan_context(service):
        var = fresh_dir / "var"
        files = sorted(p.name for p in var.iterdir())
        # then every file in var/ is the owner's alone, the write-ahead logs of the open
        # databases included, and var/ itself is 0700
        expected = {"national.db", "bavaria.db", "nrw.db", "token-secret", key.name}
        assert expected | {"national.db-wal", "national.db-shm", "nrw.db-wal"} <= set(files)
        assert {name: oct(mode(var / name)) for name in files} == dict.fromkeys(files, "0o600")
        assert mode(var) == 0o700


def test_existing_files_and_folders_are_left_as_they_are(
    fresh_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # given an operator's own folder and an old database others can read
    shared = fresh_dir / "shared"
    shared.mkdir(mode=0o750)
    os.chmod(shared, 0o750)
    old = shared / "old.db"
    old.write_bytes(b"")
    os.chmod(old, 0o644)
    # when it is opened again
    with caplog.at_level(logging.WARNING):
        private_sqlite_file(old)
    # then nothing is changed behind the operator's back, but the open file is reported
    assert (mode(shared), mode(old)) == (0o750, 0o644)
    assert "old.db is readable or writable by others (mode 644)" in caplog.text


def test_new_folders_are_0700_at_every_level(fresh_dir: Path) -> None:
    private_dir(fresh_dir / "a" / "b" / "c")
    assert [mode(fresh_dir / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3


def test_a_private_file_is_written_once(fresh_dir: Path) -> None:
    path = fresh_dir / "var" / "secret"
    assert private_file(path, b"first") is True
    assert private_file(path, b"second") is False  # another process was quicker: kept as is
    assert (path.read_bytes(), mode(path)) == (b"first", 0o600)

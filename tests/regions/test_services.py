"""`shg serve` runs the shipped NRW service as its own process and stops it with the API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from regions.sources.config import RegionConfig
from regions.standins.services import stand_ins
from tests.regions.conftest import free_port


def test_stand_in_service_starts_and_stops_with_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # its database goes to var/ under the working directory
    url = f"http://127.0.0.1:{free_port()}"
    config = RegionConfig(code="DE-NW", kind="http", url=url, layout="nrw", serve=True)
    with stand_ins([config], seed=20261123, scale=1.0):
        status = httpx.get(f"{url}/api/v1/status", timeout=5)
        assert status.json() == {"status": "ok"}
        found = httpx.get(f"{url}/api/v1/gruppen", params={"kennung": "NW-000001"}, timeout=5)
        assert [g["kennung"] for g in found.json()["gruppen"]] in (["NW-000001"], [])
        # contact data only with the key the stand-in was started with, made once, owner-only
        key_file = tmp_path / "var" / "nrw-service-key"
        assert key_file.stat().st_mode & 0o077 == 0
        contacts = f"{url}/api/v1/gruppen/kontakte"
        assert httpx.get(contacts, params={"kennung": "NW-000001"}, timeout=5).status_code == 401
        key = key_file.read_text(encoding="utf-8")
        keyed = httpx.get(
            contacts,
            params={"kennung": "NW-000001"},
            headers={"authorization": f"Bearer {key}"},
            timeout=5,
        )
        assert keyed.status_code == 200
    # its database (personal data) and var/ are the owner's alone, as made by the service
    assert (tmp_path / "var" / "nrw.db").stat().st_mode & 0o077 == 0
    assert (tmp_path / "var").stat().st_mode & 0o077 == 0
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/api/v1/status", timeout=1)


def test_stand_in_service_runs_on_loopback_only(tmp_path: Path) -> None:
    config = RegionConfig(
        code="DE-NW", kind="http", url="http://0.0.0.0:18399", layout="nrw", serve=True
    )
    with pytest.raises(SystemExit, match="loopback only"), stand_ins([config], 1, 1.0):
        pass


def test_a_dead_stand_in_is_restarted_and_a_leftover_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15, deliverable 9: SIGKILL of the service: restarted (not left a zombie); a
    second `shg serve` finding a service already answering there refuses, naming it."""
    import os
    import signal
    import time

    monkeypatch.chdir(tmp_path)
    url = f"http://127.0.0.1:{free_port()}"
    config = RegionConfig(code="DE-NW", kind="http", url=url, layout="nrw", serve=True)
    with stand_ins([config], seed=20261123, scale=0.05) as (service,):
        first = service.process
        assert first is not None
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, "not restarted"
            if service.process is not first:
                try:
                    if httpx.get(f"{url}/api/v1/status", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
            time.sleep(0.2)
        assert first.returncode == -signal.SIGKILL  # reaped: no zombie left
        assert service.restarts == 1
        pid = (tmp_path / "var" / "nrw-service.pid").read_text(encoding="utf-8")
        assert pid == str(service.process.pid)
        refused = pytest.raises(SystemExit, match=f"already answers at {url} \\(process {pid}")
        with refused, stand_ins([config], seed=20261123, scale=0.05):
            pass
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/api/v1/status", timeout=1)

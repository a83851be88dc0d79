"""`shg serve` runs the shipped NRW service as its own process and stops it with the API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from regions.registry import RegionConfig
from regions.services import stand_ins
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
    assert (tmp_path / "var" / "nrw.db").exists()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/api/v1/status", timeout=1)

"""The README's SHG_REGIONS example works as written: read from README.md, so it cannot drift
(issue 10, defect 8: it used to leave NRW's adapter without the key the stand-in wants)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.app import create_app
from graph.settings import Settings
from regions.sources.config import RegionConfig
from regions.standins.services import stand_ins
from tests.access_tokens import TokenKeys
from tests.regions.conftest import NrwService, free_port

README = Path(__file__).resolve().parents[2] / "README.md"
QUERY = """
{
  groups(region: "DE-NW", format: IN_PERSON, first: 100) {
    nodes { id provenance { source } contactMode contactAccess contact { name email } }
  }
}
"""


def readme_regions() -> list[dict[str, Any]]:
    """The JSON list of the README's `SHG_REGIONS='...'` example."""
    found = re.search(r"SHG_REGIONS='(\[.*?\])'", README.read_text(encoding="utf-8"), re.S)
    assert found, "README.md has an SHG_REGIONS example"
    return list(json.loads(found.group(1)))


def test_every_entry_of_the_example_is_a_valid_region() -> None:
    configs = [RegionConfig.model_validate(entry) for entry in readme_regions()]
    assert {c.code for c in configs} >= {"DE-BY", "DE-NW"}
    nrw = next(c for c in configs if c.code == "DE-NW")
    # the adapter reads the key where `shg serve` writes the stand-in's key
    assert nrw.serve and nrw.key_file() == Path("var/nrw-service-key")


@pytest.fixture(scope="module")
def readme_nrw(
    nrw_service: NrwService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RegionConfig]:
    """NRW's entry as the README writes it, served as `shg serve` serves it, from a working
    directory of its own. Only the port differs (8001 may be taken on a shared machine), and
    the stand-in's database is a copy of the session's, so it starts without filling it."""
    entry = next(e for e in readme_regions() if e["code"] == "DE-NW")
    config = RegionConfig.model_validate({**entry, "url": f"http://127.0.0.1:{free_port()}"})
    root = tmp_path_factory.mktemp("readme")
    (root / "var").mkdir()
    source = sqlite3.connect(nrw_service.database.split("///", 1)[1])
    with sqlite3.connect(root / "var" / "nrw.db") as copy:
        source.backup(copy)
    source.close()
    before = Path.cwd()
    os.chdir(root)
    try:
        with stand_ins([config], seed=20261123, scale=1.0):
            yield config
    finally:
        os.chdir(before)


async def test_an_entitled_caller_gets_nrw_contacts_with_the_example_config(
    readme_nrw: RegionConfig, settings: Settings, token_keys: TokenKeys
) -> None:
    # given the API configured with the README's NRW entry, next to the stand-in it started
    assert (Path("var") / "nrw-service-key").stat().st_mode & 0o077 == 0
    application = create_app(settings.model_copy(update={"regions": [readme_nrw]}))
    token = token_keys.mint({"scope": "contacts:read:DE-NW", "purpose": "referral"})
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.post(
                "/graphql", json={"query": QUERY}, headers={"authorization": f"Bearer {token}"}
            )
    # when an entitled partner reads NRW's groups, it gets their contacts: no failure, no NONE
    body = response.json()
    assert "errors" not in body, body["errors"]
    nodes = [n for n in body["data"]["groups"]["nodes"] if n["provenance"]["source"] == "DE-NW"]
    direct = [n for n in nodes if n["contactMode"] == "DIRECT"]
    assert direct and {n["contactAccess"] for n in direct} <= {"GRANTED", "NONE"}
    shown = [n for n in direct if n["contactAccess"] == "GRANTED"]
    assert len(shown) > len(direct) / 2 and all(n["contact"]["email"] for n in shown)

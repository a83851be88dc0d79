"""NRW's publishing service itself: personal data only for the graph, only of published
groups, and no exact place of a group that keeps it confidential."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import create_engine, text

from tests.regions.conftest import NrwService


def _get(nrw: NrwService, path: str, params: Any, key: str | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {key}"} if key is not None else {}
    return httpx.get(f"{nrw.url}{path}", params=params, headers=headers, timeout=5)


def _keys(nrw: NrwService, where: str) -> list[str]:
    engine = create_engine(nrw.database.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        keys = list(
            conn.execute(text(f"SELECT kennung FROM gruppen WHERE {where} LIMIT 3")).scalars()
        )
    engine.dispose()
    assert keys
    return keys


def test_contacts_need_the_service_key(nrw: NrwService) -> None:
    keys = _keys(nrw, "veroeffentlicht = 1")
    params = {"kennung": keys}
    assert _get(nrw, "/api/v1/gruppen/kontakte", params).status_code == 401
    assert _get(nrw, "/api/v1/gruppen/kontakte", params, "wrong").status_code == 401
    key = nrw.key_file.read_text(encoding="utf-8")
    found = _get(nrw, "/api/v1/gruppen/kontakte", params, key).json()["kontakte"]
    assert sorted(found) == sorted(keys)


def test_contacts_of_unpublished_groups_are_never_given_out(nrw: NrwService) -> None:
    keys = _keys(nrw, "veroeffentlicht = 0")
    key = nrw.key_file.read_text(encoding="utf-8")
    found = _get(nrw, "/api/v1/gruppen/kontakte", {"kennung": keys}, key).json()["kontakte"]
    assert found == {}


def test_a_confidential_place_is_published_as_its_town_only(nrw: NrwService) -> None:
    keys = _keys(nrw, "veroeffentlicht = 1 AND ort_vertraulich = 1")
    groups = _get(nrw, "/api/v1/gruppen", {"kennung": keys}).json()["gruppen"]
    assert len(groups) == len(keys)
    for group in groups:
        address = group["adresse"]
        assert address["vertraulich"] is True and address["ort"]
        assert (address["plz"], address["lat"], address["lon"]) == (None, None, None)

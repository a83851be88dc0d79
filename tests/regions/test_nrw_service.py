"""NRW's publishing service itself: personal data only for the graph, only of published
groups, and no exact place of a group that keeps it confidential."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
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


SEARCH_PATHS = [
    "/api/v1/gruppen/suche",
    "/api/v1/gruppen/anzahl",
    "/api/v1/gruppen/treffer",
    "/api/v1/gruppen/facetten",
]
BAD = [
    {"lat": "nord", "lon": "7", "umkreis_km": "10"},
    {"lat": "51", "lon": "nan", "umkreis_km": "10"},
    {"lat": "51", "lon": "7"},  # no radius
    {"lat": "51", "lon": "7", "umkreis_km": "0"},
    {"lat": "51", "lon": "7", "umkreis_km": "-3"},
    {"lat": "51", "lon": "7", "umkreis_km": "200.5"},
    {"lat": "95", "lon": "7", "umkreis_km": "10"},
    {"lat": "51", "lon": "7", "umkreis_km": "10", "land": "DE-XX"},
    {"wort": [f"wort{i}" for i in range(9)]},
    {"wort": "zwei wörter"},
    {"wort": 'sucht"*'},
    {"wort": "angst:Nicht Slug"},
    {"art": "zeltlager"},
    {"wirkungskreis": "weltweit"},
    {"offen": "vielleicht"},
    {"thema": "<script>"},
]
BAD_PAGING = [
    {"ordnung": "zufall"},
    {"ab_rang": "schnell"},
    {"ab_rang": "inf"},
    {"ab_kennung": "NW-000001"},  # without a rank
    {"ab_rang": "-1.0", "ab_kennung": "40001"},
    {"ab_rang": "-1.0", "ab_inklusive": "ja"},
    {"anzahl": "101"},
]


@pytest.mark.parametrize("params", BAD)
def test_bad_search_parameters_are_refused_with_a_reason(nrw: NrwService, params: Any) -> None:
    for path in SEARCH_PATHS:
        answer = _get(nrw, path, params)
        assert answer.status_code == 400, (path, params)
        assert isinstance(answer.json()["fehler"], str) and answer.json()["fehler"]


@pytest.mark.parametrize("params", BAD_PAGING)
def test_bad_ranked_paging_is_refused(nrw: NrwService, params: Any) -> None:
    answer = _get(nrw, "/api/v1/gruppen/treffer", params)
    assert answer.status_code == 400 and answer.json()["fehler"]


def test_hits_and_facets_as_published(nrw: NrwService) -> None:
    params = {
        "wort": ["gesprächskreisen", "gruppe:angst,depression"],
        "art": ["vor_ort", "hybrid"],
        "lat": "51.51",
        "lon": "7.46",
        "umkreis_km": "60",
        "land": "DE-NW",
        "ordnung": "entfernung",
        "anzahl": "50",
    }
    key = nrw.key_file.read_text(encoding="utf-8")  # a search around a point: the graph's
    body = _get(nrw, "/api/v1/gruppen/treffer", params, key).json()
    assert set(body) == {"treffer", "weitere", "dahinter"} and body["weitere"] in (True, False)
    assert body["dahinter"] is False  # asked from the start: nothing lies before
    hits = body["treffer"]
    assert hits and all(set(hit) == {"gruppe", "rang", "entfernung_km"} for hit in hits)
    assert [h["rang"] for h in hits] == sorted(h["rang"] for h in hits)
    for hit in hits:
        group = hit["gruppe"]
        assert group["treffen"]["art"] in ("vor_ort", "hybrid")
        if group["adresse"]["vertraulich"]:
            assert hit["entfernung_km"] % 5 == 0 and hit["entfernung_km"] >= 5
            assert (group["adresse"]["plz"], group["adresse"]["lat"]) == (None, None)
    facets = _get(nrw, "/api/v1/gruppen/facetten", params, key).json()
    assert set(facets) == {"anzahl", "arten", "themen"}
    assert set(facets["arten"]) == {"vor_ort", "online", "hybrid"}
    assert facets["arten"]["online"] == 0
    assert sum(facets["arten"].values()) == facets["anzahl"]
    count = _get(nrw, "/api/v1/gruppen/anzahl", params, key).json()["anzahl"]
    assert facets["anzahl"] == count >= len(hits)

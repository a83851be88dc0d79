"""Baden-Württemberg's plain service, over HTTP against its ASGI app: its filters (postal-code
prefix, one of its keywords, a substring of the name), its key order and offset paging, 400 on
bad parameters, 404 on unknown groups, and contacts (personal data) only with its key. Every
listing is compared with an oracle computed from all rows of its database."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from regions.registry.demo.catalog.topics import TOPICS
from regions.standins.bw.app import create_service

KEY = "bw-test-key"
GROUPS = 400


@dataclass
class Bw:
    client: httpx.AsyncClient
    rows: list[dict[str, Any]]  # every group in the database, released or not
    words: dict[int, list[str]]


@asynccontextmanager
async def serving(url: str, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_service(url, **kwargs)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bw") as client:
            yield client


@pytest.fixture(scope="module")
async def bw(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bw]:
    path = tmp_path_factory.mktemp("bw") / "var" / "bw.db"
    async with serving(f"sqlite+aiosqlite:///{path}", demo_groups=GROUPS, api_key=KEY) as client:
        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM gruppen")]
        words: dict[int, list[str]] = {r["nr"]: [] for r in rows}
        for nr, word in conn.execute("SELECT nr, stichwort FROM stichworte ORDER BY stichwort"):
            words[nr].append(word)
        conn.close()
        yield Bw(client, rows, words)


def _oracle(bw: Bw, plz: str = "", word: str | None = None, name: str | None = None) -> list[int]:
    return sorted(
        r["nr"]
        for r in bw.rows
        if r["freigegeben"]
        and r["plz"].startswith(plz)
        and (word is None or word.casefold() in {w.casefold() for w in bw.words[r["nr"]]})
        and (name is None or name.casefold() in r["name"].casefold())
    )


async def _list(bw: Bw, **params: Any) -> dict[str, Any]:
    answer = await bw.client.get("/api/gruppen", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def test_the_demo_is_in_baden_wuerttemberg_with_its_own_words(bw: Bw) -> None:
    assert len(bw.rows) == GROUPS
    assert all(r["plz"][0] in "6789" and len(r["plz"]) == 5 and r["ort"] for r in bw.rows)
    every = {w for words in bw.words.values() for w in words}
    assert every and not every & {spec.slug for spec in TOPICS}  # no national slugs
    assert all(w[0].isupper() for w in every)  # its own German words
    assert (await bw.client.get("/api/status")).json() == {"ok": True}


async def test_a_listing_without_filters_is_in_key_order_and_paged_by_offset(bw: Bw) -> None:
    everyone = _oracle(bw)
    first = await _list(bw)
    assert first["gesamt"] == len(everyone) < GROUPS  # unreleased groups are not published
    assert [g["nr"] for g in first["eintraege"]] == everyone[:20]
    seen = []
    for offset in range(0, len(everyone) + 100, 100):
        page = await _list(bw, offset=offset, limit=100)
        assert page["gesamt"] == len(everyone)
        seen += [g["nr"] for g in page["eintraege"]]
    assert seen == everyone
    assert (await _list(bw, offset=len(everyone), limit=5))["eintraege"] == []
    assert [g["nr"] for g in (await _list(bw, offset=7, limit=3))["eintraege"]] == everyone[7:10]


async def test_a_group_has_exactly_the_published_fields(bw: Bw) -> None:
    group = (await _list(bw, limit=1))["eintraege"][0]
    assert set(group) == {
        "nr", "name", "beschreibung", "plz", "ort", "breite", "laenge", "stichworte",
        "online", "nimmt_auf", "aktiv", "kontaktstelle", "geaendert",
    }  # fmt: skip
    row = next(r for r in bw.rows if r["nr"] == group["nr"])
    assert group["name"] == row["name"] and group["stichworte"] == bw.words[row["nr"]]
    assert isinstance(group["online"], bool) and isinstance(group["aktiv"], bool)
    assert len(group["geaendert"]) == 20 and group["geaendert"].endswith("Z")
    assert (await bw.client.get(f"/api/gruppen/{group['nr']}")).json() == group
    assert "name_klein" not in group and "freigegeben" not in group


@pytest.mark.parametrize("prefix", ["7", "70", "791", "88"])
async def test_postal_code_prefix(bw: Bw, prefix: str) -> None:
    expected = _oracle(bw, plz=prefix)
    found = await _list(bw, plz=prefix, limit=100)
    assert found["gesamt"] == len(expected)
    assert [g["nr"] for g in found["eintraege"]] == expected[:100]
    assert all(g["plz"].startswith(prefix) for g in found["eintraege"])


async def test_keyword_is_one_of_its_own_any_case(bw: Bw) -> None:
    counts: dict[str, int] = {}
    for words in bw.words.values():
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    common = max(counts, key=counts.__getitem__)
    expected = _oracle(bw, word=common)
    assert expected
    for spelled in (common, common.upper(), common.lower()):
        found = await _list(bw, stichwort=spelled, limit=100)
        assert found["gesamt"] == len(expected)
        assert [g["nr"] for g in found["eintraege"]] == expected[:100]
        assert all(common in g["stichworte"] for g in found["eintraege"])


async def test_name_substring_case_insensitive_and_filters_combine(bw: Bw) -> None:
    town = next(r["ort"] for r in bw.rows if r["freigegeben"])
    for part in (town, town.upper(), town[1:4].lower()):
        expected = _oracle(bw, name=part)
        found = await _list(bw, name=part, limit=100)
        assert [g["nr"] for g in found["eintraege"]] == expected[:100]
        assert found["gesamt"] == len(expected) > 0
    row = next(
        r
        for r in bw.rows
        if r["freigegeben"] and bw.words[r["nr"]] and "gruppe" in r["name"].lower()
    )
    word, prefix = bw.words[row["nr"]][0], row["plz"][:2]
    expected = _oracle(bw, plz=prefix, word=word, name="gruppe")
    found = await _list(bw, plz=prefix, stichwort=word, name="GRUPPE", limit=100)
    assert [g["nr"] for g in found["eintraege"]] == expected and row["nr"] in expected
    assert (
        (await _list(bw, name="%"))["gesamt"] == (await _list(bw, name="_"))["gesamt"] == 0
    )  # no wildcards


@pytest.mark.parametrize(
    "params",
    [
        {"plz": "7a"},
        {"plz": "123456"},
        {"plz": ""},
        {"stichwort": "diabetes-typ-2"},  # a national slug is not one of BW's words
        {"stichwort": "Gibtsnicht"},
        {"stichwort": ""},
        {"name": ""},
        {"name": "x" * 101},
        {"name": "a\x00b"},
        {"offset": "-1"},
        {"offset": "zwei"},
        {"offset": "1e3"},
        {"limit": "0"},
        {"limit": "101"},
        {"limit": ""},
        {"limit": ["5", "6"]},
        {"ordnung": "relevanz"},  # no ranking
        {"thema": "sucht"},  # no national slugs
        {"ab_rang": "1"},  # no seek paging
    ],
)
async def test_bad_parameters_are_refused_with_a_reason(bw: Bw, params: dict[str, Any]) -> None:
    answer = await bw.client.get("/api/gruppen", params=params)
    assert answer.status_code == 400
    assert set(answer.json()) == {"fehler"} and answer.json()["fehler"]


async def test_unknown_groups_are_404(bw: Bw) -> None:
    hidden = next(r["nr"] for r in bw.rows if not r["freigegeben"])
    for path in ("/api/gruppen/1", f"/api/gruppen/{hidden}", "/api/gruppen/abc", "/api/gibts"):
        answer = await bw.client.get(path)
        assert answer.status_code == 404 and answer.json() == {"fehler": "unbekannt"}


async def test_contacts_only_with_the_key(bw: Bw) -> None:
    nr = _oracle(bw)[0]
    path = f"/api/gruppen/{nr}/kontakt"
    assert (await bw.client.get(path)).status_code == 401
    assert (await bw.client.get(path, headers={"x-api-key": "falsch"})).status_code == 401
    assert (
        await bw.client.get(path, headers={"authorization": f"Bearer {KEY}"})
    ).status_code == 401
    found = await bw.client.get(path, headers={"x-api-key": KEY})
    assert found.status_code == 200 and set(found.json()) == {"name", "email", "telefon"}
    assert found.json()["name"]
    # no contact of a listing or a group without the key, and none of an unreleased group
    assert "email" not in (await bw.client.get(f"/api/gruppen/{nr}")).text
    hidden = next(r["nr"] for r in bw.rows if not r["freigegeben"])
    for unknown in (hidden, 1):
        answer = await bw.client.get(f"/api/gruppen/{unknown}/kontakt", headers={"x-api-key": KEY})
        assert answer.status_code == 404
    # without the key one cannot even tell which groups exist
    assert (await bw.client.get(f"/api/gruppen/{hidden}/kontakt")).status_code == 401


async def test_a_service_without_a_key_gives_out_no_contact(tmp_path: Path) -> None:
    async with serving(f"sqlite+aiosqlite:///{tmp_path / 'bw.db'}", demo_groups=20) as client:
        listed = await client.get("/api/gruppen", params={"limit": 1})
        nr = listed.json()["eintraege"][0]["nr"]
        for key in ("", "None", "null"):
            headers = {"x-api-key": key}
            answer = await client.get(f"/api/gruppen/{nr}/kontakt", headers=headers)
            assert answer.status_code == 401
    assert (tmp_path / "bw.db").stat().st_mode & 0o077 == 0  # personal data: owner only


def test_shg_serve_starts_bw_like_nrw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`shg serve` starts BW's service with the same arguments as NRW's and sees it up at
    BW's own status path; its database and key are the owner's alone."""
    import httpx as sync_http

    from regions.sources.config import RegionConfig
    from regions.standins.services import stand_ins
    from tests.regions.conftest import free_port

    monkeypatch.chdir(tmp_path)
    url = f"http://127.0.0.1:{free_port()}"
    # built without validation: the graph's BW dialect (regions.sources.formats) is not ours
    config = RegionConfig.model_construct(
        code="DE-BW", kind="http", url=url, layout="bw", serve=True
    )
    with stand_ins([config], seed=20261123, scale=0.05):
        assert sync_http.get(f"{url}/api/status", timeout=5).json() == {"ok": True}
        listed = sync_http.get(f"{url}/api/gruppen", params={"limit": 2}, timeout=5).json()
        assert listed["gesamt"] > 1000 and len(listed["eintraege"]) == 2
        nr = listed["eintraege"][0]["nr"]
        key = (tmp_path / "var" / "bw-service-key").read_text(encoding="utf-8")
        contact = f"{url}/api/gruppen/{nr}/kontakt"
        assert sync_http.get(contact, timeout=5).status_code == 401
        assert sync_http.get(contact, headers={"x-api-key": key}, timeout=5).status_code == 200
    assert (tmp_path / "var" / "bw.db").stat().st_mode & 0o077 == 0
    assert (tmp_path / "var" / "bw-service-key").stat().st_mode & 0o077 == 0


def test_the_command_line_of_the_brief_starts_it(tmp_path: Path) -> None:
    """`python -m regions.standins.bw --port .. --db .. --key-file .. --demo-groups ..`."""
    import subprocess
    import sys
    import time

    import httpx as sync_http

    from tests.regions.conftest import free_port

    port = free_port()
    key_file = tmp_path / "bw-service-key"
    key_file.write_text("k-123\n", encoding="utf-8")
    command = [sys.executable, "-m", "regions.standins.bw", "--port", str(port)]
    command += ["--db", str(tmp_path / "bw.db"), "--key-file", str(key_file)]
    process = subprocess.Popen([*command, "--demo-groups", "30"])
    try:
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline and process.poll() is None, "not started"
            try:
                sync_http.get(f"http://127.0.0.1:{port}/api/status", timeout=1)
                break
            except sync_http.TransportError:
                time.sleep(0.2)
        listed = sync_http.get(f"http://127.0.0.1:{port}/api/gruppen", timeout=5).json()
        assert 20 < listed["gesamt"] <= 30
        nr = listed["eintraege"][0]["nr"]
        url = f"http://127.0.0.1:{port}/api/gruppen/{nr}/kontakt"
        assert sync_http.get(url, headers={"x-api-key": "k-123"}, timeout=5).status_code == 200
    finally:
        process.terminate()
        process.wait(10)

"""The protocol's `report_correction` in both adapters: the SQL adapter writing Bavaria's
`korrekturmeldungen` in in-memory SQLite, the HTTP adapter posting NRW's dialect to a mock
transport. A repeated delivery key stores nothing twice and succeeds; an unreachable region is
SourceUnavailable (try later); a refusal is DeliveryRefused (do not retry)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, time

import httpx
import pytest
from sqlalchemy import func, insert, select

from regions.sources.engine import create_engine
from regions.sources.formats.bavaria import LAYOUT, gruppen, korrekturmeldungen
from regions.sources.formats.nrw import DIALECT
from regions.sources.http.source import HttpSource
from regions.sources.protocol import Correction, DeliveryRefused, SourceUnavailable
from regions.sources.sql.source import SqlSource

REPORTED = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)


def correction(
    key: str, field: str = "meeting_note", value: str = "jeden 2. Dienstag"
) -> Correction:
    return Correction(key, field, value, "laut Aushang", REPORTED, "Correction:nakos:7")


@pytest.fixture
async def bavaria() -> AsyncIterator[SqlSource]:
    engine = create_engine("sqlite+aiosqlite:///:memory:")
    async with engine.begin() as conn:
        await conn.run_sync(LAYOUT.metadata.create_all)
        await conn.execute(
            insert(gruppen).values(
                gruppen_id=40001,
                bezeichnung="Diabetes Würzburg",
                beschreibung="",
                status="aktiv",
                treffart="praesenz",
                einzugsgebiet="ortsgruppe",
                zielgruppe="beide",
                kontaktstelle_nr=1,
                nur_ueber_kontaktstelle=False,
                adresse_vertraulich=False,
                uhrzeit=time(19),
                sprachen="de",
                neue_mitglieder=True,
                freigegeben=True,
                geaendert_am=REPORTED,
            )
        )
    source = SqlSource("DE-BY", engine, LAYOUT, timeout=5)
    yield source
    await source.close()


async def stored(source: SqlSource) -> list[tuple[object, ...]]:
    k = korrekturmeldungen.c
    stmt = select(
        k.zustellschluessel, k.gruppen_id, k.feld, k.vorschlag, k.anmerkung, k.meldung_ref
    )
    async with source.engine.connect() as conn:
        return [tuple(row) for row in (await conn.execute(stmt)).all()]


async def test_sql_stores_one_row_in_the_regions_own_words(bavaria: SqlSource) -> None:
    await bavaria.report_correction("d-1", correction("40001"))
    assert await stored(bavaria) == [
        ("d-1", 40001, "turnus_text", "jeden 2. Dienstag", "laut Aushang", "Correction:nakos:7")
    ]


async def test_sql_a_repeated_delivery_key_stores_nothing_twice(bavaria: SqlSource) -> None:
    await bavaria.report_correction("d-1", correction("40001"))
    await bavaria.report_correction("d-1", correction("40001"))  # the answer was lost: again
    await bavaria.report_correction("d-2", correction("40001", "name", "Diabetes Würzburg-Süd"))
    assert [row[0] for row in await stored(bavaria)] == ["d-1", "d-2"]


@pytest.mark.parametrize(
    ("key", "field"), [("40002", "name"), ("x1", "name"), ("40001", "password")]
)
async def test_sql_refuses_an_unknown_group_or_field(
    bavaria: SqlSource, key: str, field: str
) -> None:
    with pytest.raises(DeliveryRefused):
        await bavaria.report_correction("d-1", correction(key, field))
    assert await stored(bavaria) == []


async def test_sql_an_unreachable_database_is_unavailable(bavaria: SqlSource) -> None:
    down = SqlSource(
        "DE-BY", create_engine("sqlite+aiosqlite:////nonexistent/dir/by.db"), LAYOUT, 5
    )
    with pytest.raises(SourceUnavailable):
        await down.report_correction("d-1", correction("40001"))
    await down.close()


async def test_sql_a_layout_without_a_corrections_table_refuses(bavaria: SqlSource) -> None:
    from dataclasses import replace

    bare = SqlSource("DE-BY", bavaria.engine, replace(LAYOUT, corrections=None), 5)
    with pytest.raises(DeliveryRefused):
        await bare.report_correction("d-1", correction("40001"))
    async with bavaria.engine.connect() as conn:
        assert (
            await conn.execute(select(func.count()).select_from(korrekturmeldungen))
        ).scalar() == 0


Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


def nrw(*answers: httpx.Response | Exception) -> tuple[HttpSource, list[httpx.Request]]:
    sent: list[httpx.Request] = []
    queue = list(answers)

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    source = HttpSource("DE-NW", "http://nrw.test", DIALECT, 5.0, api_key="k")
    source._client = httpx.AsyncClient(
        transport=httpx.MockTransport(handler), base_url="http://nrw.test", headers=source._headers
    )
    return source, sent


async def test_http_posts_nrws_body_with_the_service_key() -> None:
    source, sent = nrw(httpx.Response(201, json={"angenommen": True}))
    await source.report_correction("d-1", correction("NW-000001"))
    [request] = sent
    assert (request.method, request.url.path) == ("POST", "/api/v1/gruppen/korrekturen")
    assert request.headers["authorization"] == "Bearer k"
    assert json.loads(request.content) == {
        "zustellschluessel": "d-1",
        "kennung": "NW-000001",
        "feld": "treffen.hinweis",
        "vorschlag": "jeden 2. Dienstag",
        "hinweis": "laut Aushang",
        "gemeldet": "2026-11-30T20:00:00+00:00",
        "referenz": "Correction:nakos:7",
    }
    await source.close()


@pytest.mark.parametrize("status", [200, 409])
async def test_http_a_repeat_the_region_already_holds_is_delivered(status: int) -> None:
    source, sent = nrw(httpx.Response(status, json={}))
    await source.report_correction("d-1", correction("NW-000001"))
    assert len(sent) == 1
    await source.close()


@pytest.mark.parametrize(
    "first", [httpx.Response(503), httpx.ConnectError("refused"), httpx.Response(500)]
)
async def test_http_a_refused_connection_or_5xx_is_posted_once_more_with_the_same_key(
    first: httpx.Response | Exception,
) -> None:
    source, sent = nrw(first, httpx.Response(201, json={}))
    await source.report_correction("d-1", correction("NW-000001"))
    assert len(sent) == 2
    assert json.loads(sent[0].content) == json.loads(sent[1].content)
    await source.close()


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(500), httpx.ConnectError("refused"), httpx.Response(401), httpx.Response(403)],
)
async def test_http_down_or_a_wrong_service_key_is_unavailable(
    answer: httpx.Response | Exception,
) -> None:
    source, _ = nrw(answer)
    with pytest.raises(SourceUnavailable):
        await source.report_correction("d-1", correction("NW-000001"))
    await source.close()


@pytest.mark.parametrize("status", [400, 404, 422])
async def test_http_another_4xx_is_refused_and_not_retried(status: int) -> None:
    source, sent = nrw(httpx.Response(status, json={"fehler": "nein"}))
    with pytest.raises(DeliveryRefused):
        await source.report_correction("d-1", correction("NW-000001"))
    assert len(sent) == 1
    await source.close()

"""Corrections of region-owned groups go to the region's own system through the outbox:
pending while the region is down, delivered once it answers, exactly once (asserted on the
region's own stored rows), and a repeated delivery stores nothing twice."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text

from graph.ids import decode_id, encode_id
from graph.settings import Settings
from regions.registry import delivery
from regions.sources.config import RegionConfig
from regions.sources.engine import create_engine
from regions.sources.formats.bavaria import korrekturmeldungen
from regions.sources.protocol import GroupFilter
from regions.standins.nrw.tables import korrekturen
from tests.access_tokens import TokenKeys
from tests.conftest import PrivateRegistry, open_private_registry
from tests.graph.mutations.roles import Writer
from tests.regions.conftest import GENEROUS, NrwService

REPORT = """
mutation($input: ReportCorrectionInput!) {
  reportCorrection(input: $input) {
    errors { field code }
    correction { id state owner region delivery { attempts deliveredAt lastError } }
  }
}"""
QUEUE = (
    """{ corrections(first: 10) { nodes { id state reason delivery { attempts deliveredAt } } } }"""
)


async def nrw_rows(service: NrwService) -> list[tuple[Any, ...]]:
    engine = create_engine(service.database)
    try:
        async with engine.connect() as conn:
            k = korrekturen.c
            stmt = select(k.zustellschluessel, k.kennung, k.feld, k.vorschlag).order_by(k.nr)
            return [tuple(row) for row in (await conn.execute(stmt)).all()]
    finally:
        await engine.dispose()


async def bavaria_rows(registry: PrivateRegistry) -> list[tuple[Any, ...]]:
    engine = registry.app.state.sources["DE-BY"].engine
    k = korrekturmeldungen.c
    stmt = select(k.zustellschluessel, k.gruppen_id, k.feld, k.vorschlag).order_by(k.meldung_id)
    async with engine.connect() as conn:
        return [tuple(row) for row in (await conn.execute(stmt)).all()]


async def first_group(registry: PrivateRegistry, land: str) -> str:
    """The global id of the region's first published group (the region's own, not one of the
    registry's groups in that Land), as its adapter reads it."""
    page = await registry.app.state.sources[land].list_in_key_order(GroupFilter(), 1, None)
    return encode_id("Group", land, page.groups[0].key)


async def report(registry: PrivateRegistry, keys: TokenKeys, subject: str, **extra: Any) -> Any:
    data = {"subjectId": subject, "field": "meetingNote", "proposedValue": "jeden 2. Dienstag"}
    body = await Writer(registry.app, keys, "anonymous")(REPORT, {"input": {**data, **extra}})
    assert "errors" not in body, body
    return body["data"]["reportCorrection"]


async def queue(registry: PrivateRegistry, keys: TokenKeys) -> list[dict[str, Any]]:
    body = await Writer(registry.app, keys, "national staff")(QUEUE)
    return list(body["data"]["corrections"]["nodes"])


async def outbox_rows(registry: PrivateRegistry) -> list[tuple[Any, ...]]:
    rows = await registry.db.column("SELECT delivery_key FROM outbox ORDER BY id")
    return list(rows)


async def deliver(registry: PrivateRegistry, everything: bool = True) -> delivery.Report:
    state = registry.app.state
    return await delivery.deliver_once(state.engine, state.sources, everything=everything)


async def test_a_correction_to_an_nrw_group_waits_while_nrw_is_down_and_arrives_once(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService
) -> None:
    registry = regions_registry
    group = await first_group(registry, "DE-NW")
    # given NRW's service is stopped
    own_nrw.stop()
    # when someone reports a correction to one of its groups
    reported = await report(registry, token_keys, group, note="laut Aushang")
    # then it is accepted, pending delivery, in the outbox
    assert reported["errors"] == []
    assert reported["correction"]["state"] == "PENDING_DELIVERY"
    assert reported["correction"]["owner"] == "DE-NW"
    [delivery_key] = await outbox_rows(registry)
    # and a delivery pass while NRW is down keeps it pending, with the reason
    result = await deliver(registry)
    assert (result.delivered, len(result.retrying)) == ([], 1)
    [pending] = await queue(registry, token_keys)
    assert pending["state"] == "PENDING_DELIVERY"
    assert pending["delivery"]["attempts"] == 1 and pending["delivery"]["deliveredAt"] is None
    # when NRW is back and the deliverer runs again
    own_nrw.start()
    result = await deliver(registry)
    assert len(result.delivered) == 1
    # then NRW has stored it once, in its own words, and the correction is DELIVERED
    key = group_key(group)
    assert await nrw_rows(own_nrw) == [(delivery_key, key, "treffen.hinweis", "jeden 2. Dienstag")]
    [done] = await queue(registry, token_keys)
    assert done["state"] == "DELIVERED" and done["delivery"]["deliveredAt"] is not None
    # and the graph never wrote NRW's group: nothing else changed there
    assert (await deliver(registry)).delivered == []


async def test_a_repeated_delivery_after_a_lost_answer_stores_nothing_twice(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService
) -> None:
    registry = regions_registry
    await report(registry, token_keys, await first_group(registry, "DE-NW"))
    assert len((await deliver(registry)).delivered) == 1
    # given the region stored it but the answer was lost: the row is due again
    await mark_undelivered(registry)
    # when it is delivered again, and its body posted once more by hand
    assert len((await deliver(registry)).delivered) == 1
    [(delivery_key, kennung, feld, vorschlag)] = await nrw_rows(own_nrw)
    body = {
        "zustellschluessel": delivery_key,
        "kennung": kennung,
        "feld": feld,
        "vorschlag": vorschlag,
        "hinweis": None,
        "gemeldet": "2026-11-30T20:00:00+00:00",
        "referenz": "Correction:nakos:1",
    }
    headers = {"authorization": f"Bearer {own_nrw.key_file.read_text(encoding='utf-8')}"}
    async with httpx.AsyncClient(base_url=own_nrw.url) as nrw:
        path = "/api/v1/gruppen/korrekturen"
        again = await nrw.post(path, json=body, headers=headers)
        other = await nrw.post(path, json={**body, "vorschlag": "x"}, headers=headers)
        unkeyed = await nrw.post(path, json=body)
    # then NRW still holds one row
    assert (again.status_code, other.status_code, unkeyed.status_code) == (200, 409, 401)
    assert len(await nrw_rows(own_nrw)) == 1


async def test_a_correction_to_a_bavarian_group_waits_while_its_database_is_down(
    regions_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    registry = regions_registry
    group = await first_group(registry, "DE-BY")
    source = registry.app.state.sources["DE-BY"]
    working = source.engine
    # given Bavaria's database cannot be reached
    source.engine = create_engine("sqlite+aiosqlite:////nonexistent/folder/bavaria.db")
    try:
        reported = await report(registry, token_keys, group, field="name", proposedValue="Neu")
        assert reported["correction"]["state"] == "PENDING_DELIVERY"
        result = await deliver(registry)
        assert (result.delivered, len(result.retrying)) == ([], 1)
    finally:
        await source.engine.dispose()
        source.engine = working
    # when it is back
    assert len((await deliver(registry)).delivered) == 1
    # then Bavaria's own table holds it once, in Bavaria's words; a repeat adds nothing
    [delivery_key] = await outbox_rows(registry)
    expected = [(delivery_key, int(group_key(group)), "bezeichnung", "Neu")]
    assert await bavaria_rows(registry) == expected
    await mark_undelivered(registry)
    assert len((await deliver(registry)).delivered) == 1
    assert await bavaria_rows(registry) == expected
    [done] = await queue(registry, token_keys)
    assert done["state"] == "DELIVERED"


async def test_a_region_that_refuses_a_correction_is_not_asked_again(
    regions_registry: PrivateRegistry, token_keys: TokenKeys, own_nrw: NrwService
) -> None:
    registry = regions_registry
    own_nrw.stop()  # down: the group cannot be checked when reported
    await report(registry, token_keys, encode_id("Group", "DE-NW", "NW-999999"))
    own_nrw.start()
    assert len((await deliver(registry)).refused) == 1
    [refused] = await queue(registry, token_keys)
    assert refused["state"] == "REFUSED" and "404" in refused["reason"]
    assert (await deliver(registry)).refused == []
    assert await nrw_rows(own_nrw) == []


async def test_an_unknown_group_of_a_region_that_answers_is_refused_at_once(
    regions_registry: PrivateRegistry, token_keys: TokenKeys
) -> None:
    reported = await report(regions_registry, token_keys, encode_id("Group", "DE-NW", "NW-999999"))
    assert reported["errors"] == [{"field": "subjectId", "code": "UNKNOWN_ID"}]
    assert await outbox_rows(regions_registry) == []


async def test_the_apps_deliverer_sends_once_the_region_is_back(
    backend: str,
    settings: Settings,
    tmp_path: Path,
    own_nrw: NrwService,
    token_keys: TokenKeys,
) -> None:
    nrw = RegionConfig(
        code="DE-NW",
        kind="http",
        url=own_nrw.url,
        layout="nrw",
        timeout=GENEROUS,
        api_key_file=own_nrw.key_file,
    )
    own = settings.model_copy(
        update={"regions": [nrw], "outbox_interval": 0.2, "outbox_backoff": 0.2}
    )
    async with open_private_registry(backend, own, tmp_path) as registry:
        group = await first_group(registry, "DE-NW")
        own_nrw.stop()
        await report(registry, token_keys, group)
        await asyncio.sleep(1.0)  # a few passes fail meanwhile
        assert await nrw_rows(own_nrw) == []
        own_nrw.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            states = [c["state"] for c in await queue(registry, token_keys)]
            if states == ["DELIVERED"]:
                break
            await asyncio.sleep(0.2)
        assert states == ["DELIVERED"]
        assert len(await nrw_rows(own_nrw)) == 1


async def mark_undelivered(registry: PrivateRegistry) -> None:
    async with registry.engine.begin() as conn:
        await conn.execute(text("UPDATE outbox SET delivered_at = NULL"))


def group_key(global_id: str) -> str:
    return decode_id(global_id).key

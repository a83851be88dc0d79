"""The HTTP adapter (regions/sources/http/source.py) against a mock transport: one retry on a
refused connection or a 5xx, the timeout bounding the whole call, garbage, batching."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest

from regions.sources.formats.nrw import DIALECT
from regions.sources.http.source import HttpSource
from regions.sources.protocol import GroupFilter, SourceStatus, SourceUnavailable

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


def source(handler: Handler, timeout: float = 5.0) -> tuple[HttpSource, list[httpx.Request]]:
    """An NRW source whose requests go to `handler`; the requests it sent, in order."""
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return await handler(request)

    nrw = HttpSource("DE-NW", "http://nrw.test", DIALECT, timeout, api_key="k")
    nrw._client = httpx.AsyncClient(  # the pool start() would make, on a mock transport
        transport=httpx.MockTransport(record), base_url="http://nrw.test", headers=nrw._headers
    )
    return nrw, sent


def answers(*responses: httpx.Response | Exception) -> Handler:
    queue = list(responses)

    async def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


COUNT = httpx.Response(200, json={"anzahl": 12})


async def test_a_call_is_one_get_with_the_dialects_path_parameters_and_key() -> None:
    nrw, sent = source(answers(COUNT))
    assert await nrw.count(GroupFilter(open_for_new_members=True)) == 12
    [request] = sent
    assert (request.method, request.url.path, request.url.query) == (
        "GET",
        "/api/v1/gruppen/anzahl",
        b"offen=true",
    )
    assert request.headers["authorization"] == "Bearer k"
    await nrw.close()


@pytest.mark.parametrize(
    "first", [httpx.Response(503), httpx.ConnectError("refused"), httpx.Response(500)]
)
async def test_a_refused_connection_or_5xx_is_tried_once_more(
    first: httpx.Response | Exception,
) -> None:
    nrw, sent = source(answers(first, COUNT))
    assert await nrw.count(GroupFilter()) == 12
    assert len(sent) == 2
    await nrw.close()


@pytest.mark.parametrize(
    ("answer", "reason", "tries"),
    [
        (httpx.Response(500), "HTTP 500", 2),
        (httpx.ConnectError("refused"), "connection failed", 2),
        (httpx.Response(404), "HTTP 404", 1),  # not retried: asking again will not help
        (httpx.Response(401), "HTTP 401", 1),
        (httpx.Response(200, text="<html>"), "garbage", 1),
        (httpx.Response(200, json={"anzahl": "zwölf"}), "garbage", 1),
        (httpx.Response(200, json=[]), "garbage", 1),
    ],
)
async def test_a_failure_is_source_unavailable_with_its_reason(
    answer: httpx.Response | Exception, reason: str, tries: int
) -> None:
    nrw, sent = source(answers(answer))
    with pytest.raises(SourceUnavailable) as down:
        await nrw.count(GroupFilter())
    assert (down.value.code, down.value.reason, len(sent)) == ("DE-NW", reason, tries)
    await nrw.close()


async def test_the_timeout_bounds_the_whole_call_retry_included() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.15)
        return httpx.Response(500)  # each attempt fits the timeout; both together do not

    nrw, sent = source(slow, timeout=0.2)
    started = time.perf_counter()
    with pytest.raises(SourceUnavailable, match="timeout"):
        await nrw.count(GroupFilter())
    assert 0.2 <= time.perf_counter() - started < 0.2 + 4  # margin for a loaded machine
    assert len(sent) == 2
    await nrw.close()


async def test_keys_are_checked_deduplicated_and_sent_in_batches_of_a_hundred() -> None:
    async def none_found(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"gruppen": []})

    nrw, sent = source(none_found)
    keys = [f"NW-{n:06d}" for n in range(150)]
    assert await nrw.by_keys([*keys, keys[0], "40001", "NW-1"]) == {}
    batches = [r.url.params.get_list("kennung") for r in sent]
    assert sorted(len(b) for b in batches) == [50, 100]
    assert sorted(k for b in batches for k in b) == keys
    assert await nrw.by_keys(["not-a-key"]) == {} and len(sent) == 2  # nothing to ask
    await nrw.close()


async def test_health_says_up_down_and_why() -> None:
    nrw, _ = source(answers(httpx.Response(200, json={"status": "ok"})))
    assert (await nrw.health()).status is SourceStatus.UP
    await nrw.close()
    nrw, _ = source(answers(httpx.Response(200, json={"status": "wartung"})))
    health = await nrw.health()
    assert (health.status, health.detail) == (SourceStatus.DOWN, "reports itself unhealthy")
    await nrw.close()
    nrw, _ = source(answers(httpx.Response(502)))
    health = await nrw.health()
    assert (health.status, health.latency_ms, health.detail) == (
        SourceStatus.DOWN,
        None,
        "HTTP 502",
    )
    await nrw.close()

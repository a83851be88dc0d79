"""Load shedding (issue 15, deliverable 7): past the in-flight limit a request waits at most
the queue wait, and one that would wait longer is answered 503 OVERLOADED at once; /readyz
and /healthz are never shed. bench/shedding.py measures it under real load."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.attack.conftest import ApiFactory
from tests.attack.probe import Probe, probe_schema


@pytest.fixture
def probe() -> Probe:
    return Probe()


async def _started(probe: Probe, n: int) -> None:
    """Until n slow resolvers run (they hold their slots)."""
    for _ in range(500):
        if probe.started >= n:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the slow requests never started")


async def test_past_the_limit_requests_are_shed_at_once(make_api: ApiFactory, probe: Probe) -> None:
    async with make_api(schema=probe_schema(probe), max_in_flight=2, max_queue_wait=0) as api:
        slow = [asyncio.create_task(api.post("{ slow(seconds: 1.0) }")) for _ in range(2)]
        await _started(probe, 2)
        started = time.perf_counter()
        shed = await asyncio.gather(*(api.post("{ hello }") for _ in range(4)))
        assert time.perf_counter() - started < 0.5  # at once, not after the slow ones
        for response in shed:
            assert response.status_code == 503
            assert response.headers["retry-after"] == "1"
            (error,) = response.json()["errors"]
            assert error["extensions"]["code"] == "OVERLOADED"
            assert error["extensions"]["requestId"] == response.headers["x-request-id"]
        assert (await api.http.get("/readyz")).status_code == 200  # probes are never shed
        assert [r.status_code for r in await asyncio.gather(*slow)] == [200, 200]
        assert (await api.body("{ hello }"))["data"] == {"hello": "hello"}  # slots given back


async def test_a_short_wait_for_a_slot_is_served(make_api: ApiFactory, probe: Probe) -> None:
    async with make_api(schema=probe_schema(probe), max_in_flight=1, max_queue_wait=3) as api:
        slow = asyncio.create_task(api.post("{ slow(seconds: 0.3) }"))
        await _started(probe, 1)
        waited = await api.post("{ hello }")
        assert waited.status_code == 200
        assert slow.done() and (await slow).status_code == 200  # it waited for the slot


async def test_the_wait_for_a_slot_is_bounded(make_api: ApiFactory, probe: Probe) -> None:
    async with make_api(schema=probe_schema(probe), max_in_flight=1, max_queue_wait=0.2) as api:
        slow = asyncio.create_task(api.post("{ slow(seconds: 2) }"))
        await _started(probe, 1)
        started = time.perf_counter()
        response = await api.post("{ hello }")
        took = time.perf_counter() - started
        assert response.status_code == 503 and 0.15 < took < 0.2 + 1.0
        assert (await slow).status_code == 200

"""Load shedding (issue 15, deliverable 7): past the in-flight limit a request waits at most
the queue wait, and one that would wait longer is answered 503 OVERLOADED at once, before its
body is read; a request stuck in flight makes newcomers shed at once, not after a wait;
/readyz and /healthz are never shed. bench/shedding.py measures it under real load."""

from __future__ import annotations

import asyncio
import time

import pytest

from graph.hardening.shedding import STUCK, Shedder
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
        # let in on the guess that the slow one ends soon, it leaves once it is clearly stuck
        assert response.status_code == 503 and 0.15 < took < STUCK * 0.2 + 1.0
        assert (await slow).status_code == 200


async def test_a_request_stuck_in_flight_sheds_newcomers_at_once(
    make_api: ApiFactory, probe: Probe
) -> None:
    async with make_api(schema=probe_schema(probe), max_in_flight=1, max_queue_wait=0.2) as api:
        slow = asyncio.create_task(api.post("{ slow(seconds: 1.5) }"))
        await _started(probe, 1)
        await asyncio.sleep(0.3)  # running longer than the queue wait: no slot soon
        started = time.perf_counter()
        response = await api.post("{ hello }")
        took = time.perf_counter() - started
        # the moving average (still the first guess, 50 ms) alone would have let it wait
        assert response.status_code == 503 and took < 0.15
        assert response.json()["errors"][0]["extensions"]["code"] == "OVERLOADED"
        assert (await slow).status_code == 200


async def test_the_shed_answer_comes_before_the_body_is_read() -> None:
    entered = asyncio.Event()
    release = asyncio.Event()

    async def slow_app(scope: object, receive: object, send: object) -> None:
        entered.set()
        await release.wait()

    shedder = Shedder(slow_app, max_in_flight=1, max_wait=0)
    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    async def receive() -> dict[str, object]:
        raise AssertionError("the body was read before the request was shed")

    def scope() -> dict[str, object]:
        return {
            "type": "http",
            "method": "POST",
            "path": "/graphql",
            "headers": [],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
            "scheme": "http",
        }

    running = asyncio.create_task(shedder(scope(), receive, send))
    await entered.wait()
    await shedder(scope(), receive, send)  # returns without awaiting the running one
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 503
    assert (b"retry-after", b"1") in sent[0]["headers"]  # type: ignore[operator]
    assert shedder.shed == 1
    release.set()
    await running
    assert shedder.in_flight == 0 and not shedder.running

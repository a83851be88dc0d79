"""The in-process rate-limit counters: expired windows swept at most once a second, not in a
task of their own on every hit (which walked every key held: O(keys) per request)."""

from __future__ import annotations

import asyncio
from typing import Any

from limits import parse

from graph.hardening.ratelimit import PacedMemoryStorage, RateLimiter


def counting_tasks(loop: asyncio.AbstractEventLoop) -> list[int]:
    made = [0]

    def factory(loop: Any, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        made[0] += 1
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(factory)
    return made


async def test_hits_start_no_task_each() -> None:
    limiter = RateLimiter("1000/minute", "1000/minute", PacedMemoryStorage())
    for address in range(200):
        assert await limiter.hit(f"ip:{address}", authenticated=False) is None
    loop = asyncio.get_running_loop()
    made = counting_tasks(loop)
    try:
        for _ in range(300):
            assert await limiter.hit("ip:1", authenticated=False) is None
    finally:
        loop.set_task_factory(None)
    assert made[0] <= 1  # at most the one sweep a second


async def test_limits_still_hold_and_windows_still_expire() -> None:
    storage = PacedMemoryStorage()
    limiter = RateLimiter("3/second", "3/second", storage)
    assert [await limiter.hit("ip:a", authenticated=False) for _ in range(3)] == [None] * 3
    refused = await limiter.hit("ip:a", authenticated=False)
    assert refused is not None and refused >= 1
    assert await limiter.hit("ip:b", authenticated=False) is None  # its own counter
    await asyncio.sleep(1.1)
    assert await limiter.hit("ip:a", authenticated=False) is None  # a new window
    item = parse("3/second")
    await asyncio.sleep(1.1)
    assert await storage.get(item.key_for("ip:b")) == 0  # past its window, nothing counted

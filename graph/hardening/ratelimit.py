"""Rate limits per token and per client address (the `limits` library, memory or Redis)."""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter

log = logging.getLogger("graph.hardening")
SWEEP_SECONDS = 1.0


class PacedMemoryStorage(MemoryStorage):
    """The library's in-process counters, with expired windows swept at most once a second.

    Its own storage starts a task on every hit that walks every key it holds (O(keys) per
    request, a task per request); a counter past its window is dropped when it is read anyway
    (`get`), so the sweep only frees memory and need not run more often than this.
    """

    def __init__(self) -> None:
        self._next_sweep = 0.0  # before the library's __init__, which schedules a sweep
        super().__init__()

    async def _MemoryStorage__schedule_expiry(self) -> None:  # the library's private hook
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_SECONDS
        await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


class RateLimiter:
    """Fixed-window counters, one key per window; in Redis shared by every replica."""

    def __init__(self, anonymous: str, authenticated: str, storage: Storage) -> None:
        self.anonymous: RateLimitItem = parse(anonymous)
        self.authenticated: RateLimitItem = parse(authenticated)
        self.storage = storage
        self.strategy = FixedWindowRateLimiter(storage)
        self.fallback = FixedWindowRateLimiter(PacedMemoryStorage())

    @classmethod
    def from_settings(cls, settings: Any, redis: Any = None) -> RateLimiter:
        """`redis`: the app's client, whose connection pool the counters share."""
        storage: Storage
        if redis is not None:
            storage = RedisStorage(
                "async+" + settings.redis_url,
                implementation="redispy",
                key_prefix=f"{settings.redis_prefix}:rl",
                connection_pool=redis.connection_pool,
            )
        else:
            storage = PacedMemoryStorage()
        return cls(settings.rate_limit_anonymous, settings.rate_limit_authenticated, storage)

    async def hit(self, key: str, authenticated: bool, cost: int = 1) -> int | None:
        """Count `cost` requests for `key`; None if allowed, else seconds until retry."""
        item = self.authenticated if authenticated else self.anonymous
        try:
            return await _hit(self.strategy, item, key, cost)
        except Exception as error:  # Redis down: keep limiting, per process, and say so
            log.warning("rate limit store unavailable, counting in this process: %r", error)
            return await _hit(self.fallback, item, key, cost)


class Quota:
    """One limit of its own for one kind of action (e.g. group registrations per address),
    counted beside the request limits in the same store."""

    def __init__(self, limit: str, storage: Storage) -> None:
        self.item: RateLimitItem = parse(limit)
        self.strategy = FixedWindowRateLimiter(storage)
        self.fallback = FixedWindowRateLimiter(PacedMemoryStorage())

    @classmethod
    def from_settings(cls, limit: str, name: str, settings: Any, redis: Any = None) -> Quota:
        storage: Storage
        if redis is not None:
            storage = RedisStorage(
                "async+" + settings.redis_url,
                implementation="redispy",
                key_prefix=f"{settings.redis_prefix}:{name}",
                connection_pool=redis.connection_pool,
            )
        else:
            storage = PacedMemoryStorage()
        return cls(limit, storage)

    async def hit(self, key: str) -> int | None:
        """Count one action for `key`; None if allowed, else seconds until retry."""
        try:
            return await _hit(self.strategy, self.item, key, 1)
        except Exception as error:  # Redis down: keep limiting, per process, and say so
            log.warning("quota store unavailable, counting in this process: %r", error)
            return await _hit(self.fallback, self.item, key, 1)


async def _hit(
    strategy: FixedWindowRateLimiter, item: RateLimitItem, key: str, cost: int
) -> int | None:
    if await strategy.hit(item, key, cost=cost):
        return None
    stats = await strategy.get_window_stats(item, key)
    return max(1, math.ceil(stats.reset_time - time.time()))

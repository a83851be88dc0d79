"""The registry's version as this process knows it: read (one statement) at most once per
`interval` seconds, and again at once after a write of this process committed."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.store import versions


class VersionClock:
    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._value: int | None = None
        self._until = 0.0
        self._writes = 0  # a read that started before a write must not keep its older value

    async def current(self, engine: AsyncEngine) -> int | None:
        now = time.monotonic()
        if self._value is not None and now < self._until:
            return self._value
        writes = self._writes
        value = await versions.read(engine)
        if writes == self._writes:
            self._value, self._until = value, now + self.interval
        return value

    def written(self) -> None:
        self._writes += 1
        self._until = 0.0

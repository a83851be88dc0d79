"""Per-request access to the region sources: batched loaders, and failures kept, not raised.

A source that fails once in a request is not asked again in that request, so a slow region
costs its timeout once, and is reported once (see errors.py). Public data of a failed source
is left out; a contact (personal data) that could not be fetched raises SourceUnavailable to
its field, so the field is null and `contactAccess` says UNAVAILABLE, never NONE.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader

from regions.sources.protocol import (
    CandidateLimit,
    GroupContact,
    GroupFilter,
    Health,
    RegionGroup,
    RegionSource,
    SourceUnavailable,
)
from regions.sources.search.query import NOT_ENDED

from ..metrics import REGION_CALLS, REGION_DURATION, REGION_FAILURES
from ..tracing import span

T = TypeVar("T")
F = TypeVar("F")
log = logging.getLogger("graph.federation")
REASONS = ("timeout", "connection failed", "garbage", "HTTP 5", "HTTP 4")


def _reason(reason: str) -> str:
    """A bounded label: the kind of failure, not its detail."""
    for known in REASONS:
        if reason.startswith(known):
            return known if not known.startswith("HTTP") else known + "xx"
    return "other"


class RegionCalls:
    """Made per request: the sources, the loaders over them, and which ones failed."""

    def __init__(self, sources: Mapping[str, RegionSource]) -> None:
        self.sources = sources
        self.failed: dict[str, str] = {}
        self.touched: set[str] = set()  # the sources asked (the response cache's lifetime)
        self.limited: dict[str, int] = {}  # sources past the candidate limit: the limit
        self._loaders: dict[tuple[str, str], DataLoader] = {}

    def owns(self, code: str | None) -> bool:
        return code is not None and code in self.sources

    async def call(
        self, code: str, fn: Callable[[RegionSource], Awaitable[T]], fallback: F
    ) -> T | F:
        """fn(source), or `fallback` if the source is down now or failed earlier."""
        self.touched.add(code)
        if code in self.failed:
            return fallback
        started = time.perf_counter()
        try:
            with span(f"region {code}", **{"shg.region": code}):
                found = await fn(self.sources[code])
        except SourceUnavailable as exc:
            REGION_DURATION.labels(code).observe(time.perf_counter() - started)
            REGION_CALLS.labels(code, "failed").inc()
            REGION_FAILURES.labels(code, _reason(exc.reason)).inc()
            if code not in self.failed:  # once per request: it is not asked again
                log.warning("region %s unavailable: %s", code, exc.reason)
            if isinstance(exc, CandidateLimit) and code not in self.failed:
                self.limited[code] = exc.limit
            self.failed.setdefault(code, exc.reason)
            return fallback
        REGION_DURATION.labels(code).observe(time.perf_counter() - started)
        REGION_CALLS.labels(code, "ok").inc()
        return found

    def _loader(self, code: str, kind: str, batch: Callable[[Sequence[Any]], Awaitable[list[Any]]]):
        loader = self._loaders.get((code, kind))
        if loader is None:
            loader = self._loaders[(code, kind)] = DataLoader(batch)
        return loader

    def group(self, code: str, key: str) -> Awaitable[RegionGroup | None]:
        async def batch(keys: Sequence[str]) -> list[RegionGroup | None]:
            found = await self.call(code, lambda s: s.by_keys(keys), {})
            return [found.get(key) for key in keys]

        return self._loader(code, "group", batch).load(key)

    def contact(self, code: str, key: str) -> Awaitable[GroupContact | None]:
        """The group's contact, None if the region keeps none; raises SourceUnavailable if the
        region could not be asked (personal data that could not be fetched is not "none")."""

        async def batch(keys: Sequence[str]) -> list[GroupContact | SourceUnavailable | None]:
            found = await self.call(code, lambda s: s.contacts_of(keys), None)
            if found is None:  # the source failed, now or earlier in this request
                reason = self.failed.get(code, "unavailable")
                return [SourceUnavailable(code, reason) for _ in keys]
            return [found.get(key) for key in keys]

        return self._loader(code, "contact", batch).load(key)

    def by_contact_point(self, code: str, key: int, limit: int) -> Awaitable[list[RegionGroup]]:
        async def batch(keys: Sequence[tuple[int, int]]) -> list[list[RegionGroup]]:
            by_limit: dict[int, list[int]] = defaultdict(list)
            for point, n in keys:
                by_limit[n].append(point)
            found: dict[tuple[int, int], list[RegionGroup]] = {}
            for n, points in by_limit.items():
                part = await self.call(code, _by_contact_points(points, n), {})
                found |= {(point, n): part.get(point, []) for point in points}
            return [found[key] for key in keys]

        return self._loader(code, "by_contact_point", batch).load((key, limit))

    def health(self, code: str) -> Awaitable[Health]:
        self.touched.add(code)

        async def batch(keys: Sequence[str]) -> list[Health]:
            return [await self.sources[code].health() for _ in keys]

        return self._loader(code, "health", batch).load(code)


def _by_contact_points(points: list[int], n: int) -> Callable[[RegionSource], Awaitable[Any]]:
    """Groups that have not ended (what nested lists show)."""
    return lambda source: source.by_contact_points(points, n, GroupFilter(statuses=NOT_ENDED))

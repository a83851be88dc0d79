"""Where cached answers are kept: a bounded LRU per process (entries and bytes), in front of
Redis when the backend is `redis` (shared by every process; Redis down: the LRU alone)."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("graph.cache")
SEPARATOR = b"\n"


@dataclass(frozen=True, slots=True)
class Entry:
    """One answer's `data` as JSON, its ETag, when it ends (epoch seconds), what it asked."""

    body: bytes
    etag: str
    expires: float
    sources: tuple[str, ...] = ("registry",)

    @property
    def size(self) -> int:
        return len(self.body) + 200  # the key, the entry and the dict slot, roughly

    def fresh(self, now: float) -> bool:
        return now < self.expires


class MemoryStore:
    """Least recently used out first, beyond `max_entries` or `max_bytes`."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, now: float) -> Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if not entry.fresh(now):
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if key in self._entries:
            self._drop(key)
        self._entries[key] = entry
        self.bytes += entry.size
        while self._entries and (
            len(self._entries) > self._max_entries or self.bytes > self._max_bytes
        ):
            self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self.bytes -= self._entries.pop(key).size


class RedisStore:
    """The process's LRU first, then Redis (`<prefix>:rc:<key>`, expiring with the entry)."""

    def __init__(self, memory: MemoryStore, redis: Any, prefix: str) -> None:
        self.memory = memory
        self._redis = redis
        self._prefix = f"{prefix}:rc:"

    async def get(self, key: str) -> Entry | None:
        now = time.time()
        entry = self.memory.get(key, now)
        if entry is not None:
            return entry
        try:
            raw = await self._redis.get(self._prefix + key)
        except Exception as error:  # Redis down: this process's own entries still serve
            log.warning("response cache: Redis unavailable: %r", error)
            return None
        if raw is None:
            return None
        etag, _, rest = bytes(raw).partition(SEPARATOR)
        expires, _, body = rest.partition(SEPARATOR)
        entry = Entry(body, etag.decode("ascii"), float(expires))
        if not entry.fresh(now):
            return None
        self.memory.put(key, entry)
        return entry

    async def put(self, key: str, entry: Entry) -> None:
        self.memory.put(key, entry)
        ttl_ms = int((entry.expires - time.time()) * 1000)
        if ttl_ms <= 0:
            return
        try:
            head = f"{entry.etag}\n{entry.expires!r}\n".encode("ascii")
            value = head + entry.body
            await self._redis.set(self._prefix + key, value, px=ttl_ms)
        except Exception as error:
            log.warning("response cache: Redis unavailable: %r", error)


class LocalStore:
    """The process's LRU alone (backend `memory`), with the same interface as RedisStore."""

    def __init__(self, memory: MemoryStore) -> None:
        self.memory = memory

    async def get(self, key: str) -> Entry | None:
        return self.memory.get(key, time.time())

    async def put(self, key: str, entry: Entry) -> None:
        self.memory.put(key, entry)

"""What the response cache serves and keeps (README, *Response cache*).

Looked up after the request's checks (token, body, rate limit, persisted query, allow-list),
right before execution; kept after it, only for a query that ran without an error, disclosed
nothing (every disclosure is executed and audited), redacted nothing, asked no region that
failed and set no cookie. An answer of the registry alone lives until the registry's next
write (its version is in the key) or `ttl_seconds`; one that asked a region's source lives
`region_ttl_seconds`, since the region's data changes outside the graph.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

import orjson

from ..hardening.caller import caller_view
from ..metrics import RESPONSE_CACHE
from .keys import document, key, partition
from .stores import Entry, LocalStore, MemoryStore, RedisStore
from .versions import VersionClock

log = logging.getLogger("graph.cache")


def etag_of(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def if_none_match_hits(if_none_match: str, etag: str) -> bool:
    """RFC 9110: weak comparison, a list of tags or `*`."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def cacheable(result: Any, context: Any) -> bool:
    """An answer anyone with the same rights may be given again: data, no error, nothing
    disclosed or redacted, no region source failed."""
    if result.errors or not isinstance(result.data, dict) or getattr(result, "extensions", None):
        return False
    access = context.access
    if access.disclosures or access.redactions:
        return False
    return not context.regions.failed


class ResponseCache:
    def __init__(self, settings: Any, redis: Any = None) -> None:
        memory = MemoryStore(settings.response_cache_max_entries, settings.response_cache_max_bytes)
        if settings.response_cache_backend == "redis":
            if redis is None:
                raise ValueError("SHG_RESPONSE_CACHE_BACKEND=redis needs SHG_REDIS_URL")
            self.store: LocalStore | RedisStore = RedisStore(memory, redis, settings.redis_prefix)
        else:
            self.store = LocalStore(memory)
        self.memory = memory
        self.clock = VersionClock(settings.response_cache_version_check_seconds)
        self.ttl = settings.response_cache_ttl_seconds
        self.region_ttl = settings.response_cache_region_ttl_seconds
        self.max_entry_bytes = settings.response_cache_max_entry_bytes

    @classmethod
    def from_settings(cls, settings: Any, redis: Any = None) -> ResponseCache | None:
        return cls(settings, redis) if settings.response_cache_enabled else None

    def written(self) -> None:
        """A write of this process committed: read the registry's version again."""
        self.clock.written()

    async def lookup(self, request_data: Any, context: Any) -> tuple[str | None, Entry | None]:
        """The key of this operation (None: not to be cached) and its entry, if kept."""
        query = getattr(request_data, "query", None)
        if not isinstance(query, str):
            return None, None
        doc = document(query)
        if doc is None or doc.volatile:
            return None, None
        if doc.operation(request_data.operation_name) != "query":
            return None, None
        try:
            version = await self.clock.current(context.engine)
        except Exception as error:  # the registry is down: execution answers for it
            log.debug("response cache: no version: %r", error)
            return None, None
        if version is None:
            return None, None
        rights = partition(context.caller, caller_view(context).cost_budget)
        found = key(doc, request_data.operation_name, request_data.variables, rights, version)
        if found is None:
            return None, None
        entry = await self.store.get(found)
        RESPONSE_CACHE.labels("hit" if entry is not None else "miss").inc()
        return found, entry

    async def keep(self, cache_key: str, result: Any, context: Any) -> Entry | None:
        """Keep the answer if it may be served again; the entry kept, else None."""
        response = context.response
        if response is not None and (
            (response.status_code or 200) != 200 or "set-cookie" in response.headers
        ):
            return None
        if not cacheable(result, context):
            return None
        touched = tuple(sorted(context.regions.touched))
        ttl = self.region_ttl if touched else self.ttl
        if ttl <= 0:
            return None
        body = orjson.dumps(result.data)
        if len(body) > self.max_entry_bytes:
            return None
        entry = Entry(body, etag_of(body), time.time() + ttl, ("registry", *touched))
        await self.store.put(cache_key, entry)
        RESPONSE_CACHE.labels("stored").inc()
        return entry

"""Per-process state of the hardening layer and its checks before an operation runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from ..errors import BadUserInput
from .body import DOC_ID
from .caller import CallerView, caller_view
from .errors import (
    OPERATION_NOT_ALLOWED,
    PERSISTED_QUERY_NOT_FOUND,
    RATE_LIMITED,
    refusal,
)
from .persisted import ApqStore, Registry, sha256
from .ratelimit import Quota, RateLimiter

SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Refused:
    """An answer instead of execution: HTTP status, headers and one error."""

    status: int
    error: GraphQLError
    headers: dict[str, str]


class Guard:
    """Made once per app: the registry, the APQ store, the rate limiter (no data caches)."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.redis = _redis(settings.redis_url)
        self.registry = Registry.load(settings.persisted_operations)
        self.apq = ApqStore(
            settings.apq_cache_size, self.redis, settings.redis_prefix, settings.apq_ttl_seconds
        )
        self.limiter = (
            RateLimiter.from_settings(settings, self.redis) if settings.rate_limits else None
        )
        # its own limit, also where request limits are off: registrations open to anyone
        limit = settings.registration_rate_limit
        self.registrations = (
            Quota.from_settings(limit, "registrations", settings, self.redis) if limit else None
        )
        limit = settings.correction_rate_limit  # corrections from anonymous callers
        self.corrections = (
            Quota.from_settings(limit, "corrections", settings, self.redis) if limit else None
        )

    async def aclose(self) -> None:
        if self.redis is not None:
            await self.redis.aclose(close_connection_pool=True)

    async def admit(self, context: Any, operations: int) -> Refused | None:
        """Rate limit: per token for authenticated callers, per client address otherwise."""
        return await self.admit_view(caller_view(context), operations)

    async def admit_view(self, caller: CallerView, operations: int) -> Refused | None:
        if self.limiter is None:
            return None
        wait = await self.limiter.hit(caller.rate_key, caller.authenticated, operations)
        if wait is None:
            return None
        error = refusal(f"Rate limit exceeded; retry in {wait} s.", RATE_LIMITED, retryAfter=wait)
        return Refused(429, error, {"Retry-After": str(wait)})

    async def prepare(self, data: Any, context: Any) -> GraphQLError | None:
        """Resolve a persisted query into `data.query`, then apply the caller's allow-list."""
        doc_id = (data.extensions or {}).get(DOC_ID)
        if doc_id is not None:
            if not isinstance(doc_id, str):
                return BadUserInput("doc_id", "must be a string")
            data.query = self.registry.document(doc_id)
            if data.query is None:
                return refusal(
                    f"No registered document has the id '{doc_id:.100}'.",
                    PERSISTED_QUERY_NOT_FOUND,
                    documentId=doc_id[:100],
                )
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is not None:
            error = await self._persisted(data, persisted)
            if error is not None:
                return error
        caller = caller_view(context)
        if caller.allow_list is None and not self.settings.allow_list_only:
            return None
        if data.query is None or not self.registry.allows(sha256(data.query), caller.allow_list):
            return refusal(
                "Only registered operations may be run by this caller.", OPERATION_NOT_ALLOWED
            )
        return None

    async def _persisted(self, data: Any, persisted: Any) -> GraphQLError | None:
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(digest, str) or not SHA256.fullmatch(digest):
            return _bad_hash("must be a lower-case hex sha256")
        if data.query is None:
            query = self.registry.queries.get(digest)
            if query is None and self.settings.apq:
                query = await self.apq.get(digest)
            if query is None:
                return refusal("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
            data.query = query
            return None
        if sha256(data.query) != digest:
            return _bad_hash("provided sha does not match query")
        if self.settings.apq and len(data.query) <= self.settings.max_document_chars:
            await self.apq.put(digest, data.query)
        return None


def _bad_hash(reason: str) -> GraphQLError:
    return BadUserInput("extensions.persistedQuery.sha256Hash", reason)


def _redis(url: str | None) -> Any:
    if not url:
        return None
    from redis.asyncio import Redis

    return Redis.from_url(url)

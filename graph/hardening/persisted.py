"""Persisted queries: the registry of known operations, and automatic persisted queries (APQ).

The registry is read once at start from a JSON file (`{"Name": "query ..."}` or an Apollo
persisted-query manifest) or from a folder of `.graphql` files (name: the file's stem); each
document is known by the sha256 of its exact text. APQ hashes sent by clients are kept in a
bounded LRU in the process, and in Redis (with a TTL) when Redis is configured.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("graph.hardening")


def sha256(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Registry:
    """Registered operations by hash, with their names."""

    queries: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Registry:
        if path is None:
            return cls()
        if path.is_dir():
            named = {p.stem: p.read_text("utf-8") for p in sorted(path.glob("*.graphql"))}
        else:
            named = _named_from_json(json.loads(path.read_text("utf-8")))
        return cls(
            queries={sha256(q): q for q in named.values()},
            names={sha256(q): name for name, q in named.items()},
        )

    def document(self, doc_id: str) -> str | None:
        """A registered document by its id: its name (a Relay persisted-queries file maps ids
        to documents, the same shape as `{"Name": "query ..."}`) or its sha256 (hex, or
        `sha256:<hex>`)."""
        digest = doc_id.removeprefix("sha256:")
        if digest in self.queries:
            return self.queries[digest]
        for digest, name in self.names.items():
            if name == doc_id:
                return self.queries[digest]
        return None

    def allows(self, digest: str, allowed: frozenset[str] | None) -> bool:
        """Registered (no own list), or named by hash or operation name in the caller's list."""
        if allowed is None:
            return digest in self.queries
        return digest in allowed or self.names.get(digest) in allowed


def _named_from_json(data: Any) -> dict[str, str]:
    if isinstance(data, dict) and isinstance(data.get("operations"), list):
        return {op["name"]: op["body"] for op in data["operations"]}
    if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
        return dict(data)
    raise ValueError("persisted operations: expected {name: query} or an Apollo manifest")


class ApqStore:
    """sha256 -> query text: a bounded LRU per process, backed by Redis when configured."""

    def __init__(self, size: int, redis: Any = None, prefix: str = "shg", ttl: int = 86_400):
        self._lru: OrderedDict[str, str] = OrderedDict()
        self._size = size
        self._redis = redis
        self._prefix = f"{prefix}:apq:"
        self._ttl = ttl

    async def get(self, digest: str) -> str | None:
        query = self._lru.get(digest)
        if query is None and self._redis is not None:
            try:
                raw = await self._redis.get(self._prefix + digest)
            except Exception as error:  # Redis down: the process's own hashes still work
                log.warning("APQ store unavailable: %r", error)
                raw = None
            query = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if query is not None:
                self._remember(digest, query)
        elif query is not None:
            self._lru.move_to_end(digest)
        return query

    async def put(self, digest: str, query: str) -> None:
        self._remember(digest, query)
        if self._redis is not None:
            try:
                await self._redis.set(self._prefix + digest, query, ex=self._ttl)
            except Exception as error:
                log.warning("APQ store unavailable: %r", error)

    def _remember(self, digest: str, query: str) -> None:
        self._lru[digest] = query
        self._lru.move_to_end(digest)
        while len(self._lru) > self._size:
            self._lru.popitem(last=False)

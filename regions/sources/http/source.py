"""The HTTP adapter: one shared httpx pool per source, one GET per batch, one retry, timeouts."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import httpx

from regions.sources.capabilities import Capabilities
from regions.sources.http.dialect import JsonDialect, Params
from regions.sources.http.plain import PlainReads
from regions.sources.protocol import (
    Correction,
    DeliveryRefused,
    Facets,
    GroupContact,
    GroupFilter,
    Health,
    HitPage,
    Order,
    Page,
    RegionGroup,
    Seek,
    SourceStatus,
    SourceUnavailable,
)
from regions.sources.subjects import ErasureReceipt, SubjectMatch, SubjectRecord

log = logging.getLogger("regions.sources.http")
T = TypeVar("T")
GARBAGE = (KeyError, TypeError, ValueError, AttributeError)


class HttpSource:
    """A region's JSON API. Every call is bounded by `timeout` in total, retry included:
    reads are idempotent, so a refused connection or a 5xx answer is tried once more while
    time is left."""

    def __init__(
        self,
        code: str,
        base_url: str,
        dialect: JsonDialect,
        timeout: float,
        api_key: str | None = None,
        candidate_limit: int = 2000,
    ) -> None:
        self.code = code
        self._headers = {"accept": "application/json"}
        if api_key:
            auth = getattr(dialect, "auth_headers", None)
            self._headers |= auth(api_key) if auth else {"authorization": f"Bearer {api_key}"}
        self.kind = "http"
        self.base_url = base_url
        self.dialect = dialect
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None
        self.capabilities: Capabilities = dialect.capabilities
        self.candidate_limit = candidate_limit
        # a source that cannot rank: the adapter reads its candidates and does the rest
        self._plain = None if self.capabilities.ranks else PlainReads(self, candidate_limit)

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=httpx.Timeout(self.timeout),
                limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
                headers=self._headers,
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def valid_key(self, key: str) -> bool:
        return self.dialect.valid_key(key)

    async def _get(self, path: str, params: Params, absent: bool = False) -> Any:
        """The JSON answer; `absent`: a 404 means "no such record" (None), not a failure."""
        response = await self._send("GET", path, params=params)
        if absent and response.status_code == 404:
            return None
        if response.status_code != 200:
            raise SourceUnavailable(self.code, f"HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise SourceUnavailable(self.code, "garbage") from exc

    async def _send(self, method: str, path: str, **request: Any) -> httpx.Response:
        """One request, tried once more on a refused connection or a 5xx answer, the whole
        within the source's timeout (reads are idempotent; a delivery carries its key)."""
        if self._client is None:
            await self.start()
        client = self._client
        assert client is not None
        try:
            async with asyncio.timeout(self.timeout):
                for attempt in (1, 2):
                    try:
                        response = await client.request(method, path, **request)
                    except httpx.TimeoutException as exc:
                        raise SourceUnavailable(self.code, "timeout") from exc
                    except httpx.TransportError as exc:
                        if attempt == 2:
                            raise SourceUnavailable(self.code, "connection failed") from exc
                        log.info("region %s: %s %s retried: %s", self.code, method, path, exc)
                        continue
                    if response.status_code >= 500 and attempt == 1:
                        log.info(
                            "region %s: %s %s retried: HTTP %s",
                            self.code,
                            method,
                            path,
                            response.status_code,
                        )
                        continue
                    return response
        except TimeoutError as exc:
            raise SourceUnavailable(self.code, "timeout") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def _call(
        self, request: tuple[str, Params], parse: Callable[[Any], T], absent: bool = False
    ) -> T:
        body = await self._get(*request, absent=absent)
        try:
            return parse(body)
        except GARBAGE as exc:
            raise SourceUnavailable(self.code, "garbage") from exc

    async def list_in_key_order(
        self, f: GroupFilter, first: int, after: str | None, backward: bool = False
    ) -> Page:
        if self._plain is not None:
            return await self._plain.list_in_key_order(f, first, after, backward)
        page = self.dialect.parse_page
        request = self.dialect.list_in_key_order(f, first, after, backward)
        return await self._call(request, lambda b: page(self.code, b))

    async def count(self, f: GroupFilter) -> int:
        if self._plain is not None:
            return await self._plain.count(f)
        return await self._call(self.dialect.count(f), self.dialect.parse_count)

    async def find_ranked(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None, backward: bool = False
    ) -> HitPage:
        if seek is not None and seek.key is not None and not self.valid_key(seek.key):
            raise ValueError(f"not a key of {self.code}: {seek.key!r}")  # a caller's mistake
        if self._plain is not None:
            return await self._plain.find_ranked(f, order, first, seek, backward)
        hits = self.dialect.parse_hits
        request = self.dialect.find_ranked(f, order, first, seek, backward)
        return await self._call(request, lambda b: hits(self.code, b))

    async def facets(self, f: GroupFilter) -> Facets:
        if self._plain is not None:
            return await self._plain.facets(f)
        return await self._call(self.dialect.facets(f), self.dialect.parse_facets)

    async def by_keys(self, keys: Sequence[str]) -> dict[str, RegionGroup]:
        wanted = sorted({key for key in keys if self.valid_key(key)})
        parse = self.dialect.parse_groups
        single = not self.capabilities.batch_keys  # one request per key; 404: no such group

        def fetch(chunk: Sequence[str]) -> Awaitable[list[RegionGroup]]:
            request = self.dialect.by_keys(chunk)
            return self._call(request, lambda b: parse(self.code, b), absent=single)

        found: dict[str, RegionGroup] = {}
        for groups in await self._chunked(wanted, fetch):
            found |= {group.key: group for group in groups}
        return found

    async def _chunked(self, keys: Sequence[Any], fetch: Callable[[Any], Awaitable[T]]) -> list[T]:
        size = self.dialect.max_keys
        chunks = [keys[i : i + size] for i in range(0, len(keys), size)]
        return list(await asyncio.gather(*(fetch(chunk) for chunk in chunks)))

    async def by_contact_points(
        self, contact_point_keys: Sequence[int], limit: int, f: GroupFilter | None = None
    ) -> dict[int, list[RegionGroup]]:
        if not self.capabilities.by_contact_points:
            assert self._plain is not None, "a source that ranks answers by contact point"
            return await self._plain.by_contact_points(contact_point_keys, limit, f)
        parse = self.dialect.parse_by_contact_points
        keys = sorted(set(contact_point_keys))
        request = self.dialect.by_contact_points(keys, limit, f or GroupFilter())
        return await self._call(request, lambda b: parse(self.code, b))

    async def contacts_of(self, keys: Sequence[str]) -> dict[str, GroupContact]:
        wanted = sorted({key for key in keys if self.valid_key(key)})

        single = not self.capabilities.batch_keys

        def fetch(chunk: Sequence[str]) -> Awaitable[dict[str, GroupContact]]:
            request = self.dialect.contacts(chunk)
            if not single:
                return self._call(request, self.dialect.parse_contacts)
            one = self.dialect.parse_contact  # one key per request, the answer names none

            return self._call(request, lambda b: {} if b is None else {chunk[0]: one(b)}, True)

        found: dict[str, GroupContact] = {}
        for part in await self._chunked(wanted, fetch):
            found |= part
        return found

    async def report_correction(self, delivery_key: str, correction: Correction) -> None:
        """One POST (tried once more on a refused connection or a 5xx, within the timeout:
        the delivery key makes the repeat harmless). 201 stored, 200 or 409 already stored
        under this key: delivered. 401/403 (the service key) and 5xx: unavailable, try again
        later. Any other 4xx: refused. A source that takes no corrections refuses them."""
        if not self.capabilities.corrections:
            raise DeliveryRefused(self.code, "the region's system takes no corrections")
        path, body = self.dialect.correction(delivery_key, correction)
        status = (await self._send("POST", path, json=body)).status_code
        if status in (200, 201, 409):
            return
        if status in (401, 403) or status >= 500:
            raise SourceUnavailable(self.code, f"HTTP {status}")
        raise DeliveryRefused(self.code, f"HTTP {status}")

    async def _post(self, request: tuple[str, dict[str, Any]], parse: Callable[[Any], T]) -> T:
        """A POST whose answer is read (201 or 200); 401/403 and 5xx: unavailable; any other
        4xx: refused."""
        path, body = request
        response = await self._send("POST", path, json=body)
        status = response.status_code
        if status in (401, 403) or status >= 500:
            raise SourceUnavailable(self.code, f"HTTP {status}")
        if status not in (200, 201):
            raise DeliveryRefused(self.code, f"HTTP {status}")
        try:
            return parse(response.json())
        except (*GARBAGE, UnicodeDecodeError) as exc:
            raise SourceUnavailable(self.code, "garbage") from exc

    async def subject_records(self, match: SubjectMatch) -> list[SubjectRecord]:
        """One POST (the identifiers in the body, never in the URL), with the service key."""
        if not self.capabilities.subject_requests:
            raise SourceUnavailable(self.code, "the region's system answers no subject requests")
        try:
            return await self._post(
                self.dialect.subject_access(match), self.dialect.parse_subject_records
            )
        except DeliveryRefused as exc:  # a read the region would not answer: not usable
            raise SourceUnavailable(self.code, exc.reason) from exc

    async def erase_subject(self, delivery_key: str, match: SubjectMatch) -> ErasureReceipt:
        """One POST carrying the delivery key: 201 erased, 200 erased before (its receipt)."""
        if not self.capabilities.subject_requests:
            raise DeliveryRefused(self.code, "the region's system answers no subject requests")
        request = self.dialect.subject_erasure(delivery_key, match)
        return await self._post(request, self.dialect.parse_erasure)

    async def health(self) -> Health:
        started = time.perf_counter()
        try:
            healthy = await self._call((self.dialect.health_path, []), self.dialect.parse_health)
        except SourceUnavailable as exc:
            return Health(SourceStatus.DOWN, None, exc.reason)
        if not healthy:
            return Health(SourceStatus.DOWN, None, "reports itself unhealthy")
        return Health(SourceStatus.UP, round((time.perf_counter() - started) * 1000, 1))

"""The response cache over HTTP (README, *Response cache*): the same answers cached and not,
partitions by rights, invalidation by writes, what is never cached, ETag/304, Redis."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from starlette.applications import Starlette

from graph.app import create_app
from graph.ids import encode_id
from graph.settings import Settings
from tests.access_tokens import TokenKeys
from tests.conftest import open_private_registry

REDIS_URL = os.environ.get("SHG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRE_REDIS = os.environ.get("SHG_TEST_REQUIRE_REDIS") == "1"

# The callers whose answers are compared (README, *Access control*).
ROLES: dict[str, dict[str, Any] | None] = {
    "anonymous": None,
    "partner": {"kind": "partner", "scope": "contacts:read", "purpose": "referral"},
    "research": {"kind": "partner", "scope": "contacts:read", "purpose": "research"},
    "office DE-BY": {
        "kind": "regional_office",
        "sub": "KoBS Bayern",
        "region": "DE-BY",
        "scope": "contacts:read:DE-BY region:DE-BY:write",
        "purpose": "coordination",
    },
    "office DE-NW": {
        "kind": "regional_office",
        "sub": "KoBS NRW",
        "region": "DE-NW",
        "scope": "contacts:read:DE-NW region:DE-NW:write",
        "purpose": "coordination",
    },
    "national staff": {
        "kind": "national_staff",
        "sub": "NAKOS staff",
        "scope": "contacts:read rare:contact registry:write registry:review audit:read",
        "purpose": "administration",
    },
    "auditor": {"kind": "auditor", "sub": "Auditor", "scope": "audit:read", "purpose": "audit"},
}

PAGE = """
{ groups(first: 100) { totalCount nodes { id name format reach openForNewMembers
    contactPoint { id name officePhone } topics { id name } } } }"""
QUERIES = {
    "groups page": PAGE,
    "group by id": """query($id: ID!) { node(id: $id) { id ... on Group { name reach
        meeting { note } topics { name } contactPoint { name } } } }""",
    "topics": "{ topics(first: 50) { totalCount nodes { id name synonyms parent { name } } } }",
    "contact points": """{ contactPoints(first: 30, region: "DE-BY") { nodes { id name address { city }
        officePhone groups(first: 3) { totalCount nodes { name } } } } }""",
    "organisations": "{ organisations(first: 30) { nodes { id name officeEmail topics { name } } } }",
    "regions": "{ regions { nodes { code name coordinationOffice { name city } } } }",
    "rare condition searches": "{ rareConditionSearches(first: 20) { nodes { id } } }",
    "search": """{ search(text: "Sucht", first: 10) { totalCount
        edges { node { __typename ... on Group { name } ... on Organisation { name } } } } }""",
}
# the cache on, the registry's version trusted 60 s: a hit runs no statement at all
CACHED: dict[str, Any] = {
    "response_cache_enabled": True,
    "response_cache_version_check_seconds": 60,
}
GROUP_CONTACT = "query($id: ID!) { node(id: $id) { ... on Group { name contact { name email } } } }"


@asynccontextmanager
async def serving(settings: Settings, **overrides: Any) -> AsyncIterator[Starlette]:
    app = create_app(settings.model_copy(update=overrides))
    async with app.router.lifespan_context(app):
        yield app


class Api:
    """One app over HTTP, counting its registry's statements, calling as any role."""

    def __init__(self, app: Starlette, http: httpx.AsyncClient, keys: TokenKeys) -> None:
        self.app, self.http, self.keys = app, http, keys
        self.statements: list[str] = []
        event.listen(app.state.engine.sync_engine, "before_cursor_execute", self._record)

    def _record(self, _c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        self.statements.append(statement)

    def close(self) -> None:
        event.remove(self.app.state.engine.sync_engine, "before_cursor_execute", self._record)

    def headers(self, claims: dict[str, Any] | None) -> dict[str, str]:
        return {} if claims is None else {"authorization": f"Bearer {self.keys.mint(claims)}"}

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, claims: Any = None
    ) -> httpx.Response:
        body = {"query": query, "variables": variables}
        return await self.http.post("/graphql", json=body, headers=self.headers(claims))

    async def body(self, query: str, variables: Any = None, claims: Any = None) -> Any:
        response = await self.post(query, variables, claims)
        assert response.status_code == 200, response.text
        return response.json()

    async def counted(self, query: str, variables: Any = None, claims: Any = None) -> Any:
        """The body and the statements the request ran for its data (a token's revocation
        check is authentication's, before the cache, on every request)."""
        self.statements.clear()
        body = await self.body(query, variables, claims)
        return body, len([s for s in self.statements if "token_revocations" not in s])


@asynccontextmanager
async def api_of(app: Starlette, keys: TokenKeys) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        api = Api(app, http, keys)
        try:
            yield api
        finally:
            api.close()


@pytest.fixture
async def cached(settings: Settings, token_keys: TokenKeys) -> AsyncIterator[Api]:
    """The shared registry's app with the response cache on (the version trusted 60 s: no
    statement at all for a hit)."""
    async with (
        serving(settings, **CACHED) as app,
        api_of(app, token_keys) as api,
    ):
        yield api


@pytest.fixture
async def uncached(app: Starlette, token_keys: TokenKeys) -> AsyncIterator[Api]:
    assert app.state.settings.response_cache_enabled is False
    async with api_of(app, token_keys) as api:
        yield api


async def some_group(api: Api) -> str:
    body = await api.body("{ groups(first: 1) { nodes { id } } }")
    return str(body["data"]["groups"]["nodes"][0]["id"])


@pytest.mark.parametrize("role", list(ROLES))
async def test_the_same_answers_cached_and_uncached_for_every_role(
    role: str, cached: Api, uncached: Api
) -> None:
    claims = ROLES[role]
    variables = {"id": await some_group(uncached)}
    for name, query in QUERIES.items():
        # given the answer of the app without the cache
        expected = await uncached.body(query, variables, claims)
        assert "errors" not in expected, (name, expected)
        # when the cached app answers the same operation twice
        first, first_sql = await cached.counted(query, variables, claims)
        second, second_sql = await cached.counted(query, variables, claims)
        # then both answers are the uncached one, and the second ran no statement
        assert first == expected, name
        assert second == expected, name
        assert first_sql > 0, name
        assert second_sql == 0, (name, cached.statements)
        assert second == first


async def test_the_cached_100_group_page_runs_no_statement_whatever_the_spelling(
    cached: Api,
) -> None:
    first, first_sql = await cached.counted(PAGE)
    assert first_sql >= 1 and len(first["data"]["groups"]["nodes"]) == 100
    # whitespace, commas and comments do not make another entry
    spelled = "# the page\n" + PAGE.replace(" ", "  ,").replace("\n", " \n\n ")
    again, again_sql = await cached.counted(spelled)
    assert again == first and again_sql == 0


async def test_a_persisted_query_and_its_text_share_the_entry(cached: Api) -> None:
    import hashlib

    query = "{ topics(first: 5) { nodes { id name } } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    body = {"query": query, "extensions": persisted}
    first = await cached.http.post("/graphql", json=body)  # registers the hash (APQ)
    assert first.status_code == 200 and "errors" not in first.json()
    cached.statements.clear()
    by_hash = await cached.http.post("/graphql", json={"extensions": persisted})
    assert by_hash.json() == first.json() and cached.statements == []


async def test_tokens_with_the_same_rights_share_a_partition_other_land_or_purpose_not(
    cached: Api,
) -> None:
    query = QUERIES["contact points"]
    office = ROLES["office DE-BY"]
    assert office is not None
    # given the answer for one Bavarian office's token
    expected, sql = await cached.counted(query, claims=office)
    assert sql > 0
    # then another token (another holder, same kind, scopes, Land, purpose) gets it cached
    other_holder = {**office, "sub": "KoBS Bayern, second desk", "jti": uuid.uuid4().hex}
    body, sql = await cached.counted(query, claims=other_holder)
    assert body == expected and sql == 0
    # and every anonymous caller shares one partition, apart from every token's
    _, sql = await cached.counted(query)
    assert sql > 0
    _, sql = await cached.counted(query)
    assert sql == 0
    # but another Land's office, or the same rights for another purpose, are asked anew
    for claims in (
        ROLES["office DE-NW"],
        {**office, "purpose": "administration"},
        {**office, "scope": "contacts:read:DE-BY"},
    ):
        _, sql = await cached.counted(query, claims=claims)
        assert sql > 0, claims


async def test_a_disclosure_is_never_served_from_the_cache(cached: Api) -> None:
    staff = ROLES["national staff"]
    group = await cached.body(
        '{ groups(first: 100, region: "DE-BY") { nodes { id contactMode } } }'
    )
    direct = next(n["id"] for n in group["data"]["groups"]["nodes"] if n["contactMode"] == "DIRECT")
    request_ids = []
    for _ in range(3):
        # when national staff ask for a group's contact person again and again
        cached.statements.clear()
        response = await cached.post(GROUP_CONTACT, {"id": direct}, staff)
        body = response.json()
        # then it is disclosed each time, read from the registry each time
        assert body["data"]["node"]["contact"] is not None, body
        assert len(cached.statements) > 0
        request_ids.append(response.headers["x-request-id"])
    # and the audit has each request's disclosure
    async with cached.app.state.engine.connect() as conn:
        from sqlalchemy import text

        for request_id in request_ids:
            rows = await conn.execute(
                text("SELECT field FROM disclosures WHERE request_id = :r"), {"r": request_id}
            )
            assert [row[0] for row in rows] == ["Group.contact"], request_id


async def test_errors_are_not_cached(cached: Api) -> None:
    # an anonymous caller asking for a protected field: data with a FORBIDDEN error (the
    # first group whose contact is not public)
    page = await cached.body("{ groups(first: 50) { nodes { id } } }")
    for node in page["data"]["groups"]["nodes"]:
        group = str(node["id"])
        probe = await cached.body(GROUP_CONTACT, {"id": group})
        if probe.get("errors"):
            break
    else:
        raise AssertionError("no group among the first 50 withholds its contact")
    first, first_sql = await cached.counted(GROUP_CONTACT, {"id": group})
    second, second_sql = await cached.counted(GROUP_CONTACT, {"id": group})
    assert first["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert second == first and first_sql > 0 and second_sql > 0
    # a bad argument: BAD_USER_INPUT each time
    bad = "{ groups(first: 1000) { nodes { id } } }"
    for _ in range(2):
        body = await cached.body(bad)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_audit_log_and_introspection_are_not_cached(cached: Api) -> None:
    auditor = ROLES["auditor"]
    # the audit grows with reads (which bump no version): always read anew
    query = "{ auditLog(first: 5) { totalCount } }"
    first, first_sql = await cached.counted(query, claims=auditor)
    assert "errors" not in first, first
    _, second_sql = await cached.counted(query, claims=auditor)
    assert first_sql > 0 and second_sql > 0
    schema = "{ __schema { queryType { name } } }"
    first = await cached.body(schema)
    assert first["data"]["__schema"]["queryType"]["name"] == "Query"
    entries = len(cached.app.state.response_cache.memory)
    await cached.body(schema)
    assert len(cached.app.state.response_cache.memory) == entries


async def test_etag_and_304_for_get(cached: Api) -> None:
    params = {"query": "{ topics(first: 3) { nodes { id name } } }"}
    first = await cached.http.get("/graphql", params=params)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"].startswith("public")
    assert "Authorization" in first.headers["vary"]
    # the same (now from the cache) has the same tag; the client holding it gets a 304
    again = await cached.http.get("/graphql", params=params)
    assert again.headers["etag"] == etag and again.json() == first.json()
    cached.statements.clear()
    unchanged = await cached.http.get("/graphql", params=params, headers={"if-none-match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == etag and "x-request-id" in unchanged.headers
    assert cached.statements == []
    weak = await cached.http.get(
        "/graphql", params=params, headers={"if-none-match": f'"other", W/{etag}'}
    )
    assert weak.status_code == 304
    other = await cached.http.get("/graphql", params=params, headers={"if-none-match": '"x"'})
    assert other.status_code == 200 and other.json() == first.json()
    # an answer with an error has no tag
    failed = await cached.http.get(
        "/graphql", params={"query": "{ groups(first: 1000) { nodes { id } } }"}
    )
    assert "etag" not in failed.headers


async def test_an_etag_without_the_cache_too(uncached: Api) -> None:
    params = {"query": "{ topics(first: 3) { nodes { id name } } }"}
    first = await uncached.http.get("/graphql", params=params)
    etag = first.headers["etag"]
    unchanged = await uncached.http.get("/graphql", params=params, headers={"if-none-match": etag})
    assert unchanged.status_code == 304


UPDATE_GROUP = """
mutation($input: UpdateGroupInput!) {
  updateGroup(input: $input) { errors { field code message } group { id version meeting { note } } }
}"""
READ_GROUP = "query($id: ID!) { node(id: $id) { ... on Group { version meeting { note } } } }"


async def test_a_write_makes_the_next_read_see_it_in_every_process(
    backend: str, settings: Settings, token_keys: TokenKeys, tmp_path: Path
) -> None:
    own = settings.model_copy(update=CACHED)
    async with open_private_registry(backend, own, tmp_path) as registry:
        key = await registry.db.scalar(
            "SELECT min(id) FROM groups WHERE review_state = 'PUBLISHED' AND region_code = 'DE-BY'"
        )
        group = encode_id("Group", "nakos", str(key))
        # a second process on the same registry, checking the version on every request
        other_settings = registry.settings.model_copy(
            update={"response_cache_version_check_seconds": 0}
        )
        async with (
            api_of(registry.app, token_keys) as api,
            serving(other_settings) as other_app,
            api_of(other_app, token_keys) as other,
        ):
            before, _ = await api.counted(READ_GROUP, {"id": group})
            _, sql = await api.counted(READ_GROUP, {"id": group})
            assert sql == 0  # cached
            await other.counted(READ_GROUP, {"id": group})
            _, sql = await other.counted(READ_GROUP, {"id": group})
            assert sql == 1  # only the version read
            node = before["data"]["node"]
            # when national staff change the group through the API
            write = await api.body(
                UPDATE_GROUP,
                {
                    "input": {
                        "id": group,
                        "expectedVersion": node["version"],
                        "meeting": {"note": "Neu: jeden zweiten Dienstag"},
                    }
                },
                ROLES["national staff"],
            )
            assert write["data"]["updateGroup"]["errors"] == [], write
            # then the next read sees it, in this process and the other
            for reader in (api, other):
                after, sql = await reader.counted(READ_GROUP, {"id": group})
                assert after["data"]["node"]["meeting"]["note"] == "Neu: jeden zweiten Dienstag"
                assert after["data"]["node"]["version"] == node["version"] + 1
                assert sql > 1


def redis_reachable() -> str:
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis is required but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    return REDIS_URL


async def test_the_redis_backend_is_shared_by_processes(
    settings: Settings, token_keys: TokenKeys
) -> None:
    url = redis_reachable()
    prefix = f"shg-test-{uuid.uuid4().hex}"
    overrides = {
        **CACHED,
        "response_cache_backend": "redis",
        "redis_url": url,
        "redis_prefix": prefix,
    }
    try:
        async with (
            serving(settings, **overrides) as one,
            serving(settings, **overrides) as two,
            api_of(one, token_keys) as first,
            api_of(two, token_keys) as second,
        ):
            expected, sql = await first.counted(PAGE)
            assert sql > 0
            body, sql = await second.counted(PAGE)
            assert body == expected
            assert sql == 1  # the second process's first version read; the answer from Redis
    finally:
        from redis.asyncio import Redis

        client = Redis.from_url(url)
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


REQUEST_CONTACT = """
mutation($input: RequestContactInput!) {
  requestContact(input: $input) { contactRequest { id } errors { field code } }
}"""


async def test_a_contact_request_leaves_the_cached_reads_valid(
    backend: str, settings: Settings, token_keys: TokenKeys, tmp_path: Path
) -> None:
    # no query reads contact requests: an anonymous caller writing one must not empty
    # everyone's cache (it would be a way to make every read expensive)
    own = settings.model_copy(update=CACHED)
    async with open_private_registry(backend, own, tmp_path) as registry:
        key = await registry.db.scalar(
            "SELECT min(g.id) FROM groups g JOIN group_contacts c ON c.group_id = g.id "
            "WHERE g.review_state = 'PUBLISHED' AND g.contact_mode = 'DIRECT' "
            "AND c.email IS NOT NULL"
        )
        group = encode_id("Group", "nakos", str(key))
        version = "SELECT version FROM source_versions WHERE source = 'registry'"
        before = await registry.db.scalar(version)
        async with api_of(registry.app, token_keys) as api:
            await api.counted(READ_GROUP, {"id": group})
            _, sql = await api.counted(READ_GROUP, {"id": group})
            assert sql == 0  # cached
            sent = await api.body(
                REQUEST_CONTACT,
                {"input": {"subjectId": group, "message": "Hallo!", "replyTo": "a@example.org"}},
            )
            assert sent["data"]["requestContact"]["errors"] == [], sent
            assert await registry.db.scalar("SELECT count(*) FROM contact_requests") == 1
            # the request was written, the registry's version was not: still cached
            assert await registry.db.scalar(version) == before
            _, sql = await api.counted(READ_GROUP, {"id": group})
            assert sql == 0

"""Look-ahead prefetch (graph/prefetch.py) changes nothing a caller sees: the same answers,
errors and redactions per role as the dataloader path alone, the same SQL statements, and
every disclosure still audited. It does take the per-field awaitables away."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from graph import prefetch
from tests.access_tokens import TokenKeys
from tests.conftest import Db, SqlLog
from tests.graph.mutations.roles import ROLES

QUERIES = {
    "nested page": """{ groups(first: 100) { totalCount nodes { id name format reach
        openForNewMembers region { code name } contactPoint { id name officePhone
        region { code } officeHours { weekday opens closes } } topics { id name
        parent { name } } } } }""",
    "edges, aliases, fragments": """query { groups(first: 30, region: "DE-BY") { edges {
        cursor node { ...G cp: contactPoint { name } t2: topics { slug } } } } }
        fragment G on Group { id contactPoint { id name } topics { id name } }""",
    "protected fields": """{ groups(first: 60) { nodes { id contactMode contact { name phone
        email } meetingLink contactPoint { name } topics { name } } } }""",
    "second page, backward": """{ groups(last: 15, before: null) { nodes { id region { code }
        contactPoint { id } } pageInfo { hasNextPage hasPreviousPage } } }""",
    "node and nested lists": """{ topics(first: 5) { nodes { name groups(first: 5) { nodes {
        id name } } } } contactPoints(first: 5) { nodes { name region { code } branches { id }
        districts } } }""",
}


async def _post(app: Starlette, keys: TokenKeys, role: str, query: str) -> dict[str, Any]:
    claims = ROLES[role]
    headers = {} if claims is None else {"authorization": f"Bearer {keys.mint(claims)}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://p") as http:
        response = await http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("role", list(ROLES))
async def test_same_answers_with_and_without_prefetch(
    app: Starlette, token_keys: TokenKeys, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, query in QUERIES.items():
        fast = await _post(app, token_keys, role, query)
        with monkeypatch.context() as m:
            m.setattr(prefetch, "enabled", lambda info: False)
            slow = await _post(app, token_keys, role, query)
        assert fast == slow, f"{name} as {role}"
        assert fast.get("data"), f"{name} as {role}: {fast}"


async def test_the_same_statements_with_and_without_prefetch(
    app: Starlette, token_keys: TokenKeys, sql: SqlLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql.reset()
    await _post(app, token_keys, "anonymous", QUERIES["nested page"])
    fast = sql.count
    with monkeypatch.context() as m:
        m.setattr(prefetch, "enabled", lambda info: False)
        sql.reset()
        await _post(app, token_keys, "anonymous", QUERIES["nested page"])
    # the page, its count, group regions, contact points, topics, hours, topic parents
    # (the contact points' Länder are those of their groups: already loaded)
    assert fast == sql.count <= 8


async def test_prefetched_fields_need_no_task_per_node(
    app: Starlette, token_keys: TokenKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = """{ groups(first: 100) { nodes { id contactPoint { id name officePhone }
        topics { id name } region { code } } } }"""

    async def tasks() -> int:
        loop = asyncio.get_running_loop()
        made = 0
        previous = loop.get_task_factory()

        def counting(loop: Any, coro: Any, **kwargs: Any) -> Any:
            nonlocal made
            made += 1
            if previous is None:
                return asyncio.Task(coro, loop=loop, **kwargs)
            return previous(loop, coro, **kwargs)

        loop.set_task_factory(counting)
        try:
            await _post(app, token_keys, "anonymous", query)
        finally:
            loop.set_task_factory(previous)
        return made

    fast = await tasks()
    with monkeypatch.context() as m:
        m.setattr(prefetch, "enabled", lambda info: False)
        slow = await tasks()
    assert fast < 30 < 100 < slow


async def test_a_disclosure_is_still_audited_when_the_page_is_prefetched(
    app: Starlette, token_keys: TokenKeys, db: Db
) -> None:
    before = await db.scalar("SELECT count(*) FROM disclosures")
    body = await _post(app, token_keys, "national staff", QUERIES["protected fields"])
    shown = [n for n in body["data"]["groups"]["nodes"] if n["contact"] is not None]
    assert shown and "errors" not in body
    assert await db.scalar("SELECT count(*) FROM disclosures") > before

"""Cache hits answered in front of the GraphQL view (graph/cache/front.py): the same body,
status and headers as the view gives, counted once against the rate limit, and never
reaching Strawberry; what the front leaves to the view still works."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graph.hardening.view import HardenedView
from graph.settings import Settings
from tests.access_tokens import TokenKeys
from tests.graph.test_response_cache import CACHED, Api, api_of, serving

QUERY = "{ topics(first: 3) { nodes { id name } } }"
VARYING = ("x-request-id", "date")


@pytest.fixture
async def front(settings: Settings, token_keys: TokenKeys) -> AsyncIterator[Api]:
    async with (
        serving(
            settings,
            **CACHED,
            rate_limits=True,
            rate_limit_anonymous="4/minute",
        ) as app,
        api_of(app, token_keys) as api,
    ):
        yield api


@pytest.fixture
def views(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests that reached the GraphQL view (Strawberry's request handling)."""
    seen: list[str] = []
    original = HardenedView.run

    async def run(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(request.method)
        return await original(self, request, *args, **kwargs)

    monkeypatch.setattr(HardenedView, "run", run)
    return seen


def same_headers(one: httpx.Response, other: httpx.Response) -> None:
    drop = lambda r: {k: v for k, v in r.headers.items() if k not in VARYING}  # noqa: E731
    assert drop(one) == drop(other)


@pytest.mark.parametrize("accept", [None, "application/graphql-response+json"])
async def test_a_post_hit_is_the_views_answer_without_the_view(
    front: Api, views: list[str], accept: str | None
) -> None:
    headers = {} if accept is None else {"accept": accept}
    first = await front.http.post("/graphql", json={"query": QUERY}, headers=headers)
    assert views == ["POST"] and first.status_code == 200
    front.statements.clear()
    again = await front.http.post("/graphql", json={"query": QUERY}, headers=headers)
    assert views == ["POST"]  # not again
    assert front.statements == []
    assert again.status_code == 200 and again.content == first.content
    same_headers(again, first)
    assert again.headers["content-type"].startswith(accept or "application/json")
    assert again.headers["x-request-id"] != first.headers["x-request-id"]


async def test_a_get_hit_with_its_tag_and_304(front: Api, views: list[str]) -> None:
    params = {"query": QUERY}
    first = await front.http.get("/graphql", params=params)
    again = await front.http.get("/graphql", params=params)
    assert again.content == first.content
    same_headers(again, first)
    assert first.headers["cache-control"].startswith("public")
    unchanged = await front.http.get(
        "/graphql", params=params, headers={"if-none-match": first.headers["etag"]}
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == first.headers["etag"]
    assert "content-type" not in unchanged.headers
    assert views == ["GET"]  # only the first reached the view


async def test_each_request_counts_once_against_the_rate_limit(
    front: Api, views: list[str]
) -> None:
    # a miss (counted in the view), then three hits (counted in front): four of four
    for _ in range(4):
        assert (await front.http.post("/graphql", json={"query": QUERY})).status_code == 200
    assert views == ["POST"]
    # the fifth is refused, a hit or not, with the view's refusal
    refused = await front.http.post("/graphql", json={"query": QUERY})
    assert refused.status_code == 429
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert refused.headers["retry-after"] == str(error["extensions"]["retryAfter"])
    assert refused.json()["data"] is None


async def test_what_the_front_leaves_to_the_view(front: Api, views: list[str]) -> None:
    await front.http.post("/graphql", json={"query": QUERY})  # kept
    views.clear()
    # a batch, a malformed body, GraphiQL's page: the view answers them as before
    batch = await front.http.post("/graphql", json=[{"query": QUERY}])  # batching is off
    assert batch.status_code == 400
    assert batch.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    malformed = await front.http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    mutation = await front.http.get("/graphql", params={"query": "mutation { __typename }"})
    assert mutation.status_code == 405
    assert views == ["POST", "POST", "GET"]

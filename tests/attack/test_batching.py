"""Batching: a JSON array of operations is refused by default, and bounded when turned on."""

from __future__ import annotations

from tests.attack.conftest import Api, ApiFactory

TEN = [{"query": f'{{ region(code: "DE-BY") {{ n{i}: code }} }}'} for i in range(10)]


async def test_a_batch_of_ten_is_refused_by_default(api: Api) -> None:
    api.statements.clear()
    response = await api.http.post("/graphql", json=TEN)
    assert response.status_code == 400
    assert "Batching is not enabled" in response.text
    assert api.statements == []


async def test_batches_are_bounded_when_turned_on(make_api: ApiFactory) -> None:
    async with make_api(max_batch=5) as api:
        response = await api.http.post("/graphql", json=TEN)
        assert response.status_code == 400
        assert "Too many operations" in response.text
        response = await api.http.post("/graphql", json=TEN[:3])
        assert response.status_code == 200
        assert [r["data"] for r in response.json()] == [
            {"region": {f"n{i}": "DE-BY"}} for i in range(3)
        ]


async def test_each_operation_of_a_batch_meets_the_limits(make_api: ApiFactory) -> None:
    async with make_api(max_batch=5) as api:
        hostile = {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"}
        response = await api.http.post("/graphql", json=[TEN[0], hostile])
        first, second = response.json()
        assert first["data"] == {"region": {"n0": "DE-BY"}}
        assert second["data"] is None
        assert second["errors"][0]["extensions"]["limit"] == "aliases"


async def test_a_batch_counts_as_many_requests_against_the_rate_limit(make_api: ApiFactory) -> None:
    async with make_api(max_batch=5, rate_limits=True, rate_limit_anonymous="4/minute") as api:
        assert (await api.http.post("/graphql", json=TEN[:3])).status_code == 200
        response = await api.http.post("/graphql", json=TEN[:2])
        assert response.status_code == 429

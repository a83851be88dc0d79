"""Mutations pass the same hardening as queries: the request rate limit, the cost budget and
the depth limit, before anything runs (the inputs here are invalid: nothing could be written
anyway; the shared registry's guard checks it)."""

from __future__ import annotations

from graph.ids import encode_id
from tests.attack.conftest import ApiFactory, refused
from tests.graph.mutations.conftest import SUBMIT, registration_input

BAD = {"input": registration_input(encode_id("Topic", "nakos", 1), name="")}


async def test_mutations_count_against_the_rate_limit(make_api: ApiFactory) -> None:
    async with make_api(rate_limits=True, rate_limit_anonymous="2/minute") as api:
        for _ in range(2):
            body = (await api.post(SUBMIT, BAD)).json()
            assert body["data"]["submitGroupRegistration"]["errors"][0]["field"] == "name"
        response = await api.post(SUBMIT, BAD)
        assert response.status_code == 429
        assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_mutations_have_a_cost_and_a_depth(make_api: ApiFactory) -> None:
    async with make_api(environment="production", max_depth=3) as api:
        api.statements.clear()
        deep = SUBMIT.replace("name group { id }", "topics { parent { name } }")
        refused((await api.post(deep, BAD)).json(), "depth")
        assert api.statements == []
    async with make_api(environment="production", cost_budget_anonymous=5) as api:
        api.statements.clear()
        error = refused((await api.post(SUBMIT, BAD)).json(), "cost")
        assert error["extensions"]["max"] == 5 and error["extensions"]["actual"] > 5
        assert api.statements == []

"""Cost budget: an expensive query within every single limit, anonymous and partner budgets."""

from __future__ import annotations

from tests.attack.conftest import FRUGAL, PARTNER, Api, Auth, refused

# depth 5, no aliases, 9 fields, every first <= 100: but 1 + 100 * (1 + 196 + 196) = 39,301
# (a nested connection: 1, and per node its `nodes` entry and two fields: 1 + 65 * 3)
EXPENSIVE = """{ topics(first: 100) { nodes {
  groups(first: 65) { nodes { id name } }
  organisations(first: 65) { nodes { id name } }
} } }"""
SMALL = "{ regions(first: 20) { nodes { code name } } }"  # 1 + 20 * (1 + 2) = 61


async def test_expensive_query_is_refused_for_anonymous_callers(api: Api) -> None:
    api.statements.clear()
    error = refused(await api.body(EXPENSIVE), "cost")
    assert error["extensions"]["max"] == 5_000
    assert error["extensions"]["actual"] == 39_301
    assert api.statements == []


async def test_partners_have_a_larger_budget(api: Api, auth: Auth) -> None:
    body = await api.body(EXPENSIVE, headers=auth(PARTNER))
    assert "errors" not in body, body
    assert len(body["data"]["topics"]["nodes"]) > 0


async def test_a_token_may_carry_its_own_budget(api: Api, auth: Auth) -> None:
    assert (await api.body(SMALL))["data"]["regions"]["nodes"]
    error = refused(await api.body(SMALL, headers=auth(FRUGAL)), "cost")
    assert error["extensions"]["max"] == FRUGAL.claims["cost_budget"] == 50
    assert error["extensions"]["actual"] == 61


async def test_cost_follows_variables_and_fragments(api: Api) -> None:
    query = """
    fragment G on Topic {
      groups(first: $n) { nodes { id name } } organisations(first: $n) { nodes { id name } }
    }
    query($n: Int!) { topics(first: $n) { nodes { ...G } } }
    """
    assert "errors" not in await api.body(query, {"n": 10})  # 1 + 10 * (1 + 31 + 31) = 631
    assert refused(await api.body(query, {"n": 100}), "cost")["extensions"]["actual"] == 60_301

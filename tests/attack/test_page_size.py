"""Page size: first=99999999 on connections and nested lists, inline or through variables."""

from __future__ import annotations

import pytest

from tests.attack.conftest import Api, refused

HUGE = 99999999


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (f"{{ groups(first: {HUGE}) {{ nodes {{ id }} }} }}", None),
        ("query($n: Int) { groups(first: $n) { nodes { id } } }", {"n": HUGE}),
        (f"query($n: Int = {HUGE}) {{ groups(first: $n) {{ nodes {{ id }} }} }}", None),
        (f"{{ topics(first: 1) {{ nodes {{ groups(first: {HUGE}) {{ id }} }} }} }}", None),
        ('{ region(code: "DE-BY") { contactPoints(first: -1) { id } } }', None),
    ],
)
async def test_first_out_of_range_is_refused_before_any_sql(
    api: Api, query: str, variables: dict[str, int] | None
) -> None:
    api.statements.clear()
    error = refused(await api.body(query, variables), "pageSize")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "first"
    assert error["extensions"]["max"] == 100
    assert api.statements == []


async def test_first_at_the_limit_is_served(api: Api) -> None:
    body = await api.body("{ groups(first: 100) { nodes { id } } }")
    assert len(body["data"]["groups"]["nodes"]) == 100

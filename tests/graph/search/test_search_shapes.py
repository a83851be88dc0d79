"""A search's statements are built once per shape and run with each request's values (issue
16): two searches of the same shape with other words, places, radii, seeks (cursors) give
each its own answer, the same as when each is asked first; searches of other kinds and
orders do not share statements; the number of statements stays."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from regions.registry.store import search as national
from tests.conftest import Gql, SqlLog

from .test_count_path import WITH_FACETS

# pairs of searches of one shape (same kinds, order, number of words and the topics each
# names, a place in the same Land or none): words that name no topic, or the same word
# at other places
PAIRS = [
    ({"text": "Berlin"}, {"text": "Hamburg"}),
    ({"text": "Treffen Berlin"}, {"text": "Selbsthilfe Hamburg"}),
    (
        {"text": "Selbsthilfe", "near": {"postalCode": "44135", "radiusKm": 25}},
        {"text": "Selbsthilfe", "near": {"postalCode": "50667", "radiusKm": 30}},
    ),
    (
        {"text": "Sucht", "near": {"postalCode": "44135", "radiusKm": 200}},
        {"text": "Sucht", "near": {"postalCode": "50667", "radiusKm": 100}},
    ),
    (
        {"near": {"postalCode": "44135", "radiusKm": 10}},
        {"near": {"postalCode": "44135", "radiusKm": 40}},
    ),
    (
        {"near": {"postalCode": "44135", "radiusKm": 25}, "order": "DISTANCE"},
        {"near": {"postalCode": "40210", "radiusKm": 50}, "order": "DISTANCE"},
    ),
    (
        {"text": "Treffen", "kinds": ["GROUP", "ORGANISATION"], "regions": ["DE-NW"]},
        {"text": "Dortmund", "kinds": ["GROUP", "ORGANISATION"], "regions": ["DE-NW"]},
    ),
]
# searches that differ only in what is part of the shape: each keeps its own statements
OTHER_SHAPES = [
    {"text": "Gruppe"},
    {"text": "Gruppe", "kinds": ["GROUP"]},
    {"text": "Gruppe", "kinds": ["ORGANISATION", "CONTACT_POINT"]},
    {"text": "Gruppe", "regions": ["DE-BY"]},
    {"text": "Gruppe", "near": {"postalCode": "44135", "radiusKm": 25}},
    {"text": "Gruppe", "near": {"postalCode": "44135", "radiusKm": 25}, "order": "DISTANCE"},
]


async def _pages(gql: Gql, case: dict[str, Any], size: int = 7, pages: int = 3) -> list[Any]:
    """The first pages of a search (count, facets, edges with cursors and distances)."""
    out: list[Any] = []
    after = None
    for _ in range(pages):
        page = (await gql.data(WITH_FACETS, {**case, "first": size, "after": after}))["search"]
        out.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return out


async def _first(gql: Gql, case: dict[str, Any]) -> list[Any]:
    """The answer with no statement of any shape kept: built for this search's values."""
    national._SHAPES.clear()
    return await _pages(gql, case)


async def test_searches_of_one_shape_each_get_their_own_answer(gql: Gql) -> None:
    for a, b in PAIRS:
        # given each search's answer when it is the first of its shape
        alone_a, alone_b = await _first(gql, a), await _first(gql, b)
        assert alone_a != alone_b, (a, b)
        # when they run one after the other, in both orders, over the same statements
        national._SHAPES.clear()
        after_a = [await _pages(gql, a), await _pages(gql, b)]
        kept = len(national._SHAPES)
        after_b = [await _pages(gql, b), await _pages(gql, a)]
        # then one shape served both, and each got its own answer: no value leaked
        assert kept == len(national._SHAPES) == 1, (a, b)
        assert after_a == [alone_a, alone_b], (a, b)
        assert after_b == [alone_b, alone_a], (a, b)


async def test_searches_of_other_shapes_do_not_share_statements(gql: Gql) -> None:
    alone = [await _first(gql, case) for case in OTHER_SHAPES]
    national._SHAPES.clear()
    together = [await _pages(gql, case) for case in OTHER_SHAPES]
    assert len(national._SHAPES) == len(OTHER_SHAPES)
    assert together == alone


async def test_the_shapes_kept_are_bounded(gql: Gql, monkeypatch: Any) -> None:
    monkeypatch.setattr(national, "_SHAPES_KEPT", 2)
    national._SHAPES.clear()
    for case in OTHER_SHAPES:
        await _pages(gql, case, pages=1)
    assert len(national._SHAPES) == 2
    # the last used are kept; one dropped is built again, with the same answer
    assert await _pages(gql, OTHER_SHAPES[0]) == await _first(gql, OTHER_SHAPES[0])


SEARCH = (
    "query($text: String!, $code: String!, $km: Float!) { search(text: $text, near: "
    "{postalCode: $code, radiusKm: $km}, kinds: [GROUP], first: 20) "
    "{ totalCount edges { distanceKm node { __typename } } } }"
)


async def test_a_search_of_a_kept_shape_runs_as_many_statements(gql: Gql, sql: SqlLog) -> None:
    national._SHAPES.clear()
    await gql.data(SEARCH, {"text": "Eltern", "code": "10115", "km": 30})  # words' topics read
    national._SHAPES.clear()
    sql.reset()
    built = await gql.data(SEARCH, {"text": "Eltern", "code": "10115", "km": 30})
    when_built = list(sql.statements)
    sql.reset()
    kept = await gql.data(SEARCH, {"text": "Eltern", "code": "10115", "km": 30})
    # the postal code, the words' topics, the ranked page that counts too, the groups on it
    assert len(sql.statements) == len(when_built) == 4, sql.statements
    assert kept == built and kept["search"]["totalCount"] > 0


async def test_a_new_day_builds_new_statements(gql: Gql, monkeypatch: Any) -> None:
    """Which rare-condition searches are current is written into the statements by day."""
    national._SHAPES.clear()
    case = {"text": "Berlin"}
    await _pages(gql, case, pages=1)
    kept = list(national._SHAPES)

    class Tomorrow(date):
        @classmethod
        def today(cls) -> date:
            return date.today() + timedelta(days=1)

    monkeypatch.setattr(national, "date", Tomorrow)
    await _pages(gql, case, pages=1)
    assert len(national._SHAPES) == 2 and list(national._SHAPES)[0] == kept[0]

"""Sources of every capability level in one graph: the registry, Bavaria (SQL: filters, ranks,
pages by key, counts, facets itself), NRW (a capable HTTP service: the same over its own API)
and Baden-Württemberg (a plain HTTP service: its own keyword, offset pages, no ranking, no
facets, no national vocabulary). `search` and `groups` give the oracle's answer, computed here
from every source's rows read directly with the published filters and score; paging works both
ways; the calls per source per page are bounded, and a plain source past the candidate limit is
left out with REGION_RESULT_LIMIT naming the limit."""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from graph.group_filters import group_facts
from regions.registry.store import postal_codes, vocabulary
from regions.registry.store import search as national
from regions.sources.formats.bw import DIALECT as BW
from regions.sources.protocol import GroupFilter, Near, Order, RegionGroup, Term
from regions.sources.search.analysis import query_words, stem, stems
from regions.sources.vocabulary import GroupFormat, GroupReach
from tests.conftest import Gql, SqlLog
from tests.paging import walk
from tests.regions.conftest import BwService, HttpCalls, count_sql

SEARCH = """
query($text: String, $near: NearInput, $orderBy: SearchOrder, $regions: [String!],
      $first: Int, $after: String, $last: Int, $before: String) {
  search(text: $text, near: $near, orderBy: $orderBy, kinds: [GROUP], regions: $regions,
         first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { ... on Node { id } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
COUNT = """query($text: String, $near: NearInput, $orderBy: SearchOrder, $regions: [String!]) {
  search(text: $text, near: $near, orderBy: $orderBy, kinds: [GROUP], regions: $regions,
         first: 0) { totalCount } }"""
GROUPS = """
query($region: String, $text: String, $near: NearInput, $first: Int, $after: String,
      $last: Int, $before: String) {
  groups(region: $region, text: $text, near: $near, first: $first, after: $after, last: $last,
         before: $before) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
STUTTGART = {"postalCode": "70173", "radiusKm": 60}
ULM = {"postalCode": "89073", "radiusKm": 80}  # Baden-Württemberg and Bavaria around it
LANES = ["nakos", "DE-BY", "DE-NW", "DE-BW"]
NO_PLACE_KM, SCORE_SCALE, STEP_KM, EARTH_KM = 100_000.0, 1_000_000.0, 5.0, 6371.0088


def node_of(node_id: str) -> tuple[str, str]:
    raw = base64.urlsafe_b64decode(node_id + "=" * (-len(node_id) % 4)).decode()
    _, source, key = raw.split(":", 2)
    return source, key


# -- the oracle: every source's rows, read directly, filtered and ranked here ----------------


async def bw_rows(service: BwService) -> list[RegionGroup]:
    """Every group of BW's service, read from its API page by page (its own order)."""
    found: list[RegionGroup] = []
    async with httpx.AsyncClient(base_url=service.url) as http:
        while True:
            page = await http.get("/api/gruppen", params={"offset": len(found), "limit": 100})
            body = page.json()
            found += [BW.group("DE-BW", item) for item in body["eintraege"]]
            if len(found) >= body["gesamt"] or not body["eintraege"]:
                return found


async def region_rows(app: Starlette, bw: BwService) -> dict[str, list[RegionGroup]]:
    """Each region's whole published list: Bavaria's table and NRW's list in one call each,
    BW's by its API."""
    sources = app.state.sources
    bavaria = await sources["DE-BY"].list_in_key_order(GroupFilter(), 100_000, None)
    nrw: list[RegionGroup] = []
    while True:
        after = nrw[-1].key if nrw else None
        page = await sources["DE-NW"].list_in_key_order(GroupFilter(), 100, after)
        nrw += page.groups
        if not page.has_next:
            break
    return {"DE-BY": bavaria.groups, "DE-NW": nrw, "DE-BW": await bw_rows(bw)}


async def the_filter(app: Starlette, text: str | None, near: dict[str, Any] | None) -> GroupFilter:
    """The filter the API builds (words with the topics they name, the place), by the
    registry's vocabulary and postal codes."""
    engine = app.state.engine
    words = query_words(text or "")
    word_stems = [stem(w) for w in words]
    named = await vocabulary.named_topics(engine, word_stems)
    tree = await vocabulary.trees(engine, sorted({t for ids in named.values() for t in ids}))
    terms = tuple(
        Term(w, s, tuple(sorted({slug for t in named.get(s, ()) for slug in tree.get(t, [])})))
        for w, s in zip(words, word_stems, strict=True)
    )
    place = None
    if near is not None:
        row = await postal_codes.by_code(engine, near["postalCode"])
        place = Near(row.latitude, row.longitude, near["radiusKm"], row.region_code)
    return GroupFilter(**group_facts(None, None, None, None), terms=terms, near=place)


def km(g: RegionGroup, near: Near | None) -> float | None:
    if near is None or g.latitude is None or g.longitude is None:
        return None
    p1, p2 = math.radians(near.latitude), math.radians(g.latitude)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1)
        * math.cos(p2)
        * math.sin(math.radians(g.longitude - near.longitude) / 2) ** 2
    )
    exact = 2 * EARTH_KM * math.asin(math.sqrt(a))
    if g.address_withheld:
        return max(STEP_KM, math.ceil(exact / STEP_KM) * STEP_KM)
    return exact


def prefixed(text: str, word: str) -> bool:
    return any(s.startswith(stem(word)) for s in stems(text))


def oracle_match(g: RegionGroup, f: GroupFilter) -> bool:
    text = f"{g.name} {g.description or ''} {g.city or ''}"
    for t in f.terms:
        if not prefixed(text, t.word) and not set(t.topic_slugs) & set(g.topic_slugs):
            return False
    if f.statuses is not None and g.status not in f.statuses:
        return False
    if f.near is not None:
        d = km(g, f.near)
        if d is None or d > f.near.radius_km:
            online = g.format in (GroupFormat.DIGITAL, GroupFormat.HYBRID)
            anywhere = g.reach is GroupReach.NATIONWIDE or (
                g.reach is GroupReach.STATE and g.region_code == f.near.land
            )
            return online and anywhere
    return True


def oracle_rank(g: RegionGroup, f: GroupFilter, order: Order) -> float:
    d = km(g, f.near)
    place = NO_PLACE_KM if d is None else d
    if order is Order.DISTANCE:
        return place
    score = 1
    if f.terms:
        score += 2 if all(prefixed(g.name, t.word) for t in f.terms) else 0
        score += 1 if set(f.named_slugs) & set(g.topic_slugs) else 0
    return -score * SCORE_SCALE + place if f.near is not None else float(-score)


def key_order(lane: str, key: str) -> Any:
    return key if lane == "DE-NW" else int(key)


async def oracle_search(
    app: Starlette, bw: BwService, text: str | None, near: dict[str, Any] | None, order: Order
) -> list[tuple[str, str]]:
    f = await the_filter(app, text, near)
    q = national.NationalSearch(f, frozenset({national.Kind.GROUP}), None, order)
    mine = await national.find(app.state.engine, q, 100_000, {national.Kind.GROUP: None})
    rows = [(found.rank, 0, found.key, ("nakos", str(found.key))) for found in mine.found]
    for code, groups in (await region_rows(app, bw)).items():
        lane = LANES.index(code)
        for g in groups:
            if oracle_match(g, f):
                rank = oracle_rank(g, f, order)
                rows.append((rank, lane, key_order(code, g.key), (code, g.key)))
    rows.sort(key=lambda row: row[:3])
    return [row[3] for row in rows]


# -- the tests -------------------------------------------------------------------------------


def test_each_source_declares_its_capabilities(four_app: Starlette) -> None:
    sources = four_app.state.sources
    bavaria, nrw, bw = (sources[c].capabilities for c in ("DE-BY", "DE-NW", "DE-BW"))
    for capable in (bavaria, nrw):
        assert capable.ranks and capable.facets and capable.pages_by_key and capable.text
        assert capable.topic_slugs and capable.place and capable.batch_keys
    assert not (bw.ranks or bw.facets or bw.pages_by_key or bw.text or bw.topic_slugs)
    assert not (bw.place or bw.batch_keys or bw.corrections or bw.subject_requests)
    assert bw.pages_by_offset and bw.own_keywords and bw.counts


SEARCHES = [
    ({"text": "Diabetes", "near": ULM}, Order.RELEVANCE),
    ({"text": "Depression Austausch"}, Order.RELEVANCE),
]


@pytest.mark.parametrize(("filters", "order"), SEARCHES)
async def test_search_over_four_sources_is_the_oracle_both_ways(
    four_app: Starlette,
    four_gql: Gql,
    bw_service: BwService,
    filters: dict[str, Any],
    order: Order,
) -> None:
    # given the oracle: every source's rows, filtered and ranked by the published formula
    expected = await oracle_search(
        four_app, bw_service, filters.get("text"), filters.get("near"), order
    )
    sources = {source for source, _ in expected}
    assert "DE-BW" in sources and len(sources) > 2, "a mix of sources"
    # when the API's answer is walked forwards and backwards in small pages
    ahead = await walk(four_gql, SEARCH, lambda d: d["search"], filters, 47, backward=False)
    back = await walk(four_gql, SEARCH, lambda d: d["search"], filters, 61, backward=True)
    # then both are the oracle, and so is the count
    assert [node_of(n) for n in ahead] == expected
    assert back == ahead
    total = (await four_gql.data(COUNT, filters))["search"]["totalCount"]
    assert total == len(expected)


async def test_groups_of_the_plain_source_are_the_oracle_both_ways(
    four_app: Starlette, four_gql: Gql, bw_service: BwService
) -> None:
    filters = {"region": "DE-BW", "text": "Diabetes", "near": STUTTGART}
    f = await the_filter(four_app, filters["text"], filters["near"])
    expected = [g.key for g in await bw_rows(bw_service) if oracle_match(g, f)]
    assert len(expected) >= 4
    ahead = await walk(four_gql, GROUPS, lambda d: d["groups"], filters, 2, backward=False)
    back = await walk(four_gql, GROUPS, lambda d: d["groups"], filters, 3, backward=True)
    assert back == ahead
    assert [key for source, key in map(node_of, ahead) if source == "DE-BW"] == expected
    assert {source for source, _ in map(node_of, ahead)} <= {"nakos", "DE-BW"}


@contextmanager
def candidate_limit(app: Starlette, code: str, limit: int) -> Iterator[None]:
    plain = app.state.sources[code]._plain
    kept, plain.limit = plain.limit, limit
    try:
        yield
    finally:
        plain.limit = kept


async def test_calls_per_source_per_page_by_capability(
    four_app: Starlette, four_gql: Gql, http_calls: dict[str, HttpCalls]
) -> None:
    # a text-and-near search, one page after another
    bavaria: SqlLog
    bavaria, hook = count_sql(four_app.state.sources["DE-BY"].engine)
    try:
        variables: dict[str, Any] = {"text": "Diabetes", "near": STUTTGART, "first": 10}
        bw_matched = await BW_count(four_app)
        for _ in range(2):
            for counter in http_calls.values():
                counter.paths.clear()
            bavaria.statements.clear()
            page = (await four_gql.data(SEARCH, variables))["search"]
            # the SQL source: one statement; the capable service: one request; the plain
            # one: its candidates, 100 a request (nothing of the search pushed down)
            assert len(bavaria.statements) == 1
            assert http_calls["DE-NW"].paths == ["/api/v1/gruppen/treffer"]
            assert len(http_calls["DE-BW"]) == math.ceil(bw_matched / 100)
            assert set(http_calls["DE-BW"].paths) == {"/api/gruppen"}
            variables["after"] = page["pageInfo"]["endCursor"]
    finally:
        from sqlalchemy import event

        event.remove(
            four_app.state.sources["DE-BY"].engine.sync_engine, "before_cursor_execute", hook
        )


async def BW_count(app: Starlette) -> int:  # noqa: N802
    source = app.state.sources["DE-BW"]
    return int((await source._get("/api/gruppen", [("limit", "1")]))["gesamt"])


async def test_a_plain_source_past_the_candidate_limit_is_left_out_naming_it(
    four_app: Starlette, four_gql: Gql, http_calls: dict[str, HttpCalls]
) -> None:
    with candidate_limit(four_app, "DE-BW", 100):
        body = await four_gql(SEARCH, {"text": "Diabetes", "near": ULM, "first": 50})
    errors = body["errors"]
    assert [e["extensions"] for e in errors] == [
        {"code": "REGION_RESULT_LIMIT", "region": "DE-BW", "limit": 100}
    ]
    assert "100" in errors[0]["message"]
    sources = {node_of(e["node"]["id"])[0] for e in body["data"]["search"]["edges"]}
    assert "DE-BW" not in sources and "DE-BY" in sources  # the others are served
    assert len(http_calls["DE-BW"]) == 1  # the first page told the count: nothing more read


async def test_a_topic_one_keyword_names_is_pushed_down(
    four_app: Starlette, bw_service: BwService
) -> None:
    only = GroupFilter(topic_slugs=("diabetes",))
    assert BW.pushed(only) == [("stichwort", "diabetes")]
    expected = [g.key for g in await bw_rows(bw_service) if "diabetes" in g.topic_slugs]
    assert await four_app.state.sources["DE-BW"].count(only) == len(expected) > 0
    assert BW.can_match(GroupFilter(topic_slugs=("no-such-topic",))) is False

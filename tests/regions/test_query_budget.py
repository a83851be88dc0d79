"""One page of groups across all sources, with contact points and topics, costs one SQL query
per SQL source per nesting level (per loader) and one HTTP request per batch to NRW."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette

from regions.sources.protocol import GroupFilter, Near, Order, Seek
from regions.sources.vocabulary import GroupFormat
from tests.conftest import Gql, SqlLog
from tests.regions.conftest import NrwService
from tests.regions.test_search import a_placed_group, source_of, term

QUERY = """
query($topic: ID!, $first: Int!) {
  groups(topic: $topic, first: $first) {
    totalCount
    nodes { id name provenance { source } contactPoint { id name } topics { id name } }
  }
}
"""
# National: topic tree with slugs (for the regions), the page, the count; then one batch each
# for contact points, national groups' topics and region groups' topics (by slug).
NATIONAL = 6
BAVARIA = 2  # the page (topics aggregated into it) and the count
NRW = 2  # one search request and one count request


async def topic_with_all_sources(app: Starlette, gql: Gql) -> tuple[str, int]:
    """A topic with groups in every source, fewer than 100 in all (so one page has them all)."""
    async with app.state.sources["DE-BY"].engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT st.thema_slug, count(*) FROM gruppe_stichwort gs JOIN stichwort_thema st "
                "USING (stichwort) GROUP BY st.thema_slug HAVING count(*) BETWEEN 10 AND 25 "
                "ORDER BY st.thema_slug"
            )
        )
        candidates = [row[0] for row in rows]
    nodes = (await gql.data("{ topics(first: 100) { nodes { id slug } } }"))["topics"]["nodes"]
    ids = {n["slug"]: n["id"] for n in nodes}
    for slug in candidates:
        if slug not in ids:
            continue
        body = await gql.data(QUERY, {"topic": ids[slug], "first": 100})
        sources = Counter(n["provenance"]["source"] for n in body["groups"]["nodes"])
        if len(sources) == 3 and body["groups"]["totalCount"] <= 100:
            return ids[slug], body["groups"]["totalCount"]
    raise AssertionError("no topic with groups in all three sources")


async def costs(
    gql: Gql, logs: dict[str, SqlLog], nrw: NrwService, topic: str, first: int
) -> dict[str, Any]:
    for log in logs.values():
        log.reset()
    before = nrw.requests()
    body = await gql.data(QUERY, {"topic": topic, "first": first})
    nodes = body["groups"]["nodes"]
    assert len(nodes) == first
    assert {n["provenance"]["source"] for n in nodes} == {"nakos", "DE-BY", "DE-NW"}
    assert all(n["topics"] for n in nodes)
    assert sum(1 for n in nodes if n["contactPoint"]) > first // 2
    return {
        "nakos": logs["nakos"].count,
        "DE-BY": logs["DE-BY"].count,
        "DE-NW": nrw.requests() - before,
    }


async def test_a_page_across_all_sources_costs_the_same_at_any_size(
    federated_app: Starlette, fgql: Gql, sql_per_source: dict[str, SqlLog], nrw: NrwService
) -> None:
    topic, total = await topic_with_all_sources(federated_app, fgql)
    # the whole result, and the smallest page that still reaches NRW
    everything = await costs(fgql, sql_per_source, nrw, topic, total)
    nodes = (await fgql.data(QUERY, {"topic": topic, "first": total}))["groups"]["nodes"]
    smallest = 1 + sum(1 for n in nodes if n["provenance"]["source"] != "DE-NW")
    smaller = await costs(fgql, sql_per_source, nrw, topic, smallest)
    assert everything == smaller == {"nakos": NATIONAL, "DE-BY": BAVARIA, "DE-NW": NRW}, (
        sql_per_source["nakos"].statements
    )


# A ranked search and its facets, pushed down: find is one statement (SQL) or one request
# (HTTP), first page or later; facets at most two statements or one request.


async def test_bavaria_finds_in_one_statement_and_counts_facets_in_two(
    federated_app: Starlette, sql_per_source: dict[str, SqlLog]
) -> None:
    source = source_of(federated_app, "DE-BY")
    group = await a_placed_group(source)
    f = GroupFilter(
        terms=(term("gesprächskreise", "angst"),),
        near=Near(group.latitude, group.longitude, 50.0, land="DE-BY"),
    )
    log = sql_per_source["DE-BY"]
    log.reset()
    first = await source.find_ranked(f, Order.RELEVANCE, 10, None)
    assert log.count == 1 and first.hits
    log.reset()
    last = first.hits[-1]
    await source.find_ranked(f, Order.RELEVANCE, 10, Seek(last.rank, last.group.key))
    assert log.count == 1
    log.reset()
    await source.facets(f)
    assert log.count <= 2


async def test_nrw_finds_and_counts_facets_in_one_request_each(
    federated_app: Starlette, nrw: NrwService
) -> None:
    source = source_of(federated_app, "DE-NW")
    group = await a_placed_group(source)
    f = GroupFilter(
        terms=(term("gesprächskreise", "angst"),),
        formats=(GroupFormat.IN_PERSON, GroupFormat.HYBRID),
        near=Near(group.latitude, group.longitude, 50.0, land="DE-NW"),
    )
    before = nrw.requests()
    first = await source.find_ranked(f, Order.DISTANCE, 10, None)
    assert nrw.requests() - before == 1 and first.hits
    last = first.hits[-1]
    before = nrw.requests()
    await source.find_ranked(f, Order.DISTANCE, 10, Seek(last.rank, last.group.key))
    assert nrw.requests() - before == 1
    before = nrw.requests()
    await source.facets(f)
    assert nrw.requests() - before == 1

"""Search pushed down into each region source, from the outside: Bavaria over SQL (its own
database and full-text index) and NRW over HTTP (its service's index, over real HTTP).

Both sources must agree on what matches (stems as prefixes, topics a word names, formats,
the circle around a place), on the rank, and on paging with Seek: the graph merges them."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from starlette.applications import Starlette

from regions.sources.formats.nrw import DIALECT
from regions.sources.protocol import (
    Facets,
    GroupFilter,
    Hit,
    Near,
    Order,
    RegionGroup,
    Seek,
    SourceUnavailable,
    Term,
)
from regions.sources.search.analysis import document, stem
from regions.sources.search.geo import WITHHELD_STEP_KM
from regions.sources.vocabulary import GroupFormat
from tests.regions.conftest import NrwService

SOURCES = ["DE-BY", "DE-NW"]


def term(word: str, *slugs: str) -> Term:
    return Term(word=word, stem=stem(word), topic_slugs=slugs)


def has_stem(group: RegionGroup, word: str) -> bool:
    """The group's text has a word starting with the word's stem (what the index matches)."""
    wanted = stem(word)
    return any(
        s.startswith(wanted) for s in document(group.name, group.description, group.city).split()
    )


def source_of(app: Starlette, code: str) -> Any:
    return app.state.sources[code]


async def everything(source: Any, f: GroupFilter) -> list[RegionGroup]:
    seen: list[RegionGroup] = []
    after = None
    while True:
        page = await source.list_in_key_order(f, 100, after)
        seen += page.groups
        if not page.has_next:
            return seen
        after = page.groups[-1].key


async def all_hits(source: Any, f: GroupFilter, order: Order, size: int) -> list[Hit]:
    """Every hit, page by page, each page continuing after the last one's (rank, key)."""
    hits: list[Hit] = []
    seek = None
    while True:
        page = await source.find_ranked(f, order, size, seek)
        hits += page.hits
        if not page.has_next:
            return hits
        last = page.hits[-1]
        seek = Seek(last.rank, last.group.key)


def sort_key(code: str, key: str) -> Any:
    return int(key) if code == "DE-BY" else key


async def a_placed_group(source: Any) -> RegionGroup:
    """A group meeting in person at a published place."""
    page = await source.list_in_key_order(GroupFilter(formats=(GroupFormat.IN_PERSON,)), 100, None)
    return next(g for g in page.groups if not g.address_withheld and g.latitude is not None)


@pytest.mark.parametrize("code", SOURCES)
async def test_an_inflected_word_finds_groups_by_its_stem(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    source = source_of(federated_app, code)
    plain = GroupFilter(terms=(term("gesprächskreis"),))
    inflected = GroupFilter(terms=(term("gesprächskreisen"),))
    found = await everything(source, inflected)
    assert found and all(has_stem(g, "gesprächskreis") for g in found)
    assert await source.count(inflected) == await source.count(plain) == len(found)
    # two words: both must be there
    both = GroupFilter(terms=(term("gesprächskreise"), term("treffen")))
    assert await source.count(both) <= len(found)
    assert await source.count(GroupFilter(terms=(term("xylophonorchester"),))) == 0


@pytest.mark.parametrize("code", SOURCES)
async def test_a_word_naming_a_topic_also_finds_groups_of_the_topic(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    source = source_of(federated_app, code)
    tagged = GroupFilter(topic_slugs=["angst"])
    assert await source.count(GroupFilter(terms=(term("xylophonorchester"),))) == 0
    by_topic = GroupFilter(terms=(term("xylophonorchester", "angst"),))
    groups = await everything(source, by_topic)
    assert groups and all("angst" in g.topic_slugs for g in groups)
    assert len(groups) == await source.count(tagged) == await source.count(by_topic)
    # a topic word ranks groups that carry the topic and have the word in their name first
    hits = (
        await source.find_ranked(
            GroupFilter(terms=(term("angst", "angst"),)), Order.RELEVANCE, 5, None
        )
    ).hits
    assert hits and hits[0].rank <= -2.0


@pytest.mark.parametrize("code", SOURCES)
async def test_formats_and_open_for_new_members(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    source = source_of(federated_app, code)
    total = await source.count(GroupFilter())
    per = {form: await source.count(GroupFilter(formats=(form,))) for form in GroupFormat}
    assert sum(per.values()) == total and all(per.values())
    online = GroupFilter(
        formats=(GroupFormat.DIGITAL, GroupFormat.HYBRID), open_for_new_members=True
    )
    groups = await everything(source, online)
    assert groups and all(
        g.format is not GroupFormat.IN_PERSON and g.open_for_new_members for g in groups
    )
    assert (
        len(groups)
        == await source.count(online)
        < per[GroupFormat.DIGITAL] + per[GroupFormat.HYBRID]
    )
    assert await source.count(GroupFilter(formats=())) == 0


@pytest.mark.parametrize("code", SOURCES)
async def test_near_a_place(federated_app: Starlette, nrw: NrwService, code: str) -> None:
    source = source_of(federated_app, code)
    group = await a_placed_group(source)
    here = Near(group.latitude, group.longitude, 2.0)
    in_person = (GroupFormat.IN_PERSON,)
    page = await source.find_ranked(
        GroupFilter(formats=in_person, near=here), Order.DISTANCE, 100, None
    )
    found = {hit.group.key: hit for hit in page.hits}
    assert group.key in found and found[group.key].distance_km == pytest.approx(0, abs=1e-6)
    assert all(hit.distance_km is not None and hit.distance_km <= 2.0 for hit in page.hits)
    far = Near(54.6, 4.0, 20.0)  # the North Sea
    assert await source.count(GroupFilter(formats=in_person, near=far)) == 0
    # far away, only digital and hybrid groups of nationwide reach (or state-wide in the Land)
    online = await everything(source, GroupFilter(near=replace(far, land=code)))
    assert online and all(g.format is not GroupFormat.IN_PERSON for g in online)
    assert await source.count(GroupFilter(near=replace(far, land="DE-HB"))) == 0


@pytest.mark.parametrize("code", SOURCES)
async def test_a_withheld_place_shows_its_distance_in_steps(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    source = source_of(federated_app, code)
    group = await a_placed_group(source)
    f = GroupFilter(
        formats=(GroupFormat.IN_PERSON,), near=Near(group.latitude, group.longitude, 60.0)
    )
    hits = await all_hits(source, f, Order.DISTANCE, 100)
    withheld = [hit for hit in hits if hit.group.address_withheld]
    assert withheld and len(withheld) < len(hits)
    for hit in withheld:
        assert hit.distance_km is not None and hit.distance_km % WITHHELD_STEP_KM == 0
        assert hit.distance_km >= WITHHELD_STEP_KM  # never 0: a radius under 5 km never finds it
        if code == "DE-NW":  # the service publishes no place of a confidential group
            assert (hit.group.latitude, hit.group.longitude, hit.group.postal_code) == (None,) * 3
    assert [hit.rank for hit in hits] == sorted(hit.rank for hit in hits)
    assert all(hit.rank == hit.distance_km for hit in hits)


def searches(place: Near) -> dict[str, tuple[GroupFilter, Order]]:
    words = (term("gesprächskreis"),)
    return {
        "relevance": (GroupFilter(terms=(term("gruppe", "angst", "depression"),)), Order.RELEVANCE),
        "relevance, no words": (GroupFilter(formats=(GroupFormat.HYBRID,)), Order.RELEVANCE),
        "relevance near": (GroupFilter(terms=words, near=place), Order.RELEVANCE),
        "distance": (GroupFilter(near=place), Order.DISTANCE),
    }


@pytest.mark.parametrize("code", SOURCES)
@pytest.mark.parametrize("name", ["relevance", "relevance, no words", "relevance near", "distance"])
async def test_paging_with_seek_yields_exactly_the_one_big_page(
    federated_app: Starlette, nrw: NrwService, code: str, name: str
) -> None:
    source = source_of(federated_app, code)
    group = await a_placed_group(source)
    place = Near(group.latitude, group.longitude, 40.0, land=code)
    f, order = searches(place)[name]
    big = await source.find_ranked(f, order, 100, None)
    assert len(big.hits) > 20
    ranks = [(hit.rank, sort_key(code, hit.group.key)) for hit in big.hits]
    assert ranks == sorted(ranks)
    paged = await all_hits(source, f, order, 7)
    keys = [hit.group.key for hit in paged]
    assert len(keys) == len(set(keys))
    assert keys[: len(big.hits)] == [hit.group.key for hit in big.hits]
    assert [h.rank for h in paged[: len(big.hits)]] == [h.rank for h in big.hits]
    if not big.has_next:
        assert len(paged) == len(big.hits)
    # a source after the cursor's: everything of at least that rank, or of more than it
    middle = big.hits[len(big.hits) // 2].rank
    inclusive = await source.find_ranked(f, order, 100, Seek(middle, None, inclusive=True))
    exclusive = await source.find_ranked(f, order, 100, Seek(middle, None, inclusive=False))
    assert inclusive.hits and all(hit.rank >= middle for hit in inclusive.hits)
    assert all(hit.rank > middle for hit in exclusive.hits)
    at_middle = sum(1 for hit in big.hits if hit.rank == middle)
    expected = [h.group.key for h in big.hits if h.rank > middle]
    assert [h.group.key for h in exclusive.hits][: len(expected)] == expected
    assert len(inclusive.hits) >= min(100, len(expected) + at_middle)


@pytest.mark.parametrize("code", SOURCES)
async def test_facets_count_the_same_matches(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    source = source_of(federated_app, code)
    group = await a_placed_group(source)
    filters = [
        GroupFilter(),
        GroupFilter(terms=(term("gesprächskreise"),), open_for_new_members=True),
        GroupFilter(near=Near(group.latitude, group.longitude, 30.0, land=code)),
        GroupFilter(terms=(term("xylophonorchester"),)),
    ]
    for f in filters:
        facets: Facets = await source.facets(f)
        assert facets.total == await source.count(f)
        assert sum(facets.formats.values()) == facets.total
        for form, n in facets.formats.items():
            assert n == await source.count(replace(f, formats=(form,)))
        if facets.total:
            slug, n = max(facets.topics.items(), key=lambda item: item[1])
            assert n == await source.count(replace(f, topic_slugs=[slug]))
        else:
            assert facets.topics == {}


async def test_ranks_round_trip_exactly_through_http(
    federated_app: Starlette, nrw: NrwService
) -> None:
    """A rank sent back as the seek lands exactly on its group: no float drift on the way."""
    source = source_of(federated_app, "DE-NW")
    group = await a_placed_group(source)
    f = GroupFilter(
        terms=(term("gruppe"),), near=Near(group.latitude + 0.0123456789, group.longitude, 80.0)
    )
    hits = (await source.find_ranked(f, Order.RELEVANCE, 30, None)).hits
    assert any(not math.isclose(h.rank, round(h.rank, 6), rel_tol=0, abs_tol=1e-12) for h in hits)
    for i, hit in enumerate(hits[:-1]):
        nxt = await source.find_ranked(f, Order.RELEVANCE, 1, Seek(hit.rank, hit.group.key))
        assert nxt.hits[0].group.key == hits[i + 1].group.key


@pytest.mark.parametrize("answer", ["falsch", "muell"])
async def test_a_garbled_answer_to_find_or_facets_is_garbage(
    federated_app: Starlette, nrw: NrwService, answer: str
) -> None:
    source = source_of(federated_app, "DE-NW")
    nrw.disturb(answer=answer)
    for call in (
        source.find_ranked(GroupFilter(), Order.RELEVANCE, 5, None),
        source.facets(GroupFilter()),
    ):
        with pytest.raises(SourceUnavailable) as failed:
            await call
        assert failed.value.reason == "garbage"


def _hit(**changes: Any) -> dict[str, Any]:
    return {"gruppe": GROUP, "rang": -1.0, "entfernung_km": None, **changes}


GROUP: dict[str, Any] = {
    "kennung": "NW-000001",
    "titel": "Gesprächskreis",
    "beschreibung": "",
    "zustand": "aktiv",
    "wirkungskreis": "lokal",
    "fuer": "beide",
    "kontaktstelle_id": 1,
    "erreichbar": "direkt",
    "treffen": {"art": "vor_ort", "regel": None, "uhrzeit": None, "hinweis": None},
    "adresse": {"plz": None, "ort": "Köln", "lat": None, "lon": None, "vertraulich": True},
    "sprachen": ["de"],
    "barrierefreiheit": {"rollstuhl": None, "hinweis": None},
    "offen": True,
    "themen": ["angst"],
    "stand": "2025-01-01T00:00:00+00:00",
    "geprueft": None,
}


@pytest.mark.parametrize(
    "body",
    [
        {"treffer": [_hit(rang="-1.0")], "weitere": False, "dahinter": False},
        {"treffer": [_hit(rang=True)], "weitere": False, "dahinter": False},
        {"treffer": [_hit(entfernung_km="5")], "weitere": False, "dahinter": False},
        {"treffer": [_hit(gruppe={"kennung": "NW-000001"})], "weitere": False, "dahinter": False},
        {"treffer": [_hit()], "weitere": "vielleicht", "dahinter": False},
        {"treffer": {"NW-000001": _hit()}, "weitere": False, "dahinter": False},
        {"gruppen": [GROUP], "weitere": False, "dahinter": False},
        {"treffer": [_hit()], "weitere": False, "dahinter": "vielleicht"},
        {"treffer": [_hit()], "weitere": False},  # no dahinter
    ],
)
def test_hits_are_parsed_strictly(body: Any) -> None:
    with pytest.raises((KeyError, TypeError, ValueError, AttributeError)):
        DIALECT.parse_hits("DE-NW", body)


@pytest.mark.parametrize(
    "body",
    [
        {"anzahl": 3, "arten": {"vor_ort": 2, "online": 0, "hybrid": 0}, "themen": {}},
        {"anzahl": 2, "arten": {"zelt": 2}, "themen": {}},
        {"anzahl": 2, "arten": {"vor_ort": 2}, "themen": {"angst": "2"}},
        {"anzahl": -1, "arten": {}, "themen": {}},
        {"anzahl": 2, "arten": [["vor_ort", 2]], "themen": {}},
    ],
)
def test_facets_are_parsed_strictly(body: Any) -> None:
    with pytest.raises((KeyError, TypeError, ValueError, AttributeError)):
        DIALECT.parse_facets(body)


def test_well_formed_hits_and_facets_parse() -> None:
    page = DIALECT.parse_hits(
        "DE-NW",
        {"treffer": [_hit(rang=-3, entfernung_km=5)], "weitere": True, "dahinter": True},
    )
    assert (
        page.has_next
        and page.beyond
        and page.hits[0].rank == -3.0
        and page.hits[0].distance_km == 5.0
    )
    facets = DIALECT.parse_facets(
        {"anzahl": 2, "arten": {"vor_ort": 2, "online": 0}, "themen": {"angst": 1}}
    )
    assert facets == Facets(2, {GroupFormat.IN_PERSON: 2, GroupFormat.DIGITAL: 0}, {"angst": 1})


def test_seeks_are_sent_so_that_ranks_round_trip() -> None:
    rank = -2_000_000.0 + 0.1 + 0.2
    _, params = DIALECT.find_ranked(GroupFilter(), Order.DISTANCE, 10, Seek(rank, "NW-000007"))
    sent = dict(params)
    assert float(sent["ab_rang"]) == rank and sent["ordnung"] == "entfernung"
    assert (sent["ab_kennung"], sent["ab_inklusive"]) == ("NW-000007", "false")

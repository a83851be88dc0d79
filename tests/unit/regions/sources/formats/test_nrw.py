"""NRW's JSON dialect (regions/sources/formats/nrw.py): the requests it builds, every field it
reads, and every malformed answer refused (the adapter then reports the region as "garbage")."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import pytest
from starlette.datastructures import QueryParams

from regions.sources.formats.nrw import DIALECT
from regions.sources.formats.nrw_words import (
    ART,
    ERREICHBAR,
    FUER,
    ORDNUNG,
    WIRKUNGSKREIS,
    ZUSTAND,
    own,
    word,
)
from regions.sources.protocol import (
    Facets,
    GroupContact,
    GroupFilter,
    Hit,
    HitPage,
    Near,
    Order,
    Page,
    RegionGroup,
    Seek,
    Term,
)
from regions.sources.search.analysis import stem
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus
from regions.standins.nrw import params as service_params

GARBAGE = (KeyError, TypeError, ValueError, AttributeError)  # what the adapter catches


def item(**changes: Any) -> dict[str, Any]:
    """One group as NRW's service publishes it (regions/standins/nrw/queries.py:encode)."""
    base: dict[str, Any] = {
        "kennung": "NW-000042",
        "titel": "Gesprächskreis Angst Dortmund",
        "beschreibung": "Wir treffen uns zum Austausch.",
        "zustand": "gruendung",
        "wirkungskreis": "landesweit",
        "fuer": "angehoerige",
        "kontaktstelle_id": 117,
        "erreichbar": "ueber_kontaktstelle",
        "treffen": {
            "art": "hybrid",
            "regel": "FREQ=MONTHLY;BYDAY=1TU",
            "uhrzeit": "18:30:00",
            "hinweis": "jeden ersten Dienstag",
        },
        "adresse": {
            "plz": "44135",
            "ort": "Dortmund",
            "lat": 51.51,
            "lon": 7.47,
            "vertraulich": False,
        },
        "sprachen": ["de", "tr"],
        "barrierefreiheit": {"rollstuhl": True, "hinweis": "Aufzug vorhanden"},
        "offen": True,
        "themen": ["angst", "panik"],
        "stand": "2026-11-02T09:15:00+01:00",
        "geprueft": "2026-10-01T00:00:00",
    }
    for path, value in changes.items():
        target = base
        *parents, leaf = path.split("__")
        for name in parents:
            target = target[name]
        if value is DROP:
            del target[leaf]
        else:
            target[leaf] = value
    return base


DROP = object()

EXPECTED = RegionGroup(
    key="NW-000042",
    name="Gesprächskreis Angst Dortmund",
    description="Wir treffen uns zum Austausch.",
    status=GroupStatus.FOUNDING,
    format=GroupFormat.HYBRID,
    reach=GroupReach.STATE,
    audience=Audience.RELATIVES,
    region_code="DE-NW",
    contact_point_key=117,
    contact_mode=ContactMode.VIA_CONTACT_POINT,
    postal_code="44135",
    city="Dortmund",
    latitude=51.51,
    longitude=7.47,
    address_withheld=False,
    meeting_rule="FREQ=MONTHLY;BYDAY=1TU",
    meeting_time=time(18, 30),
    meeting_note="jeden ersten Dienstag",
    languages="de tr",
    wheelchair_accessible=True,
    accessibility_note="Aufzug vorhanden",
    open_for_new_members=True,
    updated_at=datetime(2026, 11, 2, 9, 15, tzinfo=timezone(timedelta(hours=1))),
    verified_at=datetime(2026, 10, 1, tzinfo=UTC),  # no offset given: read as UTC
    source="DE-NW",
    topic_slugs=("angst", "panik"),
)


def parse_one(**changes: Any) -> RegionGroup:
    [group] = DIALECT.parse_groups("DE-NW", {"gruppen": [item(**changes)]})
    return group


# -- good answers --------------------------------------------------------------------------


def test_a_group_maps_every_field_of_nrws_json() -> None:
    assert parse_one() == EXPECTED


def test_a_confidential_place_is_read_as_its_town_only() -> None:
    group = parse_one(
        adresse__plz=None, adresse__lat=None, adresse__lon=None, adresse__vertraulich=True
    )
    assert (group.postal_code, group.latitude, group.longitude) == (None, None, None)
    assert (group.city, group.address_withheld) == ("Dortmund", True)


def test_optional_fields_may_be_null() -> None:
    group = parse_one(
        kontaktstelle_id=None,
        treffen__regel=None,
        treffen__uhrzeit=None,
        treffen__hinweis=None,
        barrierefreiheit__rollstuhl=None,
        barrierefreiheit__hinweis=None,
        geprueft=None,
        sprachen=[],
        themen=[],
    )
    assert group.contact_point_key is None and group.meeting_time is None
    assert group.wheelchair_accessible is None and group.verified_at is None
    assert (group.languages, group.topic_slugs) == ("", ())


@pytest.mark.parametrize(
    ("path", "words", "field"),
    [
        ("zustand", ZUSTAND, "status"),
        ("treffen__art", ART, "format"),
        ("wirkungskreis", WIRKUNGSKREIS, "reach"),
        ("fuer", FUER, "audience"),
        ("erreichbar", ERREICHBAR, "contact_mode"),
    ],
)
def test_each_of_nrws_words_maps_to_its_shared_value(
    path: str, words: dict[str, Any], field: str
) -> None:
    for own_word, shared in words.items():
        assert getattr(parse_one(**{path: own_word}), field) is shared


def test_nrws_words_cover_every_shared_value_once() -> None:
    for words, enum in [
        (ZUSTAND, GroupStatus),
        (ART, GroupFormat),
        (WIRKUNGSKREIS, GroupReach),
        (FUER, Audience),
        (ERREICHBAR, ContactMode),
        (ORDNUNG, Order),
    ]:
        assert sorted(words.values(), key=str) == sorted(enum, key=str)
        assert all(word(words, value) in words for value in enum)
    assert word(ART, GroupFormat.IN_PERSON) == "vor_ort"
    assert own("contact_mode", ContactMode.DIRECT) == ["direkt"]


def test_a_page_of_groups_and_whether_more_follow() -> None:
    body = {"gruppen": [item(), item(kennung="NW-000043")], "weitere": True, "dahinter": True}
    page = DIALECT.parse_page("DE-NW", body)
    assert page == Page([EXPECTED, parse_one(kennung="NW-000043")], has_next=True, beyond=True)


def test_hits_carry_rank_and_distance() -> None:
    body = {
        "treffer": [
            {"gruppe": item(), "rang": -3000012.5, "entfernung_km": 12.5},
            {"gruppe": item(kennung="NW-000050"), "rang": 7, "entfernung_km": None},
        ],
        "weitere": False,
        "dahinter": True,
    }
    hits = DIALECT.parse_hits("DE-NW", body)
    assert hits == HitPage(
        [Hit(EXPECTED, -3000012.5, 12.5), Hit(parse_one(kennung="NW-000050"), 7.0, None)],
        has_next=False,
        beyond=True,
    )
    assert isinstance(hits.hits[1].rank, float)


def test_count_facets_contacts_groups_per_contact_point_and_health() -> None:
    assert DIALECT.parse_count({"anzahl": 0}) == 0
    assert DIALECT.parse_count({"anzahl": 3854}) == 3854
    facets = {"anzahl": 5, "arten": {"vor_ort": 3, "online": 2}, "themen": {"angst": 4}}
    assert DIALECT.parse_facets(facets) == Facets(
        total=5,
        formats={GroupFormat.IN_PERSON: 3, GroupFormat.DIGITAL: 2},
        topics={"angst": 4},
    )
    contact = {"name": "A. B.", "telefon": "0231 1", "email": "a@example.org", "online_link": None}
    assert DIALECT.parse_contacts({"kontakte": {"NW-000042": contact}}) == {
        "NW-000042": GroupContact("A. B.", "0231 1", "a@example.org", None)
    }
    by_point = DIALECT.parse_by_contact_points("DE-NW", {"kontaktstellen": {"117": [item()]}})
    assert by_point == {117: [EXPECTED]}
    assert DIALECT.parse_health({"status": "ok"}) is True
    assert DIALECT.parse_health({"status": "wartung"}) is False


# -- garbage answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"kennung": 42},
        {"kennung": "42"},
        {"kennung": "NW-42"},
        {"kennung": DROP},
        {"titel": None},
        {"titel": 12},
        {"beschreibung": ["Text"]},
        {"zustand": "aktiv!"},
        {"zustand": None},
        {"wirkungskreis": "weltweit"},
        {"fuer": "alle"},
        {"erreichbar": True},
        {"treffen__art": "telefon"},
        {"treffen": None},
        {"treffen__uhrzeit": "25:00"},
        {"treffen__uhrzeit": 1830},
        {"treffen__regel": 5},
        {"adresse": "Dortmund"},
        {"adresse__plz": 44135},
        {"adresse__ort": {"name": "Dortmund"}},
        {"adresse__lat": "51.5"},
        {"adresse__lon": float("nan")},
        {"adresse__vertraulich": "nein"},
        {"adresse__vertraulich": None},
        {"kontaktstelle_id": "117"},
        {"kontaktstelle_id": True},
        {"sprachen": "de"},
        {"sprachen": ["de", 1]},
        {"barrierefreiheit__rollstuhl": "ja"},
        {"offen": "true"},
        {"offen": 1},
        {"themen": "angst"},
        {"themen": ["angst", None]},
        {"stand": "gestern"},
        {"stand": DROP},
        {"geprueft": 20261001},
    ],
    ids=repr,
)
def test_a_malformed_group_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(GARBAGE):
        parse_one(**changes)


@pytest.mark.parametrize(
    ("parse", "body"),
    [
        ("parse_groups", {"gruppen": None}),
        ("parse_groups", {"gruppen": {"NW-000042": "x"}}),
        ("parse_groups", []),
        ("parse_groups", "<html>"),
        ("parse_page", {"gruppen": [], "weitere": "vielleicht"}),
        ("parse_page", {"gruppen": [{"kennung": 7}], "weitere": "vielleicht"}),
        ("parse_page", {"gruppen": []}),
        ("parse_hits", {"treffer": {}, "weitere": False}),
        ("parse_hits", {"treffer": [{"gruppe": None, "rang": 1}], "weitere": False}),
        ("parse_hits", {"treffer": [{"rang": 1, "entfernung_km": None}], "weitere": False}),
        ("parse_by_contact_points", {"kontaktstellen": {"abc": []}}),
        ("parse_by_contact_points", {"kontaktstellen": {"117": "x"}}),
        ("parse_by_contact_points", {"kontaktstellen": []}),
    ],
)
def test_a_malformed_list_answer_is_refused(parse: str, body: Any) -> None:
    with pytest.raises(GARBAGE):
        getattr(DIALECT, parse)("DE-NW", body)


@pytest.mark.parametrize(
    "hit",
    [
        {"rang": "1"},
        {"rang": True},
        {"rang": float("inf")},
        {"rang": None},
        {"entfernung_km": "3"},
        {"entfernung_km": float("nan")},
    ],
)
def test_a_hit_with_a_bad_rank_or_distance_is_refused(hit: dict[str, Any]) -> None:
    good = {"gruppe": item(), "rang": 1.0, "entfernung_km": None}
    with pytest.raises(GARBAGE):
        DIALECT.parse_hits("DE-NW", {"treffer": [{**good, **hit}], "weitere": False})


@pytest.mark.parametrize(
    "body",
    [
        {"anzahl": -1},
        {"anzahl": "12"},
        {"anzahl": True},
        {"anzahl": 1.5},
        {"anzahl": None},
        {},
        [],
        "12",
    ],
)
def test_a_malformed_count_is_refused(body: Any) -> None:
    with pytest.raises(GARBAGE):
        DIALECT.parse_count(body)


@pytest.mark.parametrize(
    "changes",
    [
        {"anzahl": 6},  # the formats do not add up
        {"arten": {"vor_ort": 3, "telefon": 2}},
        {"arten": [["vor_ort", 5]]},
        {"arten": {"vor_ort": 5.0}},
        {"themen": {"": 1}},
        {"themen": {"angst": -1}},
        {"themen": ["angst"]},
    ],
)
def test_malformed_facets_are_refused(changes: dict[str, Any]) -> None:
    body = {"anzahl": 5, "arten": {"vor_ort": 5}, "themen": {"angst": 2}, **changes}
    with pytest.raises(GARBAGE):
        DIALECT.parse_facets(body)


@pytest.mark.parametrize(
    "body",
    [
        {"kontakte": []},
        {"kontakte": {"NW-000042": {"name": "x"}}},
        {"kontakte": {"NW-000042": "x"}},
        {
            "kontakte": {
                "NW-000042": {"name": 1, "telefon": None, "email": None, "online_link": None}
            }
        },
        {"kontakte": {"42": {"name": "x", "telefon": None, "email": None, "online_link": None}}},
    ],
)
def test_malformed_contacts_are_refused(body: Any) -> None:
    with pytest.raises(GARBAGE):
        DIALECT.parse_contacts(body)


@pytest.mark.parametrize("body", [[], "ok", None, {}])
def test_a_malformed_status_is_refused(body: Any) -> None:
    with pytest.raises(GARBAGE):
        DIALECT.parse_health(body)


def test_the_parsers_do_not_change_the_answer() -> None:
    body = {"gruppen": [item()], "weitere": False, "dahinter": False}
    kept = copy.deepcopy(body)
    DIALECT.parse_page("DE-NW", body)
    assert body == kept


# -- requests ------------------------------------------------------------------------------

EVERYTHING = GroupFilter(
    topic_slugs=["angst", "panik"],
    terms=(Term("angst", stem("angst"), ("angst", "panik")), Term("dortmund", stem("dortmund"))),
    formats=(GroupFormat.IN_PERSON, GroupFormat.HYBRID),
    reach=GroupReach.LOCAL,
    open_for_new_members=False,
    near=Near(51.51, 7.47, 25.0, "DE-NW"),
)
FILTERS = [
    ("thema", "angst"),
    ("thema", "panik"),
    ("wort", "angst:angst,panik"),
    ("wort", "dortmund"),
    ("art", "vor_ort"),
    ("art", "hybrid"),
    ("wirkungskreis", "lokal"),
    ("offen", "false"),
    ("lat", "51.51"),
    ("lon", "7.47"),
    ("umkreis_km", "25.0"),
    ("land", "DE-NW"),
]


def test_each_call_has_its_path_and_parameters() -> None:
    assert DIALECT.list_in_key_order(EVERYTHING, 20, "NW-000042") == (
        "/api/v1/gruppen/suche",
        [*FILTERS, ("anzahl", "20"), ("nach", "NW-000042")],
    )
    assert DIALECT.list_in_key_order(GroupFilter(), 5, None) == (
        "/api/v1/gruppen/suche",
        [("anzahl", "5")],
    )
    assert DIALECT.list_in_key_order(GroupFilter(), 5, "NW-000042", backward=True) == (
        "/api/v1/gruppen/suche",
        [("anzahl", "5"), ("vor", "NW-000042")],
    )
    assert DIALECT.list_in_key_order(GroupFilter(), 5, None, backward=True) == (
        "/api/v1/gruppen/suche",
        [("anzahl", "5"), ("rueckwaerts", "true")],
    )
    assert DIALECT.count(EVERYTHING) == ("/api/v1/gruppen/anzahl", FILTERS)
    assert DIALECT.facets(GroupFilter()) == ("/api/v1/gruppen/facetten", [])
    assert DIALECT.by_keys(["NW-000001", "NW-000002"]) == (
        "/api/v1/gruppen",
        [("kennung", "NW-000001"), ("kennung", "NW-000002")],
    )
    assert DIALECT.by_contact_points([117, 3], 20) == (
        "/api/v1/kontaktstellen/gruppen",
        [("kontaktstelle", "117"), ("kontaktstelle", "3"), ("je", "20")],
    )
    assert DIALECT.contacts(["NW-000001"]) == (
        "/api/v1/gruppen/kontakte",
        [("kennung", "NW-000001")],
    )
    assert DIALECT.health_path == "/api/v1/status"


def test_find_sends_the_order_and_where_the_ranked_page_continues() -> None:
    assert DIALECT.find_ranked(GroupFilter(), Order.DISTANCE, 10, None) == (
        "/api/v1/gruppen/treffer",
        [("ordnung", "entfernung"), ("anzahl", "10")],
    )
    rank = 0.1 + 0.2  # sent as its exact repr, or the page would continue at the wrong place
    path, sent = DIALECT.find_ranked(GroupFilter(), Order.RELEVANCE, 10, Seek(rank, "NW-000042"))
    assert sent == [
        ("ordnung", "relevanz"),
        ("anzahl", "10"),
        ("ab_rang", "0.30000000000000004"),
        ("ab_kennung", "NW-000042"),
        ("ab_inklusive", "false"),
    ]
    _, sent = DIALECT.find_ranked(
        GroupFilter(), Order.RELEVANCE, 10, Seek(-2.0, None, inclusive=True)
    )
    assert sent[2:] == [("ab_rang", "-2.0"), ("ab_inklusive", "true")]
    _, sent = DIALECT.find_ranked(GroupFilter(), Order.RELEVANCE, 10, Seek(-2.0, "NW-000042"), True)
    assert sent[-1] == ("rueckwaerts", "true")  # the last 10 before the seek
    _, sent = DIALECT.find_ranked(GroupFilter(), Order.RELEVANCE, 10, None, backward=True)
    assert sent == [("ordnung", "relevanz"), ("anzahl", "10"), ("rueckwaerts", "true")]


def test_filters_that_can_match_nothing_say_so() -> None:
    _, sent = DIALECT.count(GroupFilter(topic_slugs=[], formats=()))
    assert sent == [("thema", ""), ("art", "")]


@pytest.mark.parametrize(
    "wanted",
    [
        GroupFilter(),
        EVERYTHING,
        GroupFilter(topic_slugs=[], formats=()),
        GroupFilter(reach=GroupReach.NATIONWIDE, open_for_new_members=True),
        GroupFilter(near=Near(50.0, 8.0, 200.0)),
        GroupFilter(statuses=(), audience=Audience.BOTH, wheelchair_accessible=False),
        GroupFilter(
            statuses=tuple(GroupStatus),
            audience=Audience.AFFECTED,
            language="uk",
            wheelchair_accessible=True,
            contact_point_key=4711,
        ),
    ],
)
def test_nrws_service_reads_back_the_filter_the_dialect_sends(wanted: GroupFilter) -> None:
    _, sent = DIALECT.count(wanted)
    assert _national(service_params.group_filter(QueryParams(sent))) == wanted


def _national(s: Any) -> GroupFilter:
    """The service's own search (NRW's words, regions.standins.nrw.search.Suche) in the
    national vocabulary, for comparing with what the dialect was asked."""

    def each(words: dict[str, Any], values: Any) -> Any:
        return None if values is None else tuple(words[v] for v in values)

    u = s.umkreis
    return GroupFilter(
        topic_slugs=None if s.themen is None else list(s.themen),
        terms=tuple(Term(w.wort, stem(w.wort), w.themen) for w in s.woerter),
        formats=each(ART, s.arten),
        reach=None if s.wirkungskreis is None else WIRKUNGSKREIS[s.wirkungskreis],
        open_for_new_members=s.offen,
        near=None if u is None else Near(u.lat, u.lon, u.km, u.land),
        statuses=each(ZUSTAND, s.zustaende),
        audience=None if s.fuer is None else FUER[s.fuer],
        language=s.sprache,
        wheelchair_accessible=s.rollstuhl,
        contact_point_key=s.kontaktstelle,
    )


def test_nrws_service_reads_back_the_seek_the_dialect_sends() -> None:
    at = Seek(-3000012.345678, "NW-000042", inclusive=False)
    _, sent = DIALECT.find_ranked(GroupFilter(), Order.RELEVANCE, 10, at)
    params = QueryParams(sent)
    ab = service_params.seek(params, DIALECT.valid_key)
    assert ab is not None and Seek(ab.rang, ab.kennung, ab.inklusive) == at
    assert ORDNUNG[service_params.order(params)] is Order.RELEVANCE


@pytest.mark.parametrize(
    ("key", "valid"),
    [("NW-000001", True), ("NW-999999", True), ("NW-1", False), ("nw-000001", False),
     ("NW-0000011", False), ("40001", False), ("NW-00000٣", False)],
)  # fmt: skip
def test_valid_keys_are_nrws_own(key: str, valid: bool) -> None:
    assert DIALECT.valid_key(key) is valid


def test_the_group_facts_go_to_nrw_as_its_parameters() -> None:
    f = GroupFilter(
        statuses=(GroupStatus.ACTIVE, GroupStatus.PAUSED),
        audience=Audience.RELATIVES,
        language="tr",
        wheelchair_accessible=True,
        contact_point_key=117,
    )
    assert DIALECT.count(f) == (
        "/api/v1/gruppen/anzahl",
        [
            ("zustand", "aktiv"),
            ("zustand", "pause"),
            ("fuer", "angehoerige"),
            ("sprache", "tr"),
            ("rollstuhl", "true"),
            ("kontaktstelle_nr", "117"),
        ],
    )
    assert DIALECT.count(GroupFilter(statuses=())) == ("/api/v1/gruppen/anzahl", [("zustand", "")])

"""Bavaria's table layout (regions/sources/formats/bavaria.py): which column holds what, the
region's own words, and a group read back through the SQL adapter from an in-memory SQLite
database built from the layout's own metadata."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time
from typing import Any

import pytest
from sqlalchemy import insert

from regions.sources.engine import create_engine
from regions.sources.formats import bavaria
from regions.sources.formats.bavaria import LAYOUT
from regions.sources.protocol import GroupContact, GroupFilter, RegionGroup, SourceUnavailable
from regions.sources.sql.layout import FIELDS
from regions.sources.sql.source import SqlSource
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

COLUMNS = {
    "name": "bezeichnung",
    "description": "beschreibung",
    "status": "status",
    "format": "treffart",
    "reach": "einzugsgebiet",
    "audience": "zielgruppe",
    "contact_point_key": "kontaktstelle_nr",
    "contact_mode": "nur_ueber_kontaktstelle",
    "postal_code": "plz",
    "city": "ort",
    "latitude": "breitengrad",
    "longitude": "laengengrad",
    "address_withheld": "adresse_vertraulich",
    "meeting_rule": "turnus_rrule",
    "meeting_time": "uhrzeit",
    "meeting_note": "turnus_text",
    "languages": "sprachen",
    "wheelchair_accessible": "rollstuhlgerecht",
    "accessibility_note": "barrierefreiheit",
    "open_for_new_members": "neue_mitglieder",
    "updated_at": "geaendert_am",
    "verified_at": "geprueft_am",
}


def test_every_protocol_field_is_read_from_its_bavarian_column() -> None:
    assert set(LAYOUT.columns) == set(FIELDS)
    assert {field: column.name for field, column in LAYOUT.columns.items()} == COLUMNS
    assert all(column.table is bavaria.gruppen for column in LAYOUT.columns.values())
    assert (LAYOUT.groups.name, LAYOUT.key.name) == ("selbsthilfegruppen", "gruppen_id")


def test_keywords_contacts_and_publication_have_their_own_tables() -> None:
    t, c = LAYOUT.topics, LAYOUT.contacts
    assert (t.link.name, t.link_group.name, t.link_keyword.name) == (
        "gruppe_stichwort",
        "gruppen_id",
        "stichwort",
    )
    assert (t.mapping.name, t.mapping_keyword.name, t.mapping_slug.name) == (
        "stichwort_thema",
        "stichwort",
        "thema_slug",
    )
    assert [col.name for col in (c.group, c.name, c.phone, c.email, c.meeting_link)] == [
        "gruppen_id",
        "name",
        "telefon",
        "email",
        "online_raum",
    ]
    assert c.table.name == "ansprechpartner"
    assert str(LAYOUT.published) == "selbsthilfegruppen.freigegeben IS true"
    assert (LAYOUT.index, LAYOUT.fill) == ("gruppen_suche", "regions.standins.bavaria.demo:fill")


def test_bavarias_words_for_the_shared_values() -> None:
    assert LAYOUT.values == {
        "status": {
            "aktiv": GroupStatus.ACTIVE,
            "in_gruendung": GroupStatus.FOUNDING,
            "ruhend": GroupStatus.PAUSED,
            "aufgeloest": GroupStatus.ENDED,
        },
        "format": {
            "praesenz": GroupFormat.IN_PERSON,
            "online": GroupFormat.DIGITAL,
            "hybrid": GroupFormat.HYBRID,
        },
        "reach": {"ortsgruppe": GroupReach.LOCAL, "landesweit": GroupReach.STATE},
        "audience": {
            "betroffene": Audience.AFFECTED,
            "angehoerige": Audience.RELATIVES,
            "beide": Audience.BOTH,
        },
        "contact_mode": {False: ContactMode.DIRECT, True: ContactMode.VIA_CONTACT_POINT},
    }


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("format", GroupFormat.IN_PERSON, ["praesenz"]),
        ("reach", GroupReach.STATE, ["landesweit"]),
        ("reach", GroupReach.NATIONWIDE, []),  # Bavaria's groups are never nationwide
        ("contact_mode", ContactMode.VIA_CONTACT_POINT, [True]),
        ("status", GroupStatus.ENDED, ["aufgeloest"]),
    ],
)
def test_a_shared_value_pushed_down_becomes_bavarias_words(
    field: str, value: Any, words: list[Any]
) -> None:
    assert LAYOUT.own_value(field, value) == words


# -- read back through the SQL adapter -----------------------------------------------------

CHANGED = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)


def row(number: int, **changes: Any) -> dict[str, Any]:
    base = {
        "gruppen_id": number,
        "bezeichnung": "Zuckerkrankheit Würzburg",
        "beschreibung": "Austausch über Diabetes.",
        "status": "in_gruendung",
        "treffart": "hybrid",
        "einzugsgebiet": "landesweit",
        "zielgruppe": "beide",
        "kontaktstelle_nr": 17,
        "nur_ueber_kontaktstelle": True,
        "plz": "97070",
        "ort": "Würzburg",
        "breitengrad": 49.79,
        "laengengrad": 9.95,
        "adresse_vertraulich": False,
        "turnus_rrule": "FREQ=WEEKLY;BYDAY=WE",
        "uhrzeit": time(19, 0),
        "turnus_text": "mittwochs",
        "sprachen": "de en",
        "rollstuhlgerecht": None,
        "barrierefreiheit": "Rampe",
        "neue_mitglieder": True,
        "freigegeben": True,
        "geaendert_am": CHANGED,
        "geprueft_am": None,
    }
    return {**base, **changes}


@pytest.fixture
async def source() -> AsyncIterator[SqlSource]:
    """Bavaria's tables and full-text index in an in-memory SQLite database, three groups."""
    engine = create_engine("sqlite+aiosqlite://")
    source = SqlSource("DE-BY", engine, LAYOUT, timeout=10.0)
    try:
        assert await source.prepare(seed=1, scale=1.0, groups=None) == 0  # tables, no demo
        async with engine.begin() as conn:
            await conn.execute(
                insert(bavaria.gruppen),
                [
                    row(40001),
                    row(40002, bezeichnung="Unveröffentlicht", freigegeben=False),
                    row(40003, bezeichnung="Angehörige", treffart="praesenz", status="aktiv"),
                ],
            )
            await conn.execute(
                insert(bavaria.stichwort_thema),
                [
                    {"stichwort": "Zuckerkrankheit", "thema_slug": "diabetes"},
                    {"stichwort": "Typ 1", "thema_slug": "diabetes-typ-1"},
                ],
            )
            await conn.execute(
                insert(bavaria.gruppe_stichwort),
                [
                    {"gruppen_id": 40001, "stichwort": "Zuckerkrankheit"},
                    {"gruppen_id": 40001, "stichwort": "Typ 1"},
                ],
            )
            await conn.execute(
                insert(bavaria.ansprechpartner),
                [{"gruppen_id": 40001, "name": "E. M.", "telefon": "0931 1", "email": None,
                  "online_raum": "https://treffen.example/a"}],
            )  # fmt: skip
        assert await source.reindex() == 2  # the published groups only
        yield source
    finally:
        await source.close()


async def test_a_bavarian_row_is_read_as_a_group_in_the_shared_vocabulary(
    source: SqlSource,
) -> None:
    found = await source.by_keys(["40001"])
    group = found["40001"]
    assert group == RegionGroup(
        key="40001",
        name="Zuckerkrankheit Würzburg",
        description="Austausch über Diabetes.",
        status=GroupStatus.FOUNDING,
        format=GroupFormat.HYBRID,
        reach=GroupReach.STATE,
        audience=Audience.BOTH,
        region_code="DE-BY",
        contact_point_key=17,
        contact_mode=ContactMode.VIA_CONTACT_POINT,
        postal_code="97070",
        city="Würzburg",
        latitude=49.79,
        longitude=9.95,
        address_withheld=False,
        meeting_rule="FREQ=WEEKLY;BYDAY=WE",
        meeting_time=time(19, 0),
        meeting_note="mittwochs",
        languages="de en",
        wheelchair_accessible=None,
        accessibility_note="Rampe",
        open_for_new_members=True,
        updated_at=group.updated_at,  # checked below: SQLite keeps no offset
        verified_at=None,
        source="DE-BY",
        topic_slugs=("diabetes", "diabetes-typ-1"),  # Bavaria's keywords, mapped
    )
    assert group.updated_at.replace(tzinfo=UTC) == CHANGED


async def test_unpublished_groups_are_never_read(source: SqlSource) -> None:
    assert set(await source.by_keys(["40001", "40002", "40003"])) == {"40001", "40003"}
    page = await source.list_in_key_order(GroupFilter(), 10, None)
    assert [g.key for g in page.groups] == ["40001", "40003"] and not page.has_next
    assert await source.count(GroupFilter()) == 2


async def test_filters_are_asked_in_bavarias_words(source: SqlSource) -> None:
    in_person = GroupFilter(formats=(GroupFormat.IN_PERSON,))
    assert [g.key for g in (await source.list_in_key_order(in_person, 10, None)).groups] == [
        "40003"
    ]
    assert await source.count(GroupFilter(reach=GroupReach.NATIONWIDE)) == 0
    assert await source.count(GroupFilter(topic_slugs=["diabetes-typ-1"])) == 1
    facets = await source.facets(GroupFilter())
    assert facets.total == 2
    assert facets.formats == {
        GroupFormat.IN_PERSON: 1,
        GroupFormat.DIGITAL: 0,
        GroupFormat.HYBRID: 1,
    }
    assert facets.topics == {"diabetes": 1, "diabetes-typ-1": 1}


async def test_contacts_come_from_their_own_table(source: SqlSource) -> None:
    assert await source.contacts_of(["40001", "40003", "x"]) == {
        "40001": GroupContact("E. M.", "0931 1", None, "https://treffen.example/a")
    }


async def test_a_word_bavaria_does_not_have_is_garbage_not_a_crash(source: SqlSource) -> None:
    async with source.engine.begin() as conn:
        await conn.execute(insert(bavaria.gruppen), [row(40009, treffart="telefon")])
    for call in (lambda: source.by_keys(["40009"]), lambda: source.facets(GroupFilter())):
        with pytest.raises(SourceUnavailable) as down:
            await call()
        assert (down.value.code, down.value.reason) == ("DE-BY", "garbage")


@pytest.mark.parametrize(
    ("key", "valid"), [("40001", True), ("0", True), ("x1", False), ("٣", False), ("1" * 19, False)]
)
def test_bavarias_keys_are_numbers(key: str, valid: bool) -> None:
    assert SqlSource("DE-BY", None, LAYOUT, 1.0).valid_key(key) is valid  # type: ignore[arg-type]

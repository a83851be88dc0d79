"""The SQL layout (regions/sources/sql/layout.py) and the adapter reading through it: a made-up
region with text keys, other words and another publication rule, in in-memory SQLite, shows
that every choice the adapter makes comes from the layout and none from Bavaria."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Time,
    insert,
)

from regions.sources.engine import create_engine
from regions.sources.protocol import GroupFilter, Near, Order, RegionGroup, Seek, Term
from regions.sources.search.analysis import stem
from regions.sources.sql.layout import FIELDS, ContactColumns, SqlLayout, TopicLink
from regions.sources.sql.source import SqlSource
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

TYPES: dict[str, Any] = {
    "contact_point_key": Integer,
    "latitude": Float,
    "longitude": Float,
    "address_withheld": Boolean,
    "meeting_time": Time,
    "wheelchair_accessible": Boolean,
    "open_for_new_members": Boolean,
    "updated_at": DateTime(timezone=True),
    "verified_at": DateTime(timezone=True),
}
metadata = MetaData()
groups = Table(
    "offers",
    metadata,
    Column("ref", String(12), primary_key=True),
    Column("state", String(10), nullable=False),  # publication: "live", "draft"
    *(Column(f"x_{name}", TYPES.get(name, String(200))) for name in FIELDS),
)
keywords = Table(
    "keywords", metadata, Column("word", String(40), primary_key=True), Column("slug", String(40))
)
tags = Table(
    "tags",
    metadata,
    Column("ref", ForeignKey("offers.ref"), primary_key=True),
    Column("word", ForeignKey("keywords.word"), primary_key=True),
)
people = Table(
    "people",
    metadata,
    Column("ref", ForeignKey("offers.ref"), primary_key=True),
    *(Column(name, String(80)) for name in ("who", "tel", "mail", "room")),
)
c = groups.c
LAYOUT = SqlLayout(
    metadata=metadata,
    groups=groups,
    key=c.ref,
    columns={name: c[f"x_{name}"] for name in FIELDS},
    values={
        "status": {"open": GroupStatus.ACTIVE, "new": GroupStatus.FOUNDING,
                   "rest": GroupStatus.PAUSED, "gone": GroupStatus.ENDED},
        "format": {"room": GroupFormat.IN_PERSON, "web": GroupFormat.DIGITAL,
                   "both": GroupFormat.HYBRID},
        "reach": {"town": GroupReach.LOCAL, "land": GroupReach.STATE,
                  "country": GroupReach.NATIONWIDE},
        "audience": {"self": Audience.AFFECTED, "kin": Audience.RELATIVES,
                     "all": Audience.BOTH},
        "contact_mode": {"direct": ContactMode.DIRECT, "office": ContactMode.VIA_CONTACT_POINT},
    },
    published=c.state == "live",
    topics=TopicLink(tags, tags.c.ref, tags.c.word, keywords, keywords.c.word, keywords.c.slug),
    contacts=ContactColumns(
        people, people.c.ref, people.c.who, people.c.tel, people.c.mail, people.c.room
    ),
    index="offers_text",
)  # fmt: skip


def test_the_layout_maps_exactly_the_protocols_group_fields() -> None:
    own = {f.name for f in fields(RegionGroup)} - {"key", "source", "region_code", "topic_slugs"}
    assert set(FIELDS) == own and len(FIELDS) == len(own)


def test_own_value_gives_the_regions_words_for_a_shared_value() -> None:
    assert LAYOUT.own_value("reach", GroupReach.NATIONWIDE) == ["country"]
    assert LAYOUT.own_value("contact_mode", ContactMode.VIA_CONTACT_POINT) == ["office"]
    assert LAYOUT.own_value("format", GroupFormat.HYBRID) == ["both"]


def test_search_columns_are_the_layouts_columns_in_the_sources_land() -> None:
    cols = LAYOUT.search_columns("DE-HE")
    assert (cols.key, cols.index, cols.land, cols.region) == (c.ref, "offers_text", "DE-HE", None)
    assert (cols.format, cols.reach, cols.latitude) == (c.x_format, c.x_reach, c.x_latitude)
    assert (cols.address_withheld, cols.open_for_new_members) == (
        c.x_address_withheld,
        c.x_open_for_new_members,
    )
    assert cols.own("status", GroupStatus.PAUSED) == ["rest"]
    tagged = str(cols.tagged(["angst"]))
    assert "offers.ref IN (SELECT tags.ref" in tagged and "keywords.slug IN" in tagged


# -- through the adapter -------------------------------------------------------------------


def offer(ref: str, name: str, **changes: Any) -> dict[str, Any]:
    values = {
        "ref": ref,
        "state": "live",
        "x_name": name,
        "x_description": "Treffen im Gemeindehaus.",
        "x_status": "open",
        "x_format": "room",
        "x_reach": "town",
        "x_audience": "self",
        "x_contact_point_key": 5,
        "x_contact_mode": "direct",
        "x_city": "Kassel",
        "x_latitude": 51.31,
        "x_longitude": 9.48,
        "x_address_withheld": False,
        "x_languages": "de",
        "x_open_for_new_members": True,
        "x_updated_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    return {**values, **{f"x_{k}" if k != "state" else k: v for k, v in changes.items()}}


@pytest.fixture
async def source() -> AsyncIterator[SqlSource]:
    engine = create_engine("sqlite+aiosqlite://")
    source = SqlSource("DE-HE", engine, LAYOUT, timeout=10.0)
    try:
        await source.prepare(seed=1, scale=1.0, groups=None)
        async with engine.begin() as conn:
            await conn.execute(
                insert(groups),
                [
                    offer("HE-b", "Angst und Panik", reach="land", format="web",
                          city="Frankfurt", latitude=50.11, longitude=8.68),
                    offer("HE-a", "Gesprächskreis", description="Wir sprechen über Angst."),
                    offer("HE-c", "Entwurf Angst", state="draft"),
                    offer("HE-d", "Online bundesweit", reach="country", format="web",
                          latitude=None, longitude=None),
                ],
            )  # fmt: skip
            await conn.execute(insert(keywords), [{"word": "Furcht", "slug": "angst"}])
            await conn.execute(insert(tags), [{"ref": "HE-a", "word": "Furcht"}])
            await conn.execute(insert(people), [{"ref": "HE-a", "who": "K. L."}])
        await source.reindex()
        yield source
    finally:
        await source.close()


async def test_text_keys_are_any_string_and_pages_follow_their_order(source: SqlSource) -> None:
    assert source.valid_key("HE-a") and source.valid_key("anything")
    first = await source.list_in_key_order(GroupFilter(), 2, None)
    assert [g.key for g in first.groups] == ["HE-a", "HE-b"] and first.has_next
    rest = await source.list_in_key_order(GroupFilter(), 2, "HE-b")
    assert [g.key for g in rest.groups] == ["HE-d"] and not rest.has_next


async def test_the_layouts_publication_rule_and_words_are_applied(source: SqlSource) -> None:
    found = await source.by_keys(["HE-a", "HE-c", "HE-d"])
    assert set(found) == {"HE-a", "HE-d"}  # HE-c is a draft
    a, d = found["HE-a"], found["HE-d"]
    assert (a.status, a.format, a.reach, a.audience, a.contact_mode) == (
        GroupStatus.ACTIVE,
        GroupFormat.IN_PERSON,
        GroupReach.LOCAL,
        Audience.AFFECTED,
        ContactMode.DIRECT,
    )
    assert (a.region_code, a.source, a.topic_slugs, a.city) == (
        "DE-HE",
        "DE-HE",
        ("angst",),
        "Kassel",
    )
    assert (d.reach, d.latitude) == (GroupReach.NATIONWIDE, None)
    assert await source.count(GroupFilter(reach=GroupReach.NATIONWIDE)) == 1
    assert (await source.contacts_of(["HE-a"]))["HE-a"].name == "K. L."


async def test_a_ranked_search_scores_name_and_topic_the_same_way_everywhere(
    source: SqlSource,
) -> None:
    # "angst" names the topic angst: HE-b has it in its name (1 + 2), HE-a in its description
    # and carries the topic (1 + 1); the draft is never found
    words = GroupFilter(terms=(Term("angst", stem("angst"), ("angst",)),))
    page = await source.find_ranked(words, Order.RELEVANCE, 10, None)
    assert [(h.group.key, h.rank, h.distance_km) for h in page.hits] == [
        ("HE-b", -3.0, None),
        ("HE-a", -2.0, None),
    ]
    after = await source.find_ranked(words, Order.RELEVANCE, 10, Seek(-3.0, "HE-b"))
    assert [h.group.key for h in after.hits] == ["HE-a"]


async def test_near_finds_groups_within_the_radius_and_nationwide_online_ones(
    source: SqlSource,
) -> None:
    kassel = GroupFilter(near=Near(51.31, 9.48, 10.0, land="DE-HE"))
    found = await source.find_ranked(kassel, Order.DISTANCE, 10, None)
    # HE-a meets in Kassel; HE-b meets in Frankfurt, but is online and state-wide in DE-HE;
    # HE-d is online nationwide and has no place: last
    assert [h.group.key for h in found.hits] == ["HE-a", "HE-b", "HE-d"]
    a, b, d = (h.distance_km for h in found.hits)
    assert a is not None and a <= 5.0
    assert b is not None and 140 <= b <= 160
    assert d is None
    in_hesse = GroupFilter(
        near=Near(51.31, 9.48, 10.0, land="DE-HE"), formats=(GroupFormat.DIGITAL,)
    )
    assert await source.count(in_hesse) == 2
    elsewhere = GroupFilter(near=Near(48.14, 11.58, 10.0, land="DE-BY"))
    assert await source.count(elsewhere) == 1  # only the nationwide online group

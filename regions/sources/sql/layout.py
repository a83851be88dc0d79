"""How a region's own SQL schema maps onto the protocol: tables, columns and value words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from sqlalchemy import Column, ColumnElement, MetaData, Table, select

from regions.sources.capabilities import FULL, Capabilities
from regions.sources.search.criteria import GroupColumns

# The protocol fields a layout maps (RegionGroup minus key, source, region and topics).
FIELDS = (
    "name",
    "description",
    "status",
    "format",
    "reach",
    "audience",
    "contact_point_key",
    "contact_mode",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "address_withheld",
    "meeting_rule",
    "meeting_time",
    "meeting_note",
    "languages",
    "wheelchair_accessible",
    "accessibility_note",
    "open_for_new_members",
    "updated_at",
    "verified_at",
)


@dataclass(frozen=True, slots=True)
class TopicLink:
    """Groups carry the region's own keywords; a mapping table says which national topic each is."""

    link: Table
    link_group: Column[Any]
    link_keyword: Column[Any]
    mapping: Table
    mapping_keyword: Column[Any]
    mapping_slug: Column[Any]


@dataclass(frozen=True, slots=True)
class ContactColumns:
    table: Table
    group: Column[Any]
    name: Column[Any]
    phone: Column[Any]
    email: Column[Any]
    meeting_link: Column[Any]


@dataclass(frozen=True, slots=True)
class CorrectionColumns:
    """Where the region's system takes corrections the graph forwards (one row each).

    `delivery_key` must be unique in the region's schema: it is what makes a repeated
    delivery store nothing twice. `fields` maps the protocol's field names to the region's
    own words for them (a field not mapped is stored under the protocol's name).
    """

    table: Table
    delivery_key: Column[Any]
    group: Column[Any]
    field: Column[Any]
    proposed_value: Column[Any]
    note: Column[Any]
    reported_at: Column[Any]
    reference: Column[Any]
    received_at: Column[Any]
    fields: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class SqlLayout:
    """Everything the generic SQL adapter needs to read one kind of regional database.

    `values` maps a protocol field to {the region's own word: the national enum member};
    `published` is the condition for a record the region has released to the public;
    `index` names the full-text index table of the groups (sources.search.fulltext: key, name,
    body = description and town, published groups only). In a real region's database the
    index is the region's own, kept by the region's system next to its groups; the adapter
    only reads it. Only a shipped stand-in's `prepare` creates and fills it.
    `fill` names ("module:function") the demo filler of a shipped stand-in, if it has one.
    `corrections` says where the region takes forwarded corrections (None: it takes none,
    and every delivery is refused).
    """

    metadata: MetaData
    groups: Table
    key: Column[Any]
    columns: Mapping[str, Column[Any]]
    values: Mapping[str, Mapping[Any, Enum]]
    published: Any
    topics: TopicLink
    contacts: ContactColumns
    index: str
    fill: str | None = None
    corrections: CorrectionColumns | None = None

    @property
    def capabilities(self) -> Capabilities:
        """The SQL adapter asks the database for everything: every filter (the facts where
        the layout has their columns), the project's rank, key paging, counts, facets and
        batches; corrections where the layout says where they go."""
        facts = ("status", "audience", "languages", "wheelchair_accessible", "contact_point_key")
        return replace(
            FULL,
            facts=all(name in self.columns for name in facts),
            corrections=self.corrections is not None,
        )

    def own_value(self, field: str, value: Enum) -> list[Any]:
        """The region's words for a national value (a filter pushed down)."""
        return [own for own, national in self.values[field].items() if national is value]

    def tagged(self, slugs: Sequence[str]) -> ColumnElement[bool]:
        """The group carries one of these national topics (uncorrelated: computed once)."""
        t = self.topics
        keys = (
            select(t.link_group)
            .join(t.mapping, t.mapping_keyword == t.link_keyword)
            .where(t.mapping_slug.in_(list(slugs)))
        )
        return self.key.in_(keys)

    def search_columns(self, land: str) -> GroupColumns:
        """The group table as the shared search criteria see it; `land` is the source's code."""
        c = self.columns
        return GroupColumns(
            key=self.key,
            index=self.index,
            latitude=c["latitude"],
            longitude=c["longitude"],
            address_withheld=c["address_withheld"],
            format=c["format"],
            reach=c["reach"],
            open_for_new_members=c["open_for_new_members"],
            tagged=self.tagged,
            own=self.own_value,
            land=land,
            status=c["status"],
            audience=c["audience"],
            languages=c["languages"],
            wheelchair_accessible=c["wheelchair_accessible"],
            contact_point=c["contact_point_key"],
        )

"""How a region's own SQL schema maps onto the protocol: tables, columns and value words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Column, MetaData, Table

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
class SqlLayout:
    """Everything the generic SQL adapter needs to read one kind of regional database.

    `values` maps a protocol field to {the region's own word: the national enum member};
    `published` is the condition for a record the region has released to the public;
    `fill` names ("module:function") the demo filler of a shipped stand-in, if it has one.
    """

    metadata: MetaData
    groups: Table
    key: Column[Any]
    columns: Mapping[str, Column[Any]]
    values: Mapping[str, Mapping[Any, Enum]]
    published: Any
    topics: TopicLink
    contacts: ContactColumns
    fill: str | None = None

    def own_value(self, field: str, value: Enum) -> list[Any]:
        """The region's words for a national value (a filter pushed down)."""
        return [own for own, national in self.values[field].items() if national is value]

"""The nested connections of the registry: for each, the select of its children over many
parents and how a row becomes a node (graph/loaders/windows.py pages them)."""

from __future__ import annotations

from regions.registry.store import contact_points, groups, organisations

from ..types.contact_point import ContactPoint
from ..types.group import Group
from ..types.organisation import Organisation

NESTED = {
    "ContactPoint.groups": (groups.of_contact_points, Group.from_row),
    "Region.groups": (groups.of_regions, Group.from_row),
    "Region.contactPoints": (contact_points.of_regions, ContactPoint.from_row),
    "Topic.groups": (groups.of_topics, Group.from_row),
    "Topic.organisations": (organisations.of_topics, Organisation.from_row),
}

"""Loaders for groups."""

from __future__ import annotations

from regions.registry.store import groups

from ..types.group import Group
from .base import ByKeyLoader, LimitedManyLoader


class GroupByIdLoader(ByKeyLoader[int, Group]):
    fetch = staticmethod(groups.by_ids)
    convert = staticmethod(Group.from_row)


class GroupsByContactPointIdLoader(LimitedManyLoader[Group]):
    fetch_limited = staticmethod(groups.by_contact_points)
    convert = staticmethod(Group.from_row)


class GroupsByTopicIdLoader(LimitedManyLoader[Group]):
    fetch_limited = staticmethod(groups.by_topics)
    convert = staticmethod(Group.from_row)


class GroupsByRegionCodeLoader(LimitedManyLoader[Group]):
    fetch_limited = staticmethod(groups.by_regions)
    convert = staticmethod(Group.from_row)

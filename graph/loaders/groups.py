"""Loaders for groups."""

from __future__ import annotations

from regions.registry.store import groups

from ..types.group import Group
from .base import ByKeyLoader


class GroupByIdLoader(ByKeyLoader[int, Group]):
    fetch = staticmethod(groups.by_ids)
    convert = staticmethod(Group.from_row)

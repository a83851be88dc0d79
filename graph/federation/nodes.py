"""node(id:) for a region's group: routed to the source the id names."""

from __future__ import annotations

from strawberry.types import Info

from ..errors import BadUserInput
from ..types.group import Group
from .convert import group_from_region


async def region_group(info: Info, source: str, key: str, argument: str) -> Group | None:
    """The group, or null if the region has no such group (or does not answer: then the
    response also carries REGION_UNAVAILABLE)."""
    calls = info.context.regions
    if not calls.owns(source) or not calls.sources[source].valid_key(key):
        raise BadUserInput(argument, "not a valid id")
    found = await calls.group(source, key)
    return None if found is None else group_from_region(found)

"""A region's group as the same GraphQL Group as a national one, with the same attributes."""

from __future__ import annotations

from regions.sources.protocol import RegionGroup

from ..types.group import Group


def group_from_region(g: RegionGroup) -> Group:
    """Id base64url("Group:<region code>:<the region's key>"): node(id:) routes by the code."""
    return Group.from_record(
        g,
        key=g.key,
        source=g.source,
        contact_point_key=g.contact_point_key,
        topic_slugs=g.topic_slugs,
    )

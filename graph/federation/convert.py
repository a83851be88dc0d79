"""A region's group as the same GraphQL Group as a national one, with the same attributes."""

from __future__ import annotations

import strawberry

from regions.protocol import RegionGroup

from ..ids import encode_id
from ..types.common import Address, Provenance, location
from ..types.group import Group
from ..types.meeting import Accessibility, Meeting


def _place(g: RegionGroup) -> Address | None:
    if g.city is None and g.postal_code is None:
        return None
    if g.address_withheld:
        return Address(street=None, postal_code=None, city=g.city, location=None)
    return Address(
        street=None,
        postal_code=g.postal_code,
        city=g.city,
        location=location(g.latitude, g.longitude),
    )


def group_from_region(g: RegionGroup) -> Group:
    """Id base64url("Group:<region code>:<the region's key>"): node(id:) routes by the code."""
    return Group(
        id=strawberry.ID(encode_id("Group", g.source, g.key)),
        key=g.key,  # type: ignore[arg-type]
        region_code=g.region_code,
        contact_point_key=g.contact_point_key,
        name=g.name,
        description=g.description,
        status=g.status,
        format=g.format,
        reach=g.reach,
        audience=g.audience,
        place=_place(g),
        address_withheld=g.address_withheld,
        meeting=Meeting(rule=g.meeting_rule, time=g.meeting_time, note=g.meeting_note),
        languages=g.languages.split(),
        accessibility=Accessibility(
            wheelchair_accessible=g.wheelchair_accessible, note=g.accessibility_note
        ),
        open_for_new_members=g.open_for_new_members,
        contact_mode=g.contact_mode,
        provenance=Provenance(
            source=g.source, last_modified=g.updated_at, last_verified=g.verified_at
        ),
        source=g.source,
        topic_slugs=g.topic_slugs,
    )

"""Fields of a region's group that come from its source, batched per source and request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strawberry.types import Info

from ..types.common import ContactPerson

if TYPE_CHECKING:
    from ..types.group import Group


async def topics(info: Info, group: Group) -> list[Any]:
    """National topics by the slugs the region maps its own keywords to."""
    found = await info.context.loaders.topic_by_slug.load_many(group.topic_slugs or ())
    return sorted((topic for topic in found if topic is not None), key=lambda t: t.name)


async def contact(info: Info, group: Group) -> ContactPerson | None:
    found = await info.context.regions.contact(group.source, group.key)
    if found is None or not (found.name or found.phone or found.email):
        return None
    return ContactPerson(name=found.name, role=None, phone=found.phone, email=found.email)


async def meeting_link(info: Info, group: Group) -> str | None:
    found = await info.context.regions.contact(group.source, group.key)
    return None if found is None else found.meeting_link

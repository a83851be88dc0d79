"""A topic of the keyword taxonomy, with its synonyms and its place in the tree."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from ..pagination import After, Before, Connection, First, Last, nested
from .enums import CareDomain
from .node import Node
from .refs import GroupRef, OrganisationRef


@strawberry.type(description="A self-help topic (e.g. Diabetes, Angehörige), with German synonyms.")
class Topic(Node):
    key: strawberry.Private[int]
    parent_key: strawberry.Private[int | None]
    slug: str = strawberry.field(description="Stable, readable key, e.g. diabetes.")
    name: str = strawberry.field(description="German name of the topic.")
    care_domain: CareDomain | None = strawberry.field(
        description="Health-related or social self-help (decides which funding programmes "
        "groups on this topic may apply for); null where the registry has not classified it."
    )

    @classmethod
    def from_row(cls, row: Any) -> Topic:
        return cls(
            id=strawberry.ID(encode_id("Topic", SOURCE, row.id)),
            key=row.id,
            parent_key=row.parent_id,
            slug=row.slug,
            name=row.name,
            care_domain=row._mapping.get("care"),
        )

    @strawberry.field(description="Other words people use for this topic.")
    def synonyms(self, info: Info) -> list[str]:
        return info.context.loaders.synonyms_by_topic.load(self.key)  # type: ignore[no-any-return]

    @strawberry.field(description="The broader topic, if any.")
    def parent(self, info: Info) -> Topic | None:
        if self.parent_key is None:
            return None
        return info.context.loaders.topic_by_id.load(self.parent_key)  # type: ignore[no-any-return]

    @strawberry.field(description="Narrower topics, by name.")
    def children(self, info: Info) -> list[Topic]:
        return info.context.loaders.topics_by_parent.load(self.key)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Published groups of the national registry tagged with this topic that "
        "have not ended, by id (every source's, narrower topics included: "
        "`groups(topic:)`)."
    )
    async def groups(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GroupRef]:
        return await nested(info, "Topic.groups", self.key, first, after, last, before)

    @strawberry.field(description="Organisations working on this topic, by id.")
    async def organisations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[OrganisationRef]:
        return await nested(info, "Topic.organisations", self.key, first, after, last, before)

"""The search result: a Relay connection of a union, with each hit's distance and the facets."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from ..pagination import PageInfo, page_size
from ..statistics.control import Published, publish
from ..statistics.rights import exact_facets
from ..types.contact_point import ContactPoint
from ..types.enums import GroupFormat
from ..types.group import Group
from ..types.organisation import Organisation
from ..types.rare_condition import RareConditionSearch
from ..types.topic import Topic
from .facets import Counts

MAX_TOPICS = 100


@strawberry.enum(description="The order of search results.")
class SearchOrder(enum.Enum):
    RELEVANCE = strawberry.enum_value(
        "RELEVANCE",
        description="Best match first: every word in the name, then a topic the text names; "
        "nearest first among equals when `near` is given.",
    )
    DISTANCE = strawberry.enum_value(
        "DISTANCE", description="Nearest first; what has no place (nationwide) last. Needs `near`."
    )


@strawberry.enum(description="What kind of object a search result is.")
class SearchKind(enum.Enum):
    GROUP = strawberry.enum_value("GROUP", description="A self-help group.")
    ORGANISATION = strawberry.enum_value(
        "ORGANISATION", description="A nationwide organisation, forum, platform or institution."
    )
    CONTACT_POINT = strawberry.enum_value(
        "CONTACT_POINT", description="A local self-help contact point (Kontaktstelle)."
    )
    RARE_CONDITION_SEARCH = strawberry.enum_value(
        "RARE_CONDITION_SEARCH", description="A person with a rare condition seeking peers."
    )


SearchResult = Annotated[
    Group | Organisation | ContactPoint | RareConditionSearch,
    strawberry.union(
        "SearchResult", description="A group, organisation, contact point or rare-condition search."
    ),
]


@strawberry.type(description="One search result with its cursor and distance.")
class SearchEdge:
    cursor: str = strawberry.field(description="Opaque position of this result.")
    node: SearchResult = strawberry.field(description="The object found.")
    distance_km: float | None = strawberry.field(
        description="Distance from the centre of `near` in km (0.1 km steps); null without "
        "`near` or for what has no place. A withheld meeting place counts in 5 km steps."
    )


COUNT = (
    "How many. Callers without the right to exact counts (all but national staff and regional "
    "offices) get null for a count of 1 to 4 and for one that would give such a count away by "
    "subtraction (see `shown`), and the rest rounded to a multiple of 5."
)
SHOWN = "The count as shown: a number, '<5' (1 to 4) or 'x' (withheld to protect a small one)."


@strawberry.type(description="How many results there are of one kind.")
class KindCount:
    kind: SearchKind = strawberry.field(description="The kind counted.")
    count: int | None = strawberry.field(description=COUNT)
    shown: str = strawberry.field(description=SHOWN)


@strawberry.type(description="How many results belong to one Land (null: to none, nationwide).")
class RegionCount:
    region_code: str | None = strawberry.field(
        description="ISO 3166-2 code of the Land; null: nationwide, no Land."
    )
    count: int | None = strawberry.field(description=COUNT)
    shown: str = strawberry.field(description=SHOWN)


@strawberry.type(description="How many results meet in one format (null: not a group).")
class FormatCount:
    format: GroupFormat | None = strawberry.field(
        description="The format counted; null for results that are not groups."
    )
    count: int | None = strawberry.field(description=COUNT)
    shown: str = strawberry.field(description=SHOWN)


@strawberry.type(description="How many results carry one topic (one result may carry several).")
class TopicCount:
    topic: Topic = strawberry.field(description="The topic counted.")
    count: int | None = strawberry.field(description=COUNT)
    shown: str = strawberry.field(description=SHOWN)


@strawberry.type(
    description="Counts over the whole result (all pages). Kinds, regions and formats each "
    "add up to totalCount; topics do not (a result can carry several)."
)
class SearchFacets:
    kinds: list[KindCount] = strawberry.field(description="Results per kind.")
    regions: list[RegionCount] = strawberry.field(description="Results per Land.")
    formats: list[FormatCount] = strawberry.field(description="Results per group format.")
    counts: strawberry.Private[Counts]
    shown: strawberry.Private[dict[Any, Published]]

    @strawberry.field(description="The topics most results carry, most first (at most 100).")
    def topics(
        self,
        first: Annotated[
            int, strawberry.argument(description="How many topics, at most 100.")
        ] = 20,
    ) -> list[TopicCount]:
        size = page_size(first, default=first, maximum=MAX_TOPICS)
        out = []
        for t, _ in self.counts.topics[:size]:
            p = self.shown[("topic", t.key)]
            out.append(TopicCount(topic=t, count=p.count, shown=p.label))
        return out


@strawberry.type(description="A page of search results (Relay connection) with facets.")
class SearchConnection:
    edges: list[SearchEdge] = strawberry.field(description="The results of this page.")
    page_info: PageInfo = strawberry.field(description="Paging state of this page.")
    counted: strawberry.Private[Callable[[], Awaitable[Counts]]]
    total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many results match, over all pages and sources.")
    async def total_count(self) -> int:
        return await self.total()

    @strawberry.field(description="The results of this page without their edges.")
    def nodes(self) -> list[SearchResult]:
        return [edge.node for edge in self.edges]

    @strawberry.field(
        description="Counts by kind, Land, format and topic over the whole result. Callers "
        "without the right to exact counts (all but national staff and regional offices) get "
        "small counts withheld, complementary ones where subtraction from totalCount would give "
        "a small one away, and the rest rounded to multiples of 5."
    )
    async def facets(self, info: Info) -> SearchFacets:
        counts = await self.counted()
        shown = protected(counts, exact_facets(info.context.caller))
        return SearchFacets(
            kinds=[
                KindCount(
                    kind=SearchKind[k],
                    count=shown[("kind", k)].count,
                    shown=shown[("kind", k)].label,
                )
                for k, _ in counts.kinds
            ],
            regions=[
                RegionCount(
                    region_code=r,
                    count=shown[("region", r)].count,
                    shown=shown[("region", r)].label,
                )
                for r, _ in counts.regions
            ],
            formats=[
                FormatCount(
                    format=f, count=shown[("format", f)].count, shown=shown[("format", f)].label
                )
                for f, _ in counts.formats
            ],
            counts=counts,
            shown=shown,
        )


def protected(counts: Counts, exact: bool) -> dict[Any, Published]:
    """The facets as one disclosure-control problem: kinds, regions and formats each add up to
    the total (public: totalCount, never withheld), topics stand alone (a result carries
    several). Rounded like the statistics: facets asked with different filters combine into
    tables (Land x format) whose small cells exact neighbours would give away."""
    values: dict[Any, int] = {"total": counts.total}
    lines = []
    for name, items in (
        ("kind", counts.kinds),
        ("region", counts.regions),
        ("format", counts.formats),
    ):
        keys = [(name, value) for value, _ in items]
        values.update({(name, value): n for value, n in items})
        lines.append(("total", keys))
    values.update({("topic", t.key): n for t, n in counts.topics})
    return publish(values, lines, exact=exact, fixed=frozenset({"total"}))

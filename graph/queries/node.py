"""node(id:) and nodes(ids:): any object by its global id, routed to its loader."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..errors import BadUserInput
from ..ids import decode_id, is_number_key
from ..types.node import Node

MAX_NODES = 100


ROUTES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "Region": ("region_by_code", str),
    "Topic": ("topic_by_id", int),
    "Organisation": ("organisation_by_id", int),
    "ContactPoint": ("contact_point_by_id", int),
    "RareConditionSearch": ("rare_condition_search_by_id", int),
    "FundingProgramme": ("funding_programme_by_id", int),
}


def _resolve(info: Info, value: str, argument: str) -> Awaitable[Node | None]:
    gid = decode_id(value, argument)
    if gid.type_name == "Group":
        return info.context.groups.by_id(gid.source, gid.key, argument)
    route = ROUTES.get(gid.type_name)
    if route is None or gid.source != SOURCE:
        raise BadUserInput(argument, "not a valid id")
    loader_name, key_type = route
    if key_type is int and not is_number_key(gid.key):
        raise BadUserInput(argument, "not a valid id")
    return getattr(info.context.loaders, loader_name).load(key_type(gid.key))


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global id; null if it does not exist.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The object's global id.")],
    ) -> Node | None:
        return await _resolve(info, id, "id")

    @strawberry.field(description="Up to 100 objects by global id, in the order asked for.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Global ids, at most 100.")
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise BadUserInput("ids", f"at most {MAX_NODES} ids")
        pending = [_resolve(info, value, "ids") for value in ids]
        return [await item for item in pending]

"""Relay connections: page arguments, opaque cursors, and the generic Connection type."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from .errors import BadUserInput
from .ids import is_number_key

NodeT = TypeVar("NodeT")
CURSOR_PREFIX = "c1:"


@strawberry.type(description="Where this page stands in the whole result (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More objects follow after this page.")
    has_previous_page: bool = strawberry.field(
        description="This page was asked for with `after`, so objects come before it."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last edge: pass it as `after` for the next page."
    )


@strawberry.type(description="One object of a connection, with the cursor that points at it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Opaque position of this edge.")
    node: NodeT = strawberry.field(description="The object.")


@strawberry.type(description="A page of objects (Relay connection), at most 100 per page.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The objects of this page.")
    page_info: PageInfo = strawberry.field(description="Paging state of this page.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many objects match the filters, over all pages.")
    async def total_count(self) -> int:
        return await self.count()

    @strawberry.field(description="The objects of this page without their edges.")
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]


@dataclass(frozen=True, slots=True)
class Window:
    """A validated request for one page: how many, and after which key."""

    first: int
    after: Any


def encode_cursor(key: object) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{key}".encode()).rstrip(b"=").decode()


def decode_cursor(cursor: str, key_type: type = int) -> Any:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput("after", "not a cursor returned by this API") from None
    if not raw.startswith(CURSOR_PREFIX):
        raise BadUserInput("after", "not a cursor returned by this API")
    key = raw[len(CURSOR_PREFIX) :]
    if key_type is int:
        if not is_number_key(key):
            raise BadUserInput("after", "not a cursor returned by this API")
        return int(key)
    return key


def page_size(first: int | None, *, default: int, maximum: int) -> int:
    """`first` of any list (connection, nested list, facet): `default` when not given,
    else 0..`maximum`, or BAD_USER_INPUT on `first`."""
    if first is None:
        return default
    if first < 0:
        raise BadUserInput("first", "must be 0 or more")
    if first > maximum:
        raise BadUserInput("first", f"must be at most {maximum}")
    return first


def window(first: int | None, after: str | None, settings: Any, key_type: type = int) -> Window:
    """A connection's page: its size within the settings' limits, and the decoded cursor."""
    size = page_size(first, default=settings.default_page_size, maximum=settings.max_page_size)
    return Window(first=size, after=None if after is None else decode_cursor(after, key_type))


def page_info(cursors: Sequence[str], *, has_next: bool, after: Any) -> PageInfo:
    """Paging state of a page whose edges have these cursors."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def connection(
    nodes: Sequence[NodeT],
    cursors: Sequence[str],
    *,
    has_next: bool,
    after: Any,
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    edges = [Edge(cursor=c, node=node) for c, node in zip(cursors, nodes, strict=True)]
    info = page_info([edge.cursor for edge in edges], has_next=has_next, after=after)
    return Connection(edges=edges, page_info=info, count=count)


First = Annotated[
    int | None,
    strawberry.argument(description="Page size: 20 unless given, at most 100; 0 counts only."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Start after this cursor (a page's endCursor)."),
]

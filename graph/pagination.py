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
    has_next_page: bool = strawberry.field(
        description="Objects matching the same filters follow after this page."
    )
    has_previous_page: bool = strawberry.field(
        description="Objects matching the same filters come before this page."
    )
    start_cursor: str | None = strawberry.field(
        description="Cursor of the first edge: pass it as `before` for the previous page."
    )
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
    """A validated request for one page: how many, from which cursor, in which direction.

    Forward (`first`/`after`): the `size` objects after `cursor` (from the start without
    one). Backward (`last`/`before`): the `size` objects before `cursor` (from the end
    without one), still shown in the connection's order."""

    size: int
    cursor: Any = None
    backward: bool = False

    @property
    def first(self) -> int:  # the page size, whatever the direction
        return self.size

    @property
    def after(self) -> Any:
        return None if self.backward else self.cursor

    @property
    def before(self) -> Any:
        return self.cursor if self.backward else None

    @property
    def argument(self) -> str:
        """The argument the cursor came in: named in errors."""
        return "before" if self.backward else "after"


def encode_cursor(key: object, kind: str = "") -> str:
    """`kind` names the connection: a cursor of one connection is refused by another."""
    tag = f"{kind}:" if kind else ""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{tag}{key}".encode()).rstrip(b"=").decode()


def decode_cursor(
    cursor: str, key_type: type = int, kind: str = "", argument: str = "after"
) -> Any:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput(argument, "not a cursor returned by this API") from None
    prefix = f"{CURSOR_PREFIX}{kind}:" if kind else CURSOR_PREFIX
    if not raw.startswith(prefix):
        raise BadUserInput(argument, "not a cursor returned by this API for this list")
    key = raw[len(prefix) :]
    if key_type is int:
        if not is_number_key(key):
            raise BadUserInput(argument, "not a cursor returned by this API")
        return int(key)
    return key


def page_size(first: int | None, *, default: int, maximum: int, argument: str = "first") -> int:
    """`first` (or `last`) of any list (connection, nested list, facet): `default` when not
    given, else 0..`maximum`, or BAD_USER_INPUT on the argument."""
    if first is None:
        return default
    if first < 0:
        raise BadUserInput(argument, "must be 0 or more")
    if first > maximum:
        raise BadUserInput(argument, f"must be at most {maximum}")
    return first


def direction(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> tuple[int | None, str | None, bool]:
    """(size, cursor, backward) of the page arguments; BAD_USER_INPUT on a mix that pages
    both ways: `first` goes with `after`, `last` with `before`."""
    if first is not None and last is not None:
        raise BadUserInput("last", "give `first` or `last`, not both")
    if after is not None and before is not None:
        raise BadUserInput("before", "give `after` or `before`, not both")
    if last is not None and after is not None:
        raise BadUserInput("after", "`last` pages backwards: use `before`")
    if first is not None and before is not None:
        raise BadUserInput("before", "`first` pages forwards: use `after`")
    backward = last is not None or before is not None
    return (last, before, True) if backward else (first, after, False)


def window(
    first: int | None,
    after: str | None,
    settings: Any,
    key_type: type = int,
    *,
    last: int | None = None,
    before: str | None = None,
    kind: str = "",
    decode: bool = True,
) -> Window:
    """A connection's page: its size within the settings' limits, its direction, and the
    decoded cursor (kept as given when `decode` is false: the caller decodes it)."""
    size, cursor, backward = direction(first, after, last, before)
    name = "last" if backward else "first"
    count = page_size(
        size, default=settings.default_page_size, maximum=settings.max_page_size, argument=name
    )
    argument = "before" if backward else "after"
    if cursor is not None and decode:
        cursor = decode_cursor(cursor, key_type, kind, argument)
    return Window(size=count, cursor=cursor, backward=backward)


def page_info(cursors: Sequence[str], *, has_next: bool, has_previous: bool) -> PageInfo:
    """Paging state of a page whose edges have these cursors."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def connection(
    nodes: Sequence[NodeT],
    cursors: Sequence[str],
    *,
    has_next: bool,
    has_previous: bool,
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    edges = [Edge(cursor=c, node=node) for c, node in zip(cursors, nodes, strict=True)]
    info = page_info([edge.cursor for edge in edges], has_next=has_next, has_previous=has_previous)
    return Connection(edges=edges, page_info=info, count=count)


First = Annotated[
    int | None,
    strawberry.argument(description="Page size: 20 unless given, at most 100; 0 counts only."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Start after this cursor (a page's endCursor)."),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description="Page size from the end (or before `before`): 20 unless given, at most "
        "100. Not together with `first`."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(description="End before this cursor (a page's startCursor)."),
]


async def nested(
    info: Any,
    name: str,
    parent: Any,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Any]:
    """A nested connection of the registry (`name` in graph/loaders/nested.py): the page of
    every parent in one statement per level, counted per parent only when asked for."""
    win = window(first, after, info.context.settings, last=last, before=before, kind=name)
    loaders = info.context.loaders
    got = await loaders.window(name).load((parent, win.size, win.cursor, win.backward))

    async def count() -> int:
        return int(await loaders.count(name).load(parent))

    return connection(
        got.nodes,
        [encode_cursor(node.key, name) for node in got.nodes],
        has_next=got.beyond if win.backward else got.more,
        has_previous=got.more if win.backward else got.beyond,
        count=count,
    )


def nested_window(
    info: Any, first: int | None, after: str | None, last: int | None, before: str | None
) -> Window:
    """The page arguments of a nested list that spans sources (its cursor decoded later)."""
    settings = info.context.settings
    return window(first, after, settings, last=last, before=before, decode=False)

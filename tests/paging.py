"""Walk a connection page by page, forwards (`first`/`after`) and backwards (`last`/`before`),
checking each page's pageInfo on the way: the oracle the paging tests compare with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import Gql

Pick = Callable[[dict[str, Any]], dict[str, Any]]


async def walk(
    gql: Gql, query: str, pick: Pick, variables: dict[str, Any], size: int, backward: bool
) -> list[str]:
    """Every node id of the connection `pick` finds in the answer, in the connection's order,
    fetched `size` at a time in one direction; pageInfo is checked on every page."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        asked = {"last": size, "before": cursor} if backward else {"first": size, "after": cursor}
        page = pick(await gql.data(query, {**variables, **asked}))
        ids = [edge["node"]["id"] for edge in page["edges"]]
        info = page["pageInfo"]
        cursors = [edge["cursor"] for edge in page["edges"]]
        assert info["startCursor"] == (cursors[0] if cursors else None)
        assert info["endCursor"] == (cursors[-1] if cursors else None)
        more = info["hasPreviousPage"] if backward else info["hasNextPage"]
        behind = info["hasNextPage"] if backward else info["hasPreviousPage"]
        assert behind is (cursor is not None), info  # the cursor's own node lies behind
        assert len(ids) == size or not more, info
        pages.append(ids)
        if not more:
            break
        cursor = info["startCursor"] if backward else info["endCursor"]
    if backward:
        pages.reverse()
    return [node for page in pages for node in page]

"""Page numbers over lanes: HSDS pages by number (`page`, `per_page`), the sources by key.

A list is the lanes one after another (each in its own key order). From each lane's count,
page n's window is split into an offset and a limit per lane, so only the lanes the page
touches are asked for rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# How deep page numbers reach (page * per_page): a region answers pages by key, so a deep page
# costs a walk from its start; whoever wants everything takes the bulk export.
MAX_WINDOW = 10_000


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def windows(counts: Sequence[int], request: PageRequest) -> list[tuple[int, int, int]]:
    """(lane index, offset in lane, how many) for the lanes the page touches, in order."""
    out = []
    start, wanted = request.offset, request.per_page
    for i, n in enumerate(counts):
        if wanted <= 0:
            break
        if start >= n:
            start -= n
            continue
        take = min(n - start, wanted)
        out.append((i, start, take))
        wanted -= take
        start = 0
    return out


def envelope(contents: list[Any], total: int, request: PageRequest) -> dict[str, Any]:
    """The Page object of the specification's openapi.json around a page's contents."""
    pages = math.ceil(total / request.per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": request.page,
        "size": len(contents),
        "first_page": request.page == 1,
        "last_page": request.page >= pages,
        "empty": total == 0,
        "contents": contents,
    }

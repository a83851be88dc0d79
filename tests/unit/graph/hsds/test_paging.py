from __future__ import annotations

from graph.hsds.paging import PageRequest, envelope, windows


def test_windows_split_a_page_over_lanes() -> None:
    assert windows([3, 5, 4], PageRequest(1, 4)) == [(0, 0, 3), (1, 0, 1)]
    assert windows([3, 5, 4], PageRequest(2, 4)) == [(1, 1, 4)]
    assert windows([3, 5, 4], PageRequest(3, 4)) == [(2, 0, 4)]
    assert windows([3, 5, 4], PageRequest(4, 4)) == []
    assert windows([0, 2], PageRequest(1, 4)) == [(1, 0, 2)]


def test_envelope() -> None:
    page = envelope([1, 2], 12, PageRequest(3, 5))
    assert page["total_pages"] == 3 and page["last_page"] and not page["first_page"]
    assert page["size"] == 2 and not page["empty"]
    empty = envelope([], 0, PageRequest(1, 5))
    assert empty["empty"] and empty["total_pages"] == 0 and empty["last_page"]

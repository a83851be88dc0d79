"""A differencing attacker: from published counts and what adds up to what, how narrowly can
each suppressed count be pinned down? Interval propagation over every equation until nothing
narrows (the attacker knows the rules: a SMALL cell is 1 to 4, a PROTECTING one at least 5, a
rounded one within 2 of its shown value and at least 5, zero and exact ones are what they say).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

BIG = 10**9
Key = Hashable


def interval(label: str, count: int | None, rounded: bool = True) -> tuple[int, int]:
    if label == "<5":
        return 1, 4
    if label == "x":
        return 5, BIG
    assert count is not None
    if count == 0 or not rounded:
        return count, count
    return max(count - 2, 5), count + 2


def attack(
    shown: Mapping[Key, tuple[int, int]],
    equations: Sequence[tuple[Key, Sequence[Key]]],
    at_most: Sequence[tuple[Key, Key]] = (),
    rounds: int = 200,
) -> dict[Key, tuple[int, int]]:
    """`equations`: margin = sum(cells); `at_most`: (a, b) with a <= b (a narrower topic's
    count is at most its broader topic's). The narrowest intervals the attacker can reach."""
    bounds = {k: list(v) for k, v in shown.items()}
    for _ in range(rounds):
        changed = False

        def narrow(key: Key, low: int, high: int) -> None:
            nonlocal changed
            lo, hi = bounds[key]
            new = [max(lo, low), min(hi, high)]
            if new != [lo, hi]:
                bounds[key] = new
                changed = True

        for margin, cells in equations:
            lows = sum(bounds[c][0] for c in cells)
            highs = sum(min(bounds[c][1], BIG) for c in cells)
            narrow(margin, lows, highs)
            m_lo, m_hi = bounds[margin]
            for c in cells:
                others_lo = lows - bounds[c][0]
                others_hi = highs - bounds[c][1]
                narrow(c, m_lo - others_hi, m_hi - others_lo)
        for a, b in at_most:
            narrow(a, 0, bounds[b][1])
            narrow(b, bounds[a][0], BIG)
        if not changed:
            break
    return {k: (v[0], v[1]) for k, v in bounds.items()}


def recovered(
    published: Mapping[Key, tuple[str, int | None]],
    equations: Sequence[tuple[Key, Sequence[Key]]],
    at_most: Sequence[tuple[Key, Key]] = (),
    *,
    rounded: bool = True,
) -> dict[Key, Any]:
    """The suppressed counts the attacker pins to one value (should be none); `rounded`:
    whether shown counts are rounded (statistics) or exact (facets of a public listing)."""
    shown = {k: interval(label, count, rounded) for k, (label, count) in published.items()}
    reached = attack(shown, equations, at_most)
    return {
        k: reached[k]
        for k, (label, _) in published.items()
        if label in ("<5", "x") and reached[k][0] == reached[k][1]
    }

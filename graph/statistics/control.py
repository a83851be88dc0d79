"""Statistical disclosure control: small counts suppressed, the suppression complementary.

The counts are given as one problem: `values` (every quantity, each under one key, whatever
table shows it: the groups' total is one key shared by the breakdowns by Land, format, reach,
status and topic) and `lines` (a margin and the cells it covers: a table's total and its
cells, a row or column total and its cells, a topic and its narrower topics). So a quantity
has one protection everywhere, and no table can undo another's suppression.

1. Primary: a count of 1 to 4 is SMALL ("<5", count null). 0 is shown (it discloses nobody).
2. Secondary, repeated until nothing changes: in every line with a suppressed cell whose margin
   is shown, at least two cells are suppressed, one of them at least COVER (8): else the
   smallest shown cell of at least COVER is suppressed as PROTECTING ("x", count null); if
   there is none, the margin is suppressed instead (and it is a cell of its own lines).
   Why: subtracting the shown cells from the margin leaves the sum of the suppressed ones; with
   a second suppressed cell known only to be at least 5 (and truly at least 8), any value 1 to
   4 of a small cell fits that sum, so none is recovered; two suppressed cells in every line
   also stop a cover from being recovered from its other line (row and column).
3. Every shown count is rounded to a multiple of BASE (5; off by at most 2), the same value the
   same way everywhere (deterministic: asking again or elsewhere tells nothing new), so
   differences of shown counts across queries and breakdowns are themselves uncertain.

Callers with the right to exact counts get every value as it is (`exact=True`).
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

SMALL_BELOW = 5
COVER = 8
BASE = 5

Key = Hashable
Line = tuple[Key, Sequence[Key]]


class Shown(enum.Enum):
    EXACT = "EXACT"  # for callers with the right to exact counts
    ROUNDED = "ROUNDED"
    ZERO = "ZERO"
    SMALL = "SMALL"  # primary suppression
    PROTECTING = "PROTECTING"  # secondary suppression, protecting a small count


@dataclass(frozen=True, slots=True)
class Published:
    count: int | None
    label: str
    shown: Shown

    @property
    def suppressed(self) -> bool:
        return self.count is None


def rounded(value: int) -> int:
    return BASE * ((value + BASE // 2) // BASE)


def suppress(
    values: Mapping[Key, int], lines: Sequence[Line], fixed: frozenset[Key] = frozenset()
) -> dict[Key, Shown]:
    """Which values are suppressed (SMALL or PROTECTING); the others are not in the answer.

    `fixed`: values published elsewhere anyway (a search's totalCount), never suppressed; a
    line under a fixed margin without a cover has every cell suppressed instead, and a line
    with one cell under a fixed margin shows it (it is the margin)."""
    hidden: dict[Key, Shown] = {
        k: Shown.SMALL for k, v in values.items() if 0 < v < SMALL_BELOW and k not in fixed
    }
    changed = True
    while changed:
        changed = False
        for margin, cells in lines:
            if margin in hidden:
                continue
            suppressed = [c for c in cells if c in hidden]
            if not suppressed:
                continue
            covered = any(values[c] >= COVER for c in suppressed)
            if len(suppressed) >= 2 and covered:
                continue
            candidates = sorted(
                (c for c in cells if c not in hidden and values[c] >= COVER),
                key=lambda c: (values[c], str(c)),
            )
            if candidates:
                hidden[candidates[0]] = Shown.PROTECTING
            elif margin in fixed:
                rest = [c for c in cells if c not in hidden and values[c]]
                for cell in rest:
                    hidden[cell] = Shown.PROTECTING
                changed = changed or bool(rest)
                continue
            else:
                hidden[margin] = Shown.SMALL if values[margin] < SMALL_BELOW else Shown.PROTECTING
            changed = True
    for margin, cells in lines:
        if margin in fixed:
            nonzero = [c for c in cells if values[c]]
            if len(nonzero) == 1:
                hidden.pop(nonzero[0], None)
    return hidden


def publish(
    values: Mapping[Key, int],
    lines: Sequence[Line],
    *,
    exact: bool,
    fixed: frozenset[Key] = frozenset(),
    rounding: bool = True,
) -> dict[Key, Published]:
    """`rounding` off for counts of a public listing (search facets), which add up to the
    listing's public totalCount."""
    if exact:
        return {k: Published(v, str(v), Shown.EXACT) for k, v in values.items()}
    hidden = suppress(values, lines, fixed)
    for margin, cells in lines:  # the one cell of a line under a public margin is that margin
        nonzero = [c for c in cells if values[c]]
        if margin in fixed and len(nonzero) == 1:
            fixed = fixed | {nonzero[0]}
    out: dict[Key, Published] = {}
    for key, value in values.items():
        how = hidden.get(key)
        if how is Shown.SMALL:
            out[key] = Published(None, f"<{SMALL_BELOW}", how)
        elif how is Shown.PROTECTING:
            out[key] = Published(None, "x", how)
        elif value == 0:
            out[key] = Published(0, "0", Shown.ZERO)
        elif not rounding or key in fixed:
            out[key] = Published(value, str(value), Shown.EXACT)
        else:
            shown = rounded(value)
            out[key] = Published(shown, str(shown), Shown.ROUNDED)
    return out

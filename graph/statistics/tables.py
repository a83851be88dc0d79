"""The statistics' tables as disclosure-control problems (control.py): every quantity under
one key, and the lines that add up (or, for topics, that contain each other).

- groups: one problem for every breakdown of the published groups, so their shared total has
  one protection: total = sum by Land (and NATIONWIDE) = by format = by reach = by status; a
  topic's count (groups carrying it or a narrower topic) with its narrower topics as a line,
  and the total with the top-level topics.
- contact points by Land; current rare-condition entries by condition group (the condition's
  topic); registrations by review state and month (rows, columns and both margins).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from regions.registry.store.statistics import NATIONWIDE, Exact
from regions.sources.codes import LAENDER
from regions.sources.vocabulary import GroupFormat, GroupReach, GroupStatus, ReviewState

from .control import Line, Published, publish

Key = Hashable
TOTAL = "total"


@dataclass
class Problem:
    values: dict[Key, int]
    lines: list[Line]

    def solve(self, exact: bool) -> Mapping[Key, Published]:
        return publish(self.values, self.lines, exact=exact)


def _dimension(
    problem: Problem, name: str, keys: Sequence[str], counts: Mapping[str, int], margin: Key
) -> None:
    cells = [(name, key) for key in keys]
    for key in keys:
        problem.values[(name, key)] = counts.get(key, 0)
    problem.lines.append((margin, cells))


def groups(exact_counts: Exact) -> Problem:
    p = Problem({TOTAL: exact_counts.groups_total}, [])
    lands = [*LAENDER, NATIONWIDE]
    _dimension(p, "land", lands, exact_counts.groups_by_land, TOTAL)
    _dimension(p, "format", [f.value for f in GroupFormat], exact_counts.groups_by_format, TOTAL)
    _dimension(p, "reach", [r.value for r in GroupReach], exact_counts.groups_by_reach, TOTAL)
    _dimension(p, "status", [s.value for s in GroupStatus], exact_counts.groups_by_status, TOTAL)
    children: dict[int | None, list[int]] = {}
    for node in exact_counts.topic_nodes:
        p.values[("topic", node.key)] = exact_counts.groups_by_topic.get(node.key, 0)
        children.setdefault(node.parent, []).append(node.key)
    for parent, keys in children.items():
        margin: Key = TOTAL if parent is None else ("topic", parent)
        p.lines.append((margin, [("topic", k) for k in keys]))
    return p


def by_land(counts: Mapping[str, int]) -> Problem:
    p = Problem({TOTAL: sum(counts.values())}, [])
    _dimension(p, "land", list(LAENDER), counts, TOTAL)
    return p


def by_key(counts: Mapping[str, int]) -> Problem:
    p = Problem({TOTAL: sum(counts.values())}, [])
    _dimension(p, "cell", sorted(counts), counts, TOTAL)
    return p


def registrations(counts: Mapping[tuple[str, str], int]) -> tuple[Problem, list[str], list[str]]:
    """Rows: review states; columns: months (YYYY-MM) that have registrations."""
    states = [s.value for s in ReviewState]
    months = sorted({month for _, month in counts})
    p = Problem({TOTAL: sum(counts.values())}, [])
    for state in states:
        row = [("cell", state, month) for month in months]
        for month in months:
            p.values[("cell", state, month)] = counts.get((state, month), 0)
        p.values[("state", state)] = sum(p.values[c] for c in row)
        p.lines.append((("state", state), row))
    for month in months:
        column = [("cell", state, month) for state in states]
        p.values[("month", month)] = sum(p.values[c] for c in column)
        p.lines.append((("month", month), column))
    p.lines.append((TOTAL, [("state", s) for s in states]))
    p.lines.append((TOTAL, [("month", m) for m in months]))
    return p, states, months

"""`statistics`: counts for funders and decision-makers, small counts suppressed.

Public tables (anyone: the objects counted are public anyway): published groups by Land,
format, reach, status and topic, contact points by Land, current rare-condition entries by
condition group. Registrations by review state and month are not public: they need a token for
the purpose `statistics` (partners, regional offices, national staff) or national staff.
Exact counts: national staff only (they keep the registry); everyone else gets the protected
counts (graph/statistics/control.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import strawberry
from strawberry.types import Info

from regions.registry.store import statistics as store
from regions.registry.store.statistics import NO_GROUP, Exact

from ..caller import Caller, Purpose
from ..errors import Forbidden
from ..statistics import tables
from ..statistics.control import Published
from ..statistics.rights import exact_statistics
from ..types.statistics import (
    CountCell,
    CountTable,
    RegistrationCounts,
    RegistrationRow,
    TopicGroupCount,
)

STATISTICS = "purpose:statistics"


exact_right = exact_statistics


def table(shown: Mapping[Hashable, Published], name: str, keys: list[str]) -> CountTable:
    return CountTable(
        total=CountCell.of(tables.TOTAL, shown[tables.TOTAL]),
        cells=[CountCell.of(key, shown[(name, key)]) for key in keys],
    )


def keys_of(problem: tables.Problem, name: str) -> list[str]:
    return [str(k[1]) for k in problem.values if isinstance(k, tuple) and k[0] == name]


@strawberry.type(description="Counts for funders and decision-makers (see `statistics`).")
class Statistics:
    exact: bool = strawberry.field(
        description="Whether the counts are exact (national staff); else small counts are "
        "suppressed and the rest rounded to multiples of 5."
    )
    counts: strawberry.Private[Exact]
    caller: strawberry.Private[Caller]
    solved: strawberry.Private[dict[str, tuple[tables.Problem, Mapping[Hashable, Published]]]]

    def _groups(self) -> tuple[tables.Problem, Mapping[Hashable, Published]]:
        """The groups' problem, solved once per request for all five breakdowns."""
        if "groups" not in self.solved:
            problem = tables.groups(self.counts)
            self.solved["groups"] = (problem, problem.solve(self.exact))
        return self.solved["groups"]

    @strawberry.field(description="Published groups by Land (NATIONWIDE: groups of no Land).")
    def groups_by_land(self) -> CountTable:
        problem, shown = self._groups()
        return table(shown, "land", keys_of(problem, "land"))

    @strawberry.field(description="Published groups by format.")
    def groups_by_format(self) -> CountTable:
        problem, shown = self._groups()
        return table(shown, "format", keys_of(problem, "format"))

    @strawberry.field(description="Published groups by reach.")
    def groups_by_reach(self) -> CountTable:
        problem, shown = self._groups()
        return table(shown, "reach", keys_of(problem, "reach"))

    @strawberry.field(description="Published groups by status.")
    def groups_by_status(self) -> CountTable:
        problem, shown = self._groups()
        return table(shown, "status", keys_of(problem, "status"))

    @strawberry.field(
        description="Published groups by topic, top-level topics first, each "
        "with its narrower topics."
    )
    def groups_by_topic(self) -> list[TopicGroupCount]:
        _, shown = self._groups()
        nodes = self.counts.topic_nodes
        children: dict[int | None, list[int]] = {}
        for node in nodes:
            children.setdefault(node.parent, []).append(node.key)
        by_key = {node.key: node for node in nodes}

        def build(key: int) -> TopicGroupCount:
            node = by_key[key]
            return TopicGroupCount(
                slug=node.slug,
                name=node.name,
                groups=CountCell.of(node.slug, shown[("topic", key)]),
                narrower=[build(k) for k in children.get(key, [])],
            )

        return [build(k) for k in children.get(None, [])]

    @strawberry.field(description="Contact points by Land.")
    def contact_points_by_land(self) -> CountTable:
        problem = tables.by_land(self.counts.contact_points_by_land)
        return table(problem.solve(self.exact), "land", keys_of(problem, "land"))

    @strawberry.field(
        description="Current rare-condition entries by condition group (the condition's topic, "
        "by slug; NONE: conditions of no group). Counts only: never anything of the person."
    )
    def rare_condition_entries_by_condition_group(self) -> CountTable:
        slugs = {str(node.key): node.slug for node in self.counts.topic_nodes}
        counts = {
            slugs.get(key, NO_GROUP) if key != NO_GROUP else NO_GROUP: n
            for key, n in self.counts.rare_entries_by_condition_group.items()
        }
        problem = tables.by_key(counts)
        return table(problem.solve(self.exact), "cell", keys_of(problem, "cell"))

    @strawberry.field(
        description="Online registrations by review state and month submitted. Not public: "
        "needs a token for the purpose `statistics`, or national staff (else FORBIDDEN, null)."
    )
    def registrations_by_state_and_month(self) -> RegistrationCounts | None:
        caller = self.caller
        if not (exact_right(caller) or caller.purpose is Purpose.STATISTICS):
            raise Forbidden(
                "Registration statistics need a token for the purpose 'statistics'.", STATISTICS
            )
        problem, states, months = tables.registrations(self.counts.registrations)
        shown = problem.solve(self.exact)
        return RegistrationCounts(
            total=CountCell.of(tables.TOTAL, shown[tables.TOTAL]),
            months=CountTable(
                total=CountCell.of(tables.TOTAL, shown[tables.TOTAL]),
                cells=[CountCell.of(m, shown[("month", m)]) for m in months],
            ),
            states=[
                RegistrationRow(
                    state=s,
                    total=CountCell.of(s, shown[("state", s)]),
                    months=[CountCell.of(m, shown[("cell", s, m)]) for m in months],
                )
                for s in states
            ],
        )


@strawberry.type
class StatisticsQueries:
    @strawberry.field(
        description="Counts for funders and decision-makers, from public data only. Anyone "
        "may ask (registrations need the purpose `statistics`); only national staff get exact "
        "counts: for everyone else a count of 1 to 4 is '<5' (null), another count that would "
        "give one away by subtraction (from a total, another breakdown or a broader topic) is "
        "'x' (null), and the rest are rounded to multiples of 5, the same way in every table."
    )
    async def statistics(self, info: Info) -> Statistics:
        caller: Caller = info.context.caller
        counts = await store.exact(info.context.engine)
        return Statistics(exact=exact_right(caller), counts=counts, caller=caller, solved={})

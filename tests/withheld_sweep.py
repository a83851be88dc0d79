"""The postal-code sweep against withheld meeting places, run over HTTP as an outsider would.

The attack (issue 10): a withheld place used to sit on its postal code's centroid and show a
distance rounded up in 5 km steps, so its own postal code gave 0.0 and was the only one to
find it with a radius under 5 km. The sweep asks every postal code of each subject's (public)
town with 4.9 km (which holds every smaller radius) and a wide radius; a subject's own postal
code, where the attack used to find it, also with 0.5, 1 and 2 km, with the count and facets
and through `groups(near:)`. No subject may be found under 5 km; what the count holds besides
the listed results must be the same at every such postal code of the Land (nothing hidden is
counted); with the wide radius each subject shows a distance that is a multiple of 5 km and
at least 5 km, and every withheld group of its town shows the same distance from every postal
code (they cannot be told apart). One request per postal code: the registry's demo has about
650 postal codes in the towns of its withheld groups.

Subjects are published groups whose place is withheld and that can only match a search by
their place (local reach, or meeting in person): a digital group of state-wide reach matches
everywhere in its Land whatever its place, which tells nothing about the place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.pagination import decode_cursor
from tests.conftest import Gql

SMALL_KM = (0.5, 1.0, 2.0, 4.9)
WIDE_KM = 60.0
STEP_KM = 5.0

HITS = (
    "edges { distanceKm cursor node { ... on Group { id reach format } } } "
    "pageInfo { hasNextPage endCursor }"
)


def first_fields(own: bool) -> list[str]:
    """What is asked at a postal code: 4.9 km and the wide radius; at a subject's own postal
    code (where the attack used to find it) also the smaller radii, the count and facets at
    4.9 km, and the groups connection with its count."""
    radii = (*SMALL_KM, WIDE_KM) if own else (SMALL_KM[-1], WIDE_KM)
    counts = "totalCount facets { kinds { count } } " if own else ""
    fields = [
        f"{alias(km)}: search(near: {{postalCode: $p, radiusKm: {km}}}, "
        "regions: $regions, kinds: [GROUP], orderBy: DISTANCE, first: 100) "
        f"{{ {counts if km == SMALL_KM[-1] else ''}{HITS} }}"
        for km in radii
    ]
    if own:
        fields.append(
            "local: groups(near: {postalCode: $p, radiusKm: 4.9}, region: $land, reach: LOCAL, "
            "first: 100) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }"
        )
    return fields


async def ask_first(gql: Gql, own: bool, variables: dict[str, Any], one_request: bool):
    """The fields of `first_fields` in one request, or one request each (a region service
    answering many calls at once can pass the source timeout on a busy machine)."""
    fields = first_fields(own)
    parts = [" ".join(fields)] if one_request else fields
    data: dict[str, Any] = {}
    for part in parts:
        declared = {"p": "String!", "regions": "[String!]", "land": "String"}
        used = {name: kind for name, kind in declared.items() if f"${name}" in part}
        head = ", ".join(f"${name}: {kind}" for name, kind in used.items())
        data |= await gql.data(f"query({head}) {{ {part} }}", {n: variables[n] for n in used})
    return data


def alias(km: float) -> str:
    return f"r{str(km).replace('.', '_')}"


MORE = (
    "query($p: String!, $r: Float!, $regions: [String!], $after: String) {"
    "  search(near: {postalCode: $p, radiusKm: $r}, regions: $regions, kinds: [GROUP], "
    f"orderBy: DISTANCE, first: 100, after: $after) {{ {HITS} }} }}"
)
MORE_LOCAL = (
    "query($p: String!, $land: String, $after: String) {"
    "  groups(near: {postalCode: $p, radiusKm: 4.9}, region: $land, reach: LOCAL, first: 100,"
    "         after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }"
)


@dataclass(frozen=True, slots=True)
class Subject:
    """A withheld group: its global id, its public town and Land, and whether it is local
    (`groups(near:, reach: LOCAL)` lists it if anything does)."""

    id: str
    town: str
    land: str
    local: bool


@dataclass
class Report:
    """What the sweep saw: requests made, points asked, pairs told apart (must stay 0)."""

    requests: int = 0
    points: int = 0
    compared_pairs: int = 0
    leftover: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    cursors: dict[str, str] = field(default_factory=dict)  # the last cursor seen per id


def cursor_rank(cursor: str) -> float:
    """The rank a search cursor carries ("rank|lane|key", base64: anyone can decode it, so
    it must hold nothing finer than the distance shown)."""
    return float(str(decode_cursor(cursor, str)).partition("|")[0])


def by_place_only(node: dict[str, Any]) -> bool:
    """The group matches a place search only by its place (not digital/hybrid with a reach
    beyond its town, which matches anywhere in its Land or the country)."""
    return node["format"] == "IN_PERSON" or node["reach"] == "LOCAL"


async def _placed_within(
    gql: Gql,
    report: Report,
    code: str,
    km: float,
    regions: list[str],
    page: dict[str, Any],
    until: set[str] | None = None,
) -> dict[str, tuple[float, bool]]:
    """The results within `km`, page by page (nearest first), as id -> (distanceKm, whether
    it matched by its place only); with `until`, stop once all those ids were seen."""
    found: dict[str, tuple[float, bool]] = {}
    cursors = report.cursors
    while True:
        done = False
        for edge in page["edges"]:
            distance = edge["distanceKm"]
            if distance is None or distance > km:
                done = True
                break
            found[edge["node"]["id"]] = (distance, by_place_only(edge["node"]))
            cursors[edge["node"]["id"]] = edge["cursor"]
        if done or not page["pageInfo"]["hasNextPage"]:
            return found
        if until is not None and until <= set(found):
            return found
        variables = {"p": code, "r": km, "regions": regions, "after": page["pageInfo"]["endCursor"]}
        report.requests += 1
        page = (await gql.data(MORE, variables))["search"]


async def _local_nodes(
    gql: Gql, report: Report, code: str, land: str, page: dict[str, Any]
) -> list[str]:
    ids = [node["id"] for node in page["nodes"]]
    while page["pageInfo"]["hasNextPage"]:
        report.requests += 1
        variables = {"p": code, "land": land, "after": page["pageInfo"]["endCursor"]}
        page = (await gql.data(MORE_LOCAL, variables))["groups"]
        ids += [node["id"] for node in page["nodes"]]
    return ids


async def sweep(
    gql: Gql,
    subjects: Iterable[Subject],
    codes_of: dict[tuple[str, str], set[str]],
    own_codes: set[str],
    regions: list[str] | None = None,
    one_request: bool = True,
) -> Report:
    """Run the sweep for every town with subjects over every postal code of that town.

    `codes_of[(town, land)]` are the postal codes of the town (and of its subjects' own
    postal codes, `own_codes`); `regions` limits the search to those Länder (None: the
    town's)."""
    by_town: dict[tuple[str, str], list[Subject]] = defaultdict(list)
    for subject in subjects:
        by_town[(subject.town, subject.land)].append(subject)
    report = Report()
    for (town, land), present in sorted(by_town.items()):
        ids = {s.id for s in present}
        local = {s.id for s in present if s.local}
        asked = regions or [land]
        assert codes_of[(town, land)], (town, land)
        for code in sorted(codes_of[(town, land)]):
            report.requests += 1
            report.points += 1
            own = code in own_codes
            variables: dict[str, Any] = {"p": code, "regions": asked, "land": land}
            data = await ask_first(gql, own, variables, one_request)
            for km in SMALL_KM if own else SMALL_KM[-1:]:
                answer = data[alias(km)]
                within = await _placed_within(gql, report, code, km, asked, answer)
                leaked = ids & set(within)
                assert not leaked, f"{town}: {code} with {km} km finds withheld {leaked}"
            if own:
                total = answer["totalCount"]
                # the public's facets withhold small counts and round the rest to 5s
                shown = [b["count"] for b in answer["facets"]["kinds"] if b["count"] is not None]
                assert sum(shown) <= total + 2 * len(shown)
                # everything counted is listed within the radius, or matches by its reach
                # (the same at every postal code of the Land): nothing hidden is counted
                placed = sum(1 for _, place_only in within.values() if place_only)
                report.leftover[land].add(total - placed)
            wide = await _placed_within(
                gql, report, code, WIDE_KM, asked, data[alias(WIDE_KM)], until=ids
            )
            missing = ids - set(wide)
            assert not missing, f"{town}: {code} with {WIDE_KM} km misses {missing}"
            shown = {wide[i][0] for i in ids}
            assert len(shown) == 1, f"{town}: withheld groups told apart from {code}: {shown}"
            distance = shown.pop()
            assert distance >= STEP_KM and distance % STEP_KM == 0, (town, code, distance)
            for i in ids:  # a cursor holds the rank: here the same coarse distance, no more
                assert cursor_rank(report.cursors[i]) == distance, (town, code)
            report.compared_pairs += len(ids) * (len(ids) - 1) // 2
            if own:
                nodes = await _local_nodes(gql, report, code, land, data["local"])
                assert not local & set(nodes), f"{town}: groups(near: {code}, 4.9 km) lists one"
                assert data["local"]["totalCount"] == len(nodes)
                assert set(nodes) <= set(within), "groups(near:) and search disagree"
    for land, leftover in report.leftover.items():
        assert len(leftover) == 1, f"{land}: counts depend on the postal code: {leftover}"
    return report

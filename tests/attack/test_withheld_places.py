"""Locating a withheld meeting place (issue 10, defect 1) as the outside probe did it, against
the production app with its default limits: every postal code of the group's public town, 15
aliases to a request, a radius of 0.5 km, through `search` and `groups(near:)`. It found each
of 5 withheld groups at distanceKm 0.0 on its own postal code; now none is found. The full
sweep (every withheld group, every radius under 5 km, facets, cursors, indistinguishability)
is tests/graph/search/test_withheld_places.py and, for the regions,
tests/regions/test_withheld_places.py, with the bisection against NRW's service."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from graph.ids import encode_id
from tests.attack.conftest import Api
from tests.conftest import Db

ALIASES = 15  # the default limit, which the probe used to the full
GROUPS = 5  # the probe confirmed 5 of 5


def _batches(codes: list[str]) -> list[list[str]]:
    return [codes[i : i + ALIASES] for i in range(0, len(codes), ALIASES)]


def _query(codes: list[str], km: float, field: str) -> str:
    if field == "search":
        one = (
            'search(near: {postalCode: "CODE", radiusKm: KM}, kinds: [GROUP], '
            "orderBy: DISTANCE, first: 20) { edges { distanceKm node { ... on Group { id } } } }"
        )
    else:
        one = (
            'groups(near: {postalCode: "CODE", radiusKm: KM}, reach: LOCAL, first: 20) '
            "{ nodes { id } }"
        )
    return (
        "{ "
        + " ".join(
            f"p{code}: " + one.replace("CODE", code).replace("KM", str(km)) for code in codes
        )
        + " }"
    )


def _found(data: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for answer in data.values():
        for edge in answer.get("edges", []):
            out[edge["node"]["id"]] = edge["distanceKm"]
        for node in answer.get("nodes", []):
            out[node["id"]] = None
    return out


async def test_the_postal_codes_of_its_town_never_find_a_withheld_place(api: Api, db: Db) -> None:
    # given the first withheld groups of the registry that only a place search finds
    async with db.app.state.engine.connect() as conn:
        rows = list(
            await conn.execute(
                text(
                    "SELECT id, city, region_code FROM groups WHERE address_withheld "
                    "AND review_state = 'PUBLISHED' AND status <> 'ENDED' AND reach = 'LOCAL' "
                    "AND latitude IS NOT NULL ORDER BY id LIMIT :n"
                ),
                {"n": GROUPS},
            )
        )
        towns = {
            (city, land): sorted(
                await conn.scalars(
                    text("SELECT code FROM postal_codes WHERE town = :t AND region_code = :l"),
                    {"t": city, "l": land},
                )
            )
            for _, city, land in rows
        }
    assert len(rows) == GROUPS
    for gid, city, land in rows:
        wanted = encode_id("Group", "nakos", gid)
        codes = towns[(city, land)]
        assert codes, city
        # when the probe asks every postal code of its town with 0.5 km, 15 at a time
        for field in ("search", "groups"):
            for batch in _batches(codes):
                body = await api.body(_query(batch, 0.5, field))
                assert "errors" not in body, body
                # then it is never found
                assert wanted not in _found(body["data"]), (city, field, batch)

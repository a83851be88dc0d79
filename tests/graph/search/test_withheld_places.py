"""A withheld meeting place of a registry group cannot be located more closely than its town
(issue 10, defect 1): the postal-code sweep of tests/withheld_sweep.py over the demo registry,
and the registry's store holding the town's centre for every withheld place."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from sqlalchemy import text

from graph.ids import encode_id
from regions.registry.demo.places import Town, places
from tests.conftest import Db, Gql
from tests.withheld_sweep import Subject, sweep

SUBJECTS = (
    "SELECT id, city, region_code, postal_code, reach, format FROM groups "
    "WHERE address_withheld AND review_state = 'PUBLISHED' AND status <> 'ENDED' "
    "AND latitude IS NOT NULL "
    "AND (reach = 'LOCAL' OR format = 'IN_PERSON') ORDER BY id"
)


async def _rows(db: Db, sql: str) -> list[tuple[Any, ...]]:
    async with db.app.state.engine.connect() as conn:
        return [tuple(row) for row in await conn.execute(text(sql))]


def town_of(city: str, land: str, postal_code: str) -> Town:
    """The group's town (a few names occur twice in a Land: the one holding its postal code)."""
    towns = [t for t in places().by_land[land] if t.name == city]
    assert towns, city
    holding = [t for t in towns if any(p.code == postal_code for p in t.postal_codes)]
    return (holding or towns)[0]


async def test_no_postal_code_of_its_town_finds_a_withheld_place(gql: Gql, db: Db) -> None:
    # given every published withheld group of the demo registry that only a place search finds
    rows = await _rows(db, SUBJECTS)
    assert len(rows) >= 20
    subjects, codes_of, own = [], defaultdict(set), set()
    for gid, city, land, postal_code, reach, _ in rows:
        town = town_of(city, land, postal_code)
        label = f"{town.name} ({town.latitude}, {town.longitude})"
        subjects.append(Subject(encode_id("Group", "nakos", gid), label, land, reach == "LOCAL"))
        # and every postal code of its town (the postal_codes table's), and its own
        codes_of[(label, land)] |= {p.code for p in town.postal_codes} | {postal_code}
        own.add(postal_code)
    table = await _rows(db, "SELECT code, town FROM postal_codes")
    named = {code for code, town in table if town is not None}
    assert all(codes <= named | own for codes in codes_of.values())
    # and at least one town with two of them on different postal codes
    per_town: dict[str, set[str]] = defaultdict(set)
    for subject, row in zip(subjects, rows, strict=True):
        per_town[subject.town].add(row[3])
    assert any(len(codes) > 1 for codes in per_town.values())
    # when an outsider asks each of those postal codes
    report = await sweep(gql, subjects, codes_of, own)
    # then (asserted inside) none is found under 5 km, every distance is a multiple of 5 km
    # and at least 5 km, and groups of one town show the same one from every postal code
    assert report.points == sum(len(c) for c in codes_of.values())
    assert report.compared_pairs > 0


async def test_a_withheld_place_is_stored_as_its_towns_centre(db: Db) -> None:
    rows = await _rows(
        db,
        "SELECT city, region_code, postal_code, latitude, longitude, address_withheld "
        "FROM groups WHERE latitude IS NOT NULL",
    )
    withheld = [r for r in rows if r[5]]
    assert withheld and len(withheld) < len(rows)
    for city, land, code, lat, lon, hidden in rows:
        if hidden:
            town = town_of(city, land, code)
            expected = (town.latitude, town.longitude)
        else:
            postal = places().postal_codes[code]
            expected = (postal.latitude, postal.longitude)
        assert math.isclose(lat, expected[0], abs_tol=1e-9), (city, code, hidden)
        assert math.isclose(lon, expected[1], abs_tol=1e-9), (city, code, hidden)

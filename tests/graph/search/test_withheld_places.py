"""A withheld meeting place of a registry group cannot be located more closely than its town
(issue 10, defect 1): the postal-code sweep of tests/withheld_sweep.py over the demo registry,
and the registry's store holding the town's centre for every withheld place."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from sqlalchemy import text

from graph.ids import encode_id
from regions.national.demo.places import places
from tests.conftest import Db, Gql
from tests.withheld_sweep import Subject, sweep

SUBJECTS = (
    "SELECT id, city, region_code, postal_code, reach, format FROM groups "
    "WHERE address_withheld AND review_state = 'PUBLISHED' AND latitude IS NOT NULL "
    "AND (reach = 'LOCAL' OR format = 'IN_PERSON') ORDER BY id"
)


async def _rows(db: Db, sql: str) -> list[tuple[Any, ...]]:
    async with db.app.state.engine.connect() as conn:
        return [tuple(row) for row in await conn.execute(text(sql))]


async def test_no_postal_code_of_its_town_finds_a_withheld_place(gql: Gql, db: Db) -> None:
    # given every published withheld group of the demo registry that only a place search finds
    rows = await _rows(db, SUBJECTS)
    subjects = [
        Subject(encode_id("Group", "nakos", gid), str(city), str(land), reach == "LOCAL")
        for gid, city, land, _, reach, _ in rows
    ]
    assert len(subjects) >= 20
    # and every postal code of each one's town (and its own)
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for code, town, land in await _rows(db, "SELECT code, town, region_code FROM postal_codes"):
        codes[(str(town), str(land))].add(str(code))
    wanted = {(s.town, s.land) for s in subjects}
    codes_of = {place: set(codes[place]) for place in wanted}
    for _, city, land, own, _, _ in rows:
        codes_of[(str(city), str(land))].add(str(own))
    # and at least one town with two of them on different postal codes
    per_town: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, city, land, own, _, _ in rows:
        per_town[(str(city), str(land))].add(str(own))
    assert any(len(own) > 1 for own in per_town.values())
    # when an outsider asks each of those postal codes with every radius under 5 km and a wide one
    own = {str(row[3]) for row in rows}
    report = await sweep(gql, subjects, codes_of, own)
    # then (asserted inside) none is found under 5 km, every distance is a multiple of 5 km
    # and at least 5 km, and groups of one town show the same one from every postal code
    assert report.points == sum(len(c) for c in codes_of.values())
    assert report.compared_pairs > 0


async def test_a_withheld_place_is_stored_as_its_towns_centre(db: Db) -> None:
    where = places()
    rows = await _rows(
        db,
        "SELECT city, region_code, postal_code, latitude, longitude, address_withheld "
        "FROM groups WHERE latitude IS NOT NULL",
    )
    withheld = [r for r in rows if r[5]]
    assert withheld and len(withheld) < len(rows)
    for city, land, code, lat, lon, hidden in rows:
        if hidden:  # the centre of a town of that name in the Land (a few names occur twice)
            expected = [(t.latitude, t.longitude) for t in where.by_land[land] if t.name == city]
        else:
            postal = where.postal_codes[code]
            expected = [(postal.latitude, postal.longitude)]
        assert any(
            math.isclose(lat, e_lat, abs_tol=1e-9) and math.isclose(lon, e_lon, abs_tol=1e-9)
            for e_lat, e_lon in expected
        ), (city, code, hidden)

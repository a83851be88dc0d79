"""A withheld meeting place in a region's own store cannot be located more closely than its
town (issue 10, defects 1 and 2): Bavaria's database and NRW's service hold the town's centre
for it; no postal code of its town finds it with a radius under 5 km (asked of each source, and
through the graph); and bisecting against NRW's service needs the graph's service key and,
even with it, learns the public town centre at best."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from starlette.applications import Starlette

from graph.ids import encode_id
from regions.registry.demo.places import PostalCode, Town, places
from regions.sources.formats import bavaria
from regions.sources.protocol import GroupFilter, Hit, Near, Order, Seek
from regions.sources.search.analysis import query_words
from regions.sources.search.geo import KM_PER_DEGREE, WITHHELD_STEP_KM
from regions.sources.vocabulary import GroupReach
from tests.conftest import Gql
from tests.regions.conftest import NrwService
from tests.withheld_sweep import Subject, sweep

SMALL_KM = (0.5, 1.0, 2.0, 4.9)
SOURCES = ["DE-BY", "DE-NW"]
POINT_PATHS = [
    "/api/v1/gruppen/treffer",
    "/api/v1/gruppen/suche",
    "/api/v1/gruppen/anzahl",
    "/api/v1/gruppen/facetten",
]
MAX_REQUESTS = 60  # what the attack of the issue needed: 52 per group


@dataclass(frozen=True, slots=True)
class Withheld:
    """A published local group of a region whose place is withheld, as its store holds it."""

    key: str
    title: str
    postal_code: str
    latitude: float
    longitude: float

    @property
    def town(self) -> Town:
        where = places()
        town = where.town_of(where.postal_codes[self.postal_code])
        assert town is not None, self.postal_code
        return town

    @property
    def place(self) -> tuple[str, str, float, float]:
        """The town as a key: two towns of a Land can have the same name (Wickede)."""
        town = self.town
        return town.name, town.land, town.latitude, town.longitude


async def bavarian(app: Starlette, withheld: bool) -> list[Withheld]:
    g = bavaria.gruppen.c
    stmt = (
        select(g.gruppen_id, g.bezeichnung, g.plz, g.breitengrad, g.laengengrad)
        .where(g.adresse_vertraulich.is_(withheld), g.freigegeben.is_(True))
        .where(g.einzugsgebiet == "ortsgruppe")
        .order_by(g.gruppen_id)
    )
    async with app.state.sources["DE-BY"].engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    return [Withheld(str(row[0]), *row[1:]) for row in rows]


def nrw_groups(nrw: NrwService, withheld: bool) -> list[Withheld]:
    engine = create_engine(nrw.database.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT kennung, titel, plz, lat, lon FROM gruppen WHERE ort_vertraulich = ? "
            "AND veroeffentlicht = 1 AND wirkungskreis = 'lokal' ORDER BY kennung",
            (int(withheld),),
        ).all()
    engine.dispose()
    return [Withheld(*row) for row in rows]


async def withheld_of(
    code: str, app: Starlette, nrw: NrwService, withheld: bool = True
) -> list[Withheld]:
    """The published local groups of a region's own store whose place is withheld (or not)."""
    found = await bavarian(app, withheld) if code == "DE-BY" else nrw_groups(nrw, withheld)
    assert len(found) > 100
    return found


def codes_of_town(town: Town) -> list[PostalCode]:
    """Every postal code of the town (those the postal_codes table gives the town)."""
    return list(town.postal_codes)


def by_town(groups: Sequence[Withheld]) -> dict[tuple[str, str, float, float], list[Withheld]]:
    out: dict[tuple[str, str, float, float], list[Withheld]] = defaultdict(list)
    for group in groups:
        out[group.place].append(group)
    return out


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine, as regions.sources.search.geo computes it in SQL."""
    (lat1, lon1), (lat2, lon2) = a, b
    d_lat, d_lon = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    h = (
        math.sin(d_lat) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(d_lon) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def moved(point: tuple[float, float], km: float, degrees: float) -> tuple[float, float]:
    """The point `km` away in a direction (0 = north, 90 = east), on a local plane."""
    lat, lon = point
    north, east = km * math.cos(math.radians(degrees)), km * math.sin(math.radians(degrees))
    return (
        lat + north / KM_PER_DEGREE,
        lon + east / (KM_PER_DEGREE * math.cos(math.radians(lat))),
    )


# --- the stores hold the town's centre ------------------------------------------------------


@pytest.mark.parametrize("code", SOURCES)
async def test_a_region_stores_a_withheld_place_as_its_towns_centre(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    for group in await withheld_of(code, federated_app, nrw):
        town = group.town
        assert (group.latitude, group.longitude) == (town.latitude, town.longitude), group


# --- the postal-code sweep, asked of each source --------------------------------------------


async def _hits(
    source: Any,
    f: GroupFilter,
    until: set[str] | None = None,
    seek: Seek | None = None,
    size: int = 100,
) -> list[Hit]:
    """Every hit nearest first (after `seek`), page by page; with `until`, stop once those
    keys were seen."""
    hits: list[Hit] = []
    while True:
        page = await source.find_ranked(f, Order.DISTANCE, size, seek)
        hits += page.hits
        if not page.has_next or (until is not None and until <= {h.group.key for h in hits}):
            return hits
        seek = Seek(page.hits[-1].rank, page.hits[-1].group.key)


def coarse_km(here: tuple[float, float], town: Town) -> float:
    """What a withheld group of the town must show from here: the distance to the town's
    centre rounded up to whole steps, at least one step."""
    steps = math.ceil(km_between(here, (town.latitude, town.longitude)) / WITHHELD_STEP_KM)
    return max(1, steps) * WITHHELD_STEP_KM


def published_within(
    points: Sequence[tuple[float, float]], here: tuple[float, float], km: float
) -> tuple[int, int]:
    """How many of the published points lie within the radius: (surely, at most), the two
    differing only for a point on the edge (floating point)."""
    span = km / KM_PER_DEGREE * 2
    near = [p for p in points if abs(p[0] - here[0]) < span and abs(p[1] - here[1]) < 2 * span]
    distances = [km_between(here, p) for p in near]
    return sum(d <= km - 1e-9 for d in distances), sum(d <= km + 1e-9 for d in distances)


@pytest.mark.parametrize("code", SOURCES)
async def test_no_postal_code_of_its_town_finds_a_withheld_place_in_a_region(
    federated_app: Starlette, nrw: NrwService, backend: str, code: str
) -> None:
    """Every postal code of the town of every withheld local group, asked of the source.

    At the groups' own postal codes (where the attack found them) every hit within 0.5 and
    4.9 km (which holds 1 and 2 km) is listed: none of them, and the facets count what is
    listed. At the other postal codes of the town, the count within 4.9 km is exactly the
    published places there (computed here from the store's published coordinates): no
    withheld group is counted. From every postal code, every withheld group of the town shows
    the town centre's distance in whole steps (at least one): the same for all of them. (The
    graph-level sweep asks 1 and 2 km too.)"""
    if code == "DE-NW" and backend == "postgresql":
        pytest.skip("NRW's service keeps its own SQLite database on either backend: swept once")
    source = federated_app.state.sources[code]
    towns = by_town(await withheld_of(code, federated_app, nrw))
    public = [(g.latitude, g.longitude) for g in await withheld_of(code, federated_app, nrw, False)]
    pairs = 0
    for (name, land, _, _), present in sorted(towns.items()):
        town = present[0].town
        keys = {group.key for group in present}
        own = {group.postal_code for group in present}
        codes = {p.code: p for p in codes_of_town(town)}
        codes |= {c: places().postal_codes[c] for c in own}
        for postal in sorted(codes.values(), key=lambda p: p.code):
            here = (postal.latitude, postal.longitude)
            f = GroupFilter(reach=GroupReach.LOCAL, near=Near(*here, SMALL_KM[-1], land))
            if postal.code in own:  # listed: the 0.5 km, and 4.9 km (holding 1 and 2)
                for km in (SMALL_KM[0], SMALL_KM[-1]):
                    f = GroupFilter(reach=GroupReach.LOCAL, near=Near(*here, km, land))
                    hits = await _hits(source, f)
                    found = keys & {hit.group.key for hit in hits}
                    assert not found, f"{name}: {postal.code} with {km} km finds {found}"
                    assert all(h.distance_km is not None and h.distance_km <= km for h in hits)
                facets = await source.facets(f)
                assert facets.total == len(hits) == sum(facets.formats.values())
                counted = len(hits)
            else:  # counted: exactly the published places within 4.9 km
                counted = await source.count(f)
            surely, at_most = published_within(public, here, SMALL_KM[-1])
            assert surely <= counted <= at_most, (name, postal.code)
            # all of them at the town centre's distance in whole steps: the hits at exactly
            # that distance (the radius ends there, the page starts there)
            expected = coarse_km(here, town)
            at = GroupFilter(reach=GroupReach.LOCAL, near=Near(*here, expected, land))
            hits = await _hits(source, at, until=keys, seek=Seek(expected - 1e-6, None))
            shown = {hit.group.key: hit.distance_km for hit in hits if hit.group.key in keys}
            assert set(shown) == keys, f"{name}: {postal.code} misses {keys - set(shown)}"
            assert set(shown.values()) == {expected}, (name, postal.code, shown)
            pairs += len(keys) * (len(keys) - 1) // 2
    assert pairs > 0


@pytest.mark.parametrize("code", SOURCES)
async def test_from_its_town_centre_a_withheld_place_is_one_step_away(
    federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    """The floor: asked from exactly where the store keeps it (the town's centre, public; a
    caller of a region's API may send any point), it is never found under 5 km and shows 5."""
    source = federated_app.state.sources[code]
    towns = by_town(await withheld_of(code, federated_app, nrw))
    for (name, land, lat, lon), present in sorted(towns.items())[:20]:
        keys = {group.key for group in present}
        under = GroupFilter(reach=GroupReach.LOCAL, near=Near(lat, lon, 4.99, land))
        assert not keys & {hit.group.key for hit in await _hits(source, under)}, name
        one = GroupFilter(reach=GroupReach.LOCAL, near=Near(lat, lon, 5.0, land))
        shown = {
            h.group.key: h.distance_km for h in await _hits(source, one) if h.group.key in keys
        }
        assert shown == dict.fromkeys(keys, WITHHELD_STEP_KM), name


# --- the same sweep through the graph, for one town per region --------------------------------


@pytest.mark.parametrize("code", SOURCES)
async def test_the_graph_finds_no_withheld_place_of_a_region_by_postal_code(
    fgql: Gql, federated_app: Starlette, nrw: NrwService, code: str
) -> None:
    towns = by_town(await withheld_of(code, federated_app, nrw))
    # the smallest town with withheld groups on two postal codes or more (few groups around
    # it: the graph asks the region once per radius, within the region's timeout)
    _, place = min(
        (len(codes_of_town(present[0].town)), place)
        for place, present in towns.items()
        if len({g.postal_code for g in present}) >= 2
    )
    present = towns[place]
    label, land = f"{place[0]} {place[2:]}", place[1]
    subjects = [Subject(encode_id("Group", code, g.key), label, land, True) for g in present]
    own = {g.postal_code for g in present}
    codes = {p.code for p in codes_of_town(present[0].town)} | own
    report = await sweep(
        fgql, subjects, {(label, land): codes}, own, regions=[code], one_request=False
    )
    assert report.points == len(codes) and report.compared_pairs > 0


# --- NRW's service itself -------------------------------------------------------------------


def _service_key(nrw: NrwService) -> str:
    return nrw.key_file.read_text(encoding="utf-8").strip()


def _point(lat: float, lon: float, km: float) -> dict[str, str]:
    return {"lat": repr(lat), "lon": repr(lon), "umkreis_km": repr(km)}


def test_a_search_around_a_point_needs_the_service_key(nrw: NrwService) -> None:
    point = _point(51.51, 7.46, 10.0)
    for path in POINT_PATHS:
        url = f"{nrw.url}{path}"
        assert httpx.get(url, params=point, timeout=5).status_code == 401, path
        wrong = {"authorization": "Bearer wrong"}
        assert httpx.get(url, params=point, headers=wrong, timeout=5).status_code == 401, path
        keyed = {"authorization": f"Bearer {_service_key(nrw)}"}
        assert httpx.get(url, params=point, headers=keyed, timeout=5).status_code == 200, path
        # searching without a point stays public
        assert httpx.get(url, params={"offen": "true"}, timeout=5).status_code == 200, path


class Attacker:
    """Asks NRW's service whether one group is within a radius of a point, counting requests;
    holds the service key (the worst case: the graph's own key)."""

    def __init__(self, nrw: NrwService, group: Withheld) -> None:
        self.url = f"{nrw.url}/api/v1/gruppen/treffer"
        self.headers = {"authorization": f"Bearer {_service_key(nrw)}"}
        self.group = group
        words = query_words(group.title)
        assert words
        self.words = [("wort", word) for word in words]
        self.requests = 0

    def finds(self, point: tuple[float, float], km: float) -> bool:
        self.requests += 1
        params = [*self.words, *_point(*point, km).items(), ("wirkungskreis", "lokal")]
        params += [("ordnung", "entfernung"), ("anzahl", "100")]
        answer = httpx.get(self.url, params=params, headers=self.headers, timeout=5)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert not body["weitere"]
        return any(hit["gruppe"]["kennung"] == self.group.key for hit in body["treffer"])

    def radius_edge(self, point: tuple[float, float], high: float = 30.0) -> float:
        """The attack of the issue: bisect the smallest radius that finds the group."""
        low = 0.0
        assert self.finds(point, high)
        for _ in range(40):
            middle = (low + high) / 2
            if self.finds(point, middle):
                high = middle
            else:
                low = middle
        return high

    def edge_on_the_way(self, inside: tuple[float, float], outside: tuple[float, float]):
        """Move the point from where a 5 km radius finds the group to where it does not, and
        bisect where that changes (a point 5 km from what the store holds)."""
        near, far = 0.0, 1.0
        for _ in range(18):
            middle = (near + far) / 2
            point = (
                inside[0] + (outside[0] - inside[0]) * middle,
                inside[1] + (outside[1] - inside[1]) * middle,
            )
            if self.finds(point, WITHHELD_STEP_KM):
                near = middle
            else:
                far = middle
        return (
            inside[0] + (outside[0] - inside[0]) * near,
            inside[1] + (outside[1] - inside[1]) * near,
        )


def _circumcentre(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The centre of the circle through three points (on a local plane around the first)."""
    lat0, lon0 = points[0]
    scale = math.cos(math.radians(lat0))
    (ax, ay), (bx, by), (cx, cy) = (
        ((lon - lon0) * scale * KM_PER_DEGREE, (lat - lat0) * KM_PER_DEGREE) for lat, lon in points
    )
    d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    ux = (ax**2 + ay**2) * (by - cy) + (bx**2 + by**2) * (cy - ay) + (cx**2 + cy**2) * (ay - by)
    uy = (ax**2 + ay**2) * (cx - bx) + (bx**2 + by**2) * (ax - cx) + (cx**2 + cy**2) * (bx - ax)
    return lat0 + uy / d / KM_PER_DEGREE, lon0 + ux / d / (scale * KM_PER_DEGREE)


def _a_pair(nrw: NrwService) -> tuple[Withheld, Withheld]:
    """Two withheld groups of one town on different postal codes, the first one's centroid
    well away from the town's centre (so that finding it would show)."""
    for present in by_town(nrw_groups(nrw, True)).values():
        for a in present:
            centroid = places().postal_codes[a.postal_code]
            town = a.town
            away = km_between(
                (centroid.latitude, centroid.longitude), (town.latitude, town.longitude)
            )
            other = [b for b in present if b.postal_code != a.postal_code]
            if away > 2.0 and other:
                return a, other[0]
    raise AssertionError("the NRW demo has no such pair")


def bearing(origin: tuple[float, float], to: tuple[float, float]) -> float:
    """The direction (degrees, 0 = north) from one point to another, on a local plane."""
    north = (to[0] - origin[0]) * KM_PER_DEGREE
    east = (to[1] - origin[1]) * KM_PER_DEGREE * math.cos(math.radians(origin[0]))
    return math.degrees(math.atan2(east, north))


def test_bisecting_the_radius_learns_the_town_centre_in_whole_steps(nrw: NrwService) -> None:
    """The attack of the issue: bisect the edge of the radius from a point about 10 km away.
    The point is chosen so that the group's postal code and its town's centre lie in
    different 5 km steps from it: the edge found tells which of the two the store holds."""
    group, neighbour = _a_pair(nrw)
    town = group.town
    centre = (town.latitude, town.longitude)
    postal = places().postal_codes[group.postal_code]
    centroid = (postal.latitude, postal.longitude)
    apart = km_between(centroid, centre)
    # beyond the centroid, seen from the centre: 10 - apart/2 km from the centroid and
    # 10 + apart/2 km from the centre (steps 10 and 15)
    start = moved(centroid, 10.0 - apart / 2, bearing(centre, centroid))
    assert math.ceil(km_between(start, centroid) / 5) != math.ceil(km_between(start, centre) / 5)
    # when the attacker bisects the edge of the radius (the issue needed 52 requests)
    attacker = Attacker(nrw, group)
    edge = attacker.radius_edge(start)
    assert attacker.requests <= MAX_REQUESTS
    # then the edge is a whole number of steps: the distance is known to 5 km, no better
    steps = edge / WITHHELD_STEP_KM
    assert abs(steps - round(steps)) < 1e-6 and round(steps) >= 1, edge
    # and it is the step of the town's centre, not of the group's postal code
    assert round(steps) == math.ceil(km_between(start, centre) / WITHHELD_STEP_KM)
    # and another withheld group of the same town, on another postal code, gives the same
    assert Attacker(nrw, neighbour).radius_edge(start) == pytest.approx(edge, abs=1e-6)


def test_moving_the_point_locates_the_public_town_centre_at_best(nrw: NrwService) -> None:
    """A stronger attack than the issue's: with the radius at the floor, move the point and
    bisect where the group drops out, in three directions; the three edges lie on a circle
    around what the store holds. That is the town's centre, which the group shows anyway."""
    group, neighbour = _a_pair(nrw)
    town = group.town
    inside = min(
        ((p.latitude, p.longitude) for p in codes_of_town(town)),
        key=lambda p: km_between(p, (town.latitude, town.longitude)),
    )
    located = []
    for target in (group, neighbour):
        attacker = Attacker(nrw, target)
        assert attacker.finds(inside, WITHHELD_STEP_KM)
        edges = [
            attacker.edge_on_the_way(inside, moved(inside, 12.0, degrees))
            for degrees in (0.0, 120.0, 240.0)
        ]
        assert attacker.requests <= MAX_REQUESTS
        located.append(_circumcentre(edges))
    # then what it converges on is the town's centre (public), for both groups alike, and
    # not their postal codes' centroids (where the store used to put them)
    centre = (town.latitude, town.longitude)
    for point, target in zip(located, (group, neighbour), strict=True):
        assert km_between(point, centre) < 0.05, (point, centre)
        postal = places().postal_codes[target.postal_code]
        centroid = (postal.latitude, postal.longitude)
        assert km_between(point, centroid) > km_between(centre, centroid) - 0.05
    assert km_between(located[0], located[1]) < 0.05

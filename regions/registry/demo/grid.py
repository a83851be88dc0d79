"""A small spatial index: points bucketed in a lat/lon grid for fast nearest-neighbour look-ups."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

KM_PER_DEGREE = 111.2
# Cells of 0.1° latitude by 0.16° longitude are about 11 km square in Germany.
LAT_STEP = 0.1
LON_STEP = 0.16
# The shortest side of a cell anywhere in Germany (at 55.1° N), so a ring bound never overshoots.
MIN_CELL_KM = min(LAT_STEP, LON_STEP * math.cos(math.radians(55.1))) * KM_PER_DEGREE


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough at the scale of a country."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(x, lat2 - lat1) * KM_PER_DEGREE


class Grid(Generic[T]):
    """Points with payloads; `nearest` searches rings of cells outward from the query.

    `cells` scales the cell size: larger cells suit sparse points or queries for many neighbours.
    """

    def __init__(self, points: Iterable[tuple[float, float, T]], cells: float = 1.0) -> None:
        self._lat_step, self._lon_step = LAT_STEP * cells, LON_STEP * cells
        self._min_cell_km = MIN_CELL_KM * cells
        self._cells: dict[tuple[int, int], list[tuple[float, float, T]]] = defaultdict(list)
        for lat, lon, item in points:
            self._cells[self._cell(lat, lon)].append((lat, lon, item))
        rows = [row for row, _ in self._cells] or [0]
        cols = [col for _, col in self._cells] or [0]
        self._bounds = (min(rows), max(rows), min(cols), max(cols))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self._lat_step), math.floor(lon / self._lon_step)

    def nearest(self, lat: float, lon: float, k: int = 1) -> list[tuple[float, T]]:
        """The k nearest payloads as (distance in km, payload), nearest first."""
        row, col = self._cell(lat, lon)
        shrink = math.cos(math.radians(lat))  # one scale for the whole query: fast, near enough
        found: list[tuple[float, int, T]] = []
        low_row, high_row, low_col, high_col = self._bounds
        last = max(
            abs(row - low_row), abs(row - high_row), abs(col - low_col), abs(col - high_col)
        )  # the ring that reaches every occupied cell
        for ring in range(last + 1):
            for cell in _ring(row, col, ring):
                for plat, plon, item in self._cells.get(cell, ()):
                    dx, dy = (plon - lon) * shrink, plat - lat
                    found.append((math.sqrt(dx * dx + dy * dy) * KM_PER_DEGREE, len(found), item))
            if len(found) >= k:
                found.sort(key=_first_two)
                del found[k:]
                if found[-1][0] <= ring * self._min_cell_km:
                    break
        found.sort(key=_first_two)
        return [(dist, item) for dist, _, item in found[:k]]


def _first_two(hit: tuple[float, int, object]) -> tuple[float, int]:
    return hit[0], hit[1]


def _ring(row: int, col: int, ring: int) -> Iterable[tuple[int, int]]:
    if ring == 0:
        yield row, col
        return
    for dc in range(-ring, ring + 1):
        yield row - ring, col + dc
        yield row + ring, col + dc
    for dr in range(-ring + 1, ring):
        yield row + dr, col - ring
        yield row + dr, col + ring

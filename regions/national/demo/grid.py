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


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / LAT_STEP), math.floor(lon / LON_STEP)


class Grid(Generic[T]):
    """Points with payloads; `nearest` searches rings of cells outward from the query."""

    def __init__(self, points: Iterable[tuple[float, float, T]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, T]]] = defaultdict(list)
        for lat, lon, item in points:
            self._cells[_cell(lat, lon)].append((lat, lon, item))
        rows = [row for row, _ in self._cells] or [0]
        cols = [col for _, col in self._cells] or [0]
        self._max_ring = max(max(rows) - min(rows), max(cols) - min(cols)) + 1

    def nearest(self, lat: float, lon: float, k: int = 1) -> list[tuple[float, T]]:
        """The k nearest payloads as (distance in km, payload), nearest first."""
        row, col = _cell(lat, lon)
        found: list[tuple[float, int, T]] = []
        seen = 0
        for ring in range(self._max_ring + 1):
            for cell in _ring(row, col, ring):
                for plat, plon, item in self._cells.get(cell, ()):
                    found.append((distance_km(lat, lon, plat, plon), seen, item))
                    seen += 1
            if len(found) >= k:
                found.sort(key=lambda hit: (hit[0], hit[1]))
                del found[k:]
                if found[-1][0] <= ring * MIN_CELL_KM:
                    break
        found.sort(key=lambda hit: (hit[0], hit[1]))
        return [(dist, item) for dist, _, item in found[:k]]


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

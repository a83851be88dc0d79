"""Loaders for regions (Länder)."""

from __future__ import annotations

from regions.registry.store import regions

from ..types.region import Region
from .base import ByKeyLoader


class RegionByCodeLoader(ByKeyLoader[str, Region]):
    fetch = staticmethod(regions.by_codes)
    convert = staticmethod(Region.from_row)

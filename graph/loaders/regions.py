"""Loaders for regions (Länder)."""

from __future__ import annotations

from regions.registry.store import regions

from ..types.office_hours import OfficeHours
from ..types.region import Region
from .base import ByKeyLoader, ManyByKeyLoader


class RegionByCodeLoader(ByKeyLoader[str, Region]):
    fetch = staticmethod(regions.by_codes)
    convert = staticmethod(Region.from_row)


class CoordinationHoursByRegionLoader(ManyByKeyLoader[str, OfficeHours]):
    fetch = staticmethod(regions.coordination_office_hours)
    convert = staticmethod(OfficeHours.from_row)

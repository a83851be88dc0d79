"""Loaders for contact points, their offices, hours and districts."""

from __future__ import annotations

from operator import attrgetter

from regions.registry.store import contact_points

from ..types.contact_point import ContactPoint
from ..types.office_hours import OfficeHours
from .base import ByKeyLoader, ManyByKeyLoader


class ContactPointByIdLoader(ByKeyLoader[int, ContactPoint]):
    fetch = staticmethod(contact_points.by_ids)
    convert = staticmethod(ContactPoint.from_row)


class BranchesByContactPointIdLoader(ManyByKeyLoader[int, ContactPoint]):
    fetch = staticmethod(contact_points.branches)
    convert = staticmethod(ContactPoint.from_row)


class OfficeHoursByContactPointIdLoader(ManyByKeyLoader[int, OfficeHours]):
    fetch = staticmethod(contact_points.hours)
    convert = staticmethod(OfficeHours.from_row)


class DistrictsByContactPointIdLoader(ManyByKeyLoader[int, str]):
    fetch = staticmethod(contact_points.served_districts)
    convert = staticmethod(attrgetter("district"))

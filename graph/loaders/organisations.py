"""Loaders for organisations."""

from __future__ import annotations

from regions.registry.store import organisations

from ..types.organisation import Organisation
from .base import ByKeyLoader


class OrganisationByIdLoader(ByKeyLoader[int, Organisation]):
    fetch = staticmethod(organisations.by_ids)
    convert = staticmethod(Organisation.from_row)

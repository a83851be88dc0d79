"""Loaders for organisations."""

from __future__ import annotations

from regions.registry.store import organisations

from ..types.organisation import Organisation
from .base import ByKeyLoader, LimitedManyLoader


class OrganisationByIdLoader(ByKeyLoader[int, Organisation]):
    fetch = staticmethod(organisations.by_ids)
    convert = staticmethod(Organisation.from_row)


class OrganisationsByTopicIdLoader(LimitedManyLoader[Organisation]):
    fetch_limited = staticmethod(organisations.by_topics)
    convert = staticmethod(Organisation.from_row)

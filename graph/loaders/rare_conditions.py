"""Loaders for rare-condition searches and the conditions."""

from __future__ import annotations

from regions.registry.store import blue_list, rare_conditions

from ..types.organisation import Organisation
from ..types.rare_condition import RareCondition, RareConditionSearch
from .base import ByKeyLoader, ManyByKeyLoader


class RareConditionSearchByIdLoader(ByKeyLoader[int, RareConditionSearch]):
    fetch = staticmethod(rare_conditions.by_ids)
    convert = staticmethod(RareConditionSearch.from_row)


class RareConditionByIdLoader(ByKeyLoader[int, RareCondition]):
    fetch = staticmethod(rare_conditions.conditions_by_ids)
    convert = staticmethod(RareCondition.from_row)


class OrganisationsCoveringConditionLoader(ManyByKeyLoader[int, Organisation]):
    """The green-list organisations covering each condition: one statement per batch."""

    fetch = staticmethod(blue_list.covering)
    convert = staticmethod(Organisation.from_row)

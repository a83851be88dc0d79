"""Loaders for funding programmes: by id, their deadlines, and those open to groups."""

from __future__ import annotations

from regions.registry.store import funding

from ..types.funding import FundingDeadline, FundingProgramme
from .base import ByKeyLoader, ManyByKeyLoader


class FundingProgrammeByIdLoader(ByKeyLoader[int, FundingProgramme]):
    fetch = staticmethod(funding.by_ids)
    convert = staticmethod(FundingProgramme.from_row)


class DeadlinesByProgrammeIdLoader(ManyByKeyLoader[int, FundingDeadline]):
    fetch = staticmethod(funding.deadlines_of)
    convert = staticmethod(FundingDeadline.from_row)


class ProgrammesOpenToLoader(ManyByKeyLoader[funding.Applicant, FundingProgramme]):
    """Key: (care domain, Land code, casefolded town) of a group; one statement per batch."""

    fetch = staticmethod(funding.open_to)
    convert = staticmethod(FundingProgramme.from_row)

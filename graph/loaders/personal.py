"""Loaders for personal data; only reached through fields access control has granted."""

from __future__ import annotations

from typing import Any

from regions.registry.store import personal

from ..types.common import ContactPerson
from ..types.rare_condition import RareConditionPerson
from .base import ByKeyLoader, ManyByKeyLoader


class GroupContactByGroupIdLoader(ByKeyLoader[int, Any]):
    """The group_contacts row: the contact person and the meeting link in one batch."""

    fetch = staticmethod(personal.group_contacts_by_groups)
    convert = staticmethod(lambda row: row)


class StaffByContactPointIdLoader(ManyByKeyLoader[int, ContactPerson]):
    fetch = staticmethod(personal.staff_by_contact_points)
    convert = staticmethod(ContactPerson.from_row)


class ContactsByOrganisationIdLoader(ManyByKeyLoader[int, ContactPerson]):
    fetch = staticmethod(personal.contacts_by_organisations)
    convert = staticmethod(ContactPerson.from_row)


class PersonBySearchIdLoader(ByKeyLoader[int, RareConditionPerson]):
    fetch = staticmethod(personal.persons_by_searches)
    convert = staticmethod(RareConditionPerson.from_row)

"""Which fields a correction may name, per type, and which of them `applyCorrection` writes.

A correction names a field as the API spells it (`officePhone`). Every listed field may be
reported; the `APPLIED` ones are plain values the registry keeps in one column, so applying
writes the proposed value there (parsed and checked like any input). The others (office hours,
staff, topics, contact persons, ...) are changed by hand with the update mutations, and the
correction is then dismissed with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regions.sources.vocabulary import GroupStatus

from .base import MutationErrorCode
from .checks import Checks

Parse = Callable[[Checks, str, str], Any]


def _text(limit: int, required: bool = False) -> Parse:
    return lambda checks, field, value: checks.text(field, value, limit, required=required)


def _postal_code(checks: Checks, field: str, value: str) -> Any:
    code = checks.text(field, value, 5, required=True)
    if code is not None and not (code.isascii() and code.isdigit() and len(code) == 5):
        checks.add(field, MutationErrorCode.INVALID, "five digits")
        return None
    return code


def _flag(checks: Checks, field: str, value: str) -> Any:
    word = value.strip().lower()
    if word in ("true", "ja", "yes"):
        return True
    if word in ("false", "nein", "no"):
        return False
    checks.add(field, MutationErrorCode.INVALID, "true or false (ja or nein)")
    return None


def _status(checks: Checks, field: str, value: str) -> Any:
    try:
        return GroupStatus(value.strip().upper())
    except ValueError:
        checks.add(field, MutationErrorCode.INVALID, "ACTIVE, FOUNDING, PAUSED or ENDED")
        return None


def _email(checks: Checks, field: str, value: str) -> Any:
    return checks.email(field, value)


def _phone(checks: Checks, field: str, value: str) -> Any:
    return checks.phone(field, value)


def _url(checks: Checks, field: str, value: str) -> Any:
    return checks.url(field, value)


@dataclass(frozen=True)
class Applied:
    """A field `applyCorrection` writes: its column and how the value is read."""

    column: str
    parse: Parse


# Fields of a registry object: reportable ones, and the applied ones among them.
REPORTABLE: dict[str, frozenset[str]] = {
    "Group": frozenset(
        {
            "name",
            "description",
            "status",
            "format",
            "reach",
            "audience",
            "topics",
            "contactPoint",
            "contactMode",
            "postalCode",
            "city",
            "meetingRule",
            "meetingTime",
            "meetingNote",
            "languages",
            "accessibilityNote",
            "wheelchairAccessible",
            "openForNewMembers",
            "contact",
        }
    ),
    "ContactPoint": frozenset(
        {
            "name",
            "carrier",
            "street",
            "postalCode",
            "city",
            "officePhone",
            "officeEmail",
            "website",
            "officeHours",
            "officeHoursNote",
            "districts",
            "staff",
        }
    ),
    "Organisation": frozenset(
        {
            "name",
            "description",
            "website",
            "street",
            "postalCode",
            "city",
            "officePhone",
            "officeEmail",
            "topics",
            "contacts",
        }
    ),
    "RareConditionSearch": frozenset({"seeking", "condition", "person"}),
}
APPLIED: dict[str, dict[str, Applied]] = {
    "Group": {
        "name": Applied("name", _text(200, required=True)),
        "description": Applied("description", _text(4000)),
        "status": Applied("status", _status),
        "postalCode": Applied("postal_code", _postal_code),
        "city": Applied("city", _text(80)),
        "meetingNote": Applied("meeting_note", _text(200)),
        "accessibilityNote": Applied("accessibility_note", _text(200)),
        "openForNewMembers": Applied("open_for_new_members", _flag),
    },
    "ContactPoint": {
        "name": Applied("name", _text(200, required=True)),
        "carrier": Applied("carrier", _text(200)),
        "street": Applied("street", _text(120)),
        "postalCode": Applied("postal_code", _postal_code),
        "city": Applied("city", _text(80, required=True)),
        "officePhone": Applied("office_phone", _phone),
        "officeEmail": Applied("office_email", _email),
        "website": Applied("website", _url),
        "officeHoursNote": Applied("office_hours_note", _text(200)),
    },
    "Organisation": {
        "name": Applied("name", _text(200, required=True)),
        "description": Applied("description", _text(4000)),
        "website": Applied("website", _url),
        "street": Applied("street", _text(120)),
        "postalCode": Applied("postal_code", _postal_code),
        "city": Applied("city", _text(80)),
        "officePhone": Applied("office_phone", _phone),
        "officeEmail": Applied("office_email", _email),
    },
    "RareConditionSearch": {"seeking": Applied("seeking", _text(2000, required=True))},
}
# Personal fields: the change log shows that a value was proposed, never the value.
PERSONAL = frozenset({"contact", "staff", "contacts", "person"})

# A region-owned group's fields, as the source protocol names them (CORRECTABLE_FIELDS).
REGION_GROUP: dict[str, str] = {
    "name": "name",
    "description": "description",
    "status": "status",
    "format": "format",
    "reach": "reach",
    "audience": "audience",
    "contactPoint": "contact_point_key",
    "contactMode": "contact_mode",
    "postalCode": "postal_code",
    "city": "city",
    "meetingRule": "meeting_rule",
    "meetingTime": "meeting_time",
    "meetingNote": "meeting_note",
    "languages": "languages",
    "accessibilityNote": "accessibility_note",
    "wheelchairAccessible": "wheelchair_accessible",
    "openForNewMembers": "open_for_new_members",
    "contact": "contact",
}

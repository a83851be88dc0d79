"""The permission table (graph/permissions.py:decide): every kind of caller x protected field x
Land x consent x contact mode, against today's API; and the integration suite's access table
(tests/graph/access/table.py, proved over HTTP) agrees with it cell by cell."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from graph.caller import Caller, CallerKind
from graph.permissions import ContactAccess, acts_for, decide
from graph.protected import (
    CONTACT_POINT_STAFF,
    GROUP_CONTACT,
    GROUP_MEETING_LINK,
    ORGANISATION_CONTACTS,
    RARE_CONDITION_PERSON,
    Protection,
)
from regions.sources.vocabulary import ContactMode
from tests.graph.access import table as http_table

PARTNER, OFFICE, STAFF = CallerKind.PARTNER, CallerKind.REGIONAL_OFFICE, CallerKind.NATIONAL_STAFF


def caller(kind: CallerKind, scopes: str, purpose: str | None, region: str | None = None) -> Caller:
    return Caller(kind=kind, scopes=frozenset(scopes.split()), region=region, purpose=purpose)


CALLERS: dict[str, Caller] = {
    "anonymous": Caller(),
    "partner": caller(PARTNER, "contacts:read rare:contact", "referral"),
    "partner-BY": caller(PARTNER, "contacts:read:DE-BY rare:contact:DE-BY", "referral"),
    "partner-region-NW": caller(PARTNER, "contacts:read rare:contact", "coordination", "DE-NW"),
    "partner-NW-scope-BY": caller(PARTNER, "contacts:read:DE-BY", "referral", "DE-NW"),
    "partner-statistics": caller(PARTNER, "contacts:read rare:contact", "statistics"),
    "partner-research": caller(PARTNER, "contacts:read", "research"),
    "partner-no-purpose": caller(PARTNER, "contacts:read rare:contact", None),
    "office-BY": caller(OFFICE, "contacts:read:DE-BY region:DE-BY:write", "coordination", "DE-BY"),
    "office-BY-referral": caller(
        OFFICE, "contacts:read:DE-BY rare:contact:DE-BY", "referral", "DE-BY"
    ),
    "national-staff": caller(
        STAFF, "contacts:read rare:contact registry:write audit:read", "administration"
    ),
    "staff-statistics": caller(STAFF, "contacts:read rare:contact", "statistics"),
    "auditor": caller(CallerKind.AUDITOR, "audit:read", "audit"),
    # hand-made callers holding what their kind may not (claims drop it; decide checks again)
    "auditor-with-contact-scopes": caller(
        CallerKind.AUDITOR, "audit:read contacts:read rare:contact", "referral"
    ),
    "partner-administration": caller(PARTNER, "contacts:read rare:contact", "administration"),
    "office-BY-reaching-NW": caller(
        OFFICE,
        "contacts:read:DE-BY contacts:read:DE-NW rare:contact:DE-NW region:DE-NW:write",
        "referral",
        "DE-BY",
    ),
}
RULES: dict[str, Protection] = {
    "Group.contact": GROUP_CONTACT,
    "Group.meetingLink": GROUP_MEETING_LINK,
    "Organisation.contacts": ORGANISATION_CONTACTS,
    "ContactPoint.staff": CONTACT_POINT_STAFF,
    "RareConditionSearch.person": RARE_CONDITION_PERSON,
}
LANDS = ["DE-BY", "DE-NW", None]
# each cell holds three groups of four letters: for an object in DE-BY, in DE-NW, without a
# Land; in each group (contact mode, consent): (DIRECT, yes) (DIRECT, no) (VIA, yes) (VIA, no).
# G granted, R redacted, W withheld, V via contact point
GROUP = "GGVV GGVV GGVV"
NOTHING = "RRRR RRRR RRRR"
ROUTED = "RRVV RRVV RRVV"  # no right, but the public routing is said to anyone
ALL = "GGGG GGGG GGGG"
# fmt: off
TABLE: dict[str, list[str]] = {
    #                      Group.contact     Group.meetingLink  Organisation.contacts  ContactPoint.staff  RareConditionSearch.person
    "anonymous":           [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "partner":             [GROUP,            GROUP,             ALL,                   ALL,                "GWGW GWGW GWGW"],
    "partner-BY":          ["GGVV RRVV RRVV", "GGVV RRVV RRVV",  "GGGG RRRR RRRR",      "GGGG RRRR RRRR",   "GWGW RRRR RRRR"],
    "partner-region-NW":   ["RRVV GGVV RRVV", "RRVV GGVV RRVV",  "RRRR GGGG RRRR",      "RRRR GGGG RRRR",   NOTHING],
    "partner-NW-scope-BY": [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "partner-statistics":  [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "partner-research":    [ROUTED,           ROUTED,            NOTHING,                   NOTHING,            NOTHING],
    "partner-no-purpose":  [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "office-BY":           ["GGGG RRVV RRVV", "GGGG RRVV RRVV",  "GGGG RRRR RRRR",      "GGGG RRRR RRRR",   NOTHING],
    "office-BY-referral":  ["GGGG RRVV RRVV", "GGGG RRVV RRVV",  "GGGG RRRR RRRR",      "GGGG RRRR RRRR",   "GGGG RRRR RRRR"],
    "national-staff":      [ALL,              ALL,               ALL,                   ALL,                ALL],
    "staff-statistics":    [NOTHING,          NOTHING,           NOTHING,               NOTHING,            NOTHING],
    "auditor":             [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "auditor-with-contact-scopes":
                           [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "partner-administration":
                           [ROUTED,           ROUTED,            NOTHING,               NOTHING,            NOTHING],
    "office-BY-reaching-NW":
                           ["GGGG RRVV RRVV", "GGGG RRVV RRVV",  "GGGG RRRR RRRR",      "GGGG RRRR RRRR",   NOTHING],
}
# fmt: on
LETTER = {
    "G": ContactAccess.GRANTED,
    "R": ContactAccess.REDACTED,
    "W": ContactAccess.WITHHELD,
    "V": ContactAccess.VIA_CONTACT_POINT,
}
MODES = [(ContactMode.DIRECT, True), (ContactMode.DIRECT, False)]
MODES += [(ContactMode.VIA_CONTACT_POINT, True), (ContactMode.VIA_CONTACT_POINT, False)]


def thing(region: str | None, mode: Any, consent: bool) -> SimpleNamespace:
    """An object with protected data, as decide sees any source's objects: plain attributes."""
    return SimpleNamespace(region_code=region, contact_mode=mode, consent_to_partners=consent)


def decided(who: str, field: str) -> str:
    """A table cell as decide makes it, in the table's notation."""
    letters = {access: letter for letter, access in LETTER.items()}
    return " ".join(
        "".join(
            letters[decide(CALLERS[who], thing(land, mode, consent), RULES[field])]
            for mode, consent in MODES
        )
        for land in LANDS
    )


def test_the_table_covers_every_caller_kind_rule_land_consent_and_contact_mode() -> None:
    assert {c.kind for c in CALLERS.values()} == set(CallerKind)
    assert set(TABLE) == set(CALLERS)
    cells = [spec.split() for row in TABLE.values() for spec in row]
    assert all(len(row) == len(RULES) for row in TABLE.values())
    assert all(len(spec) == 3 and all(len(g) == 4 for g in spec) for spec in cells)


@pytest.mark.parametrize("who", list(TABLE))
def test_decide(who: str) -> None:
    # one row of the table per test: a difference shows the whole row, cell by cell
    assert [decided(who, field) for field in RULES] == TABLE[who]


@pytest.mark.parametrize("mode", ["VIA_CONTACT_POINT", ContactMode.VIA_CONTACT_POINT])
def test_the_contact_mode_counts_as_an_enum_or_its_name(mode: Any) -> None:
    partner = CALLERS["partner"]
    assert (
        decide(partner, thing("DE-BY", mode, True), GROUP_CONTACT)
        is ContactAccess.VIA_CONTACT_POINT
    )
    assert decide(partner, thing("DE-BY", "DIRECT", True), GROUP_CONTACT) is ContactAccess.GRANTED


def test_an_object_without_the_attributes_is_nationwide_direct_and_without_consent() -> None:
    bare = SimpleNamespace()
    assert decide(CALLERS["partner"], bare, GROUP_CONTACT) is ContactAccess.GRANTED
    assert decide(CALLERS["partner-BY"], bare, GROUP_CONTACT) is ContactAccess.REDACTED
    assert decide(CALLERS["partner"], bare, RARE_CONDITION_PERSON) is ContactAccess.WITHHELD


@pytest.mark.parametrize(
    ("who", "land", "keeps"),
    [
        ("national-staff", None, True),
        ("national-staff", "DE-NW", True),
        ("staff-statistics", "DE-BY", True),  # a keeper, whose purpose still decides
        ("office-BY", "DE-BY", True),
        ("office-BY", "DE-NW", False),
        ("office-BY", None, False),  # nationwide objects are not an office's to keep
        ("partner", "DE-BY", False),
        ("partner-region-NW", "DE-NW", False),  # a partner fenced to a Land keeps nothing
        ("anonymous", None, False),
        ("auditor", "DE-BY", False),
    ],
)
def test_who_keeps_the_registry_for_an_objects_land(
    who: str, land: str | None, keeps: bool
) -> None:
    assert acts_for(CALLERS[who], land) is keeps


def test_the_rules_scopes_and_purposes() -> None:
    contact = {"referral", "coordination", "administration"}
    assert {name: (rule.field, rule.scope) for name, rule in RULES.items()} == {
        name: (name, "rare:contact" if name.startswith("Rare") else "contacts:read")
        for name in RULES
    }
    assert GROUP_CONTACT.purposes == GROUP_MEETING_LINK.purposes == CONTACT_POINT_STAFF.purposes
    assert GROUP_CONTACT.purposes == contact
    assert ORGANISATION_CONTACTS.purposes == contact  # research: institution name, email only
    assert RARE_CONDITION_PERSON.purposes == {"referral", "administration"}
    assert [name for name, rule in RULES.items() if rule.contact_mode] == [
        "Group.contact",
        "Group.meetingLink",
    ]
    assert [name for name, rule in RULES.items() if rule.consent] == ["RareConditionSearch.person"]


@pytest.mark.parametrize("who", list(http_table.TABLE))
def test_the_http_access_table_agrees_with_decide(who: str) -> None:
    # the HTTP table's pair is (DIRECT, VIA) for groups and (consent, none) for persons
    wanted, got = [], []
    for name, field, land, consent, letter in http_table.cells():
        if name != who:
            continue
        if field.startswith("Group."):
            mode = ContactMode.DIRECT if consent else ContactMode.VIA_CONTACT_POINT
            obj = thing(land, mode, True)
        else:
            obj = thing(land, ContactMode.DIRECT, consent)
        wanted.append((field, land, consent, LETTER[letter]))
        got.append((field, land, consent, decide(CALLERS[who], obj, RULES[field])))
    assert wanted and got == wanted
    claims = http_table.CALLERS[who]
    assert (claims or {}).get("purpose") == CALLERS[who].purpose

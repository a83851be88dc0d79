"""The access table: caller x protected field x region x consent, and what each cell shows.

Each cell string holds three pairs, for an object in DE-BY, in DE-NW and without a Land;
each pair is (consent given, consent missing): for groups, contact mode DIRECT and
VIA_CONTACT_POINT; for rare-condition searches, consent to partners yes and no;
organisations and contact points have no consent of their own. Letters are the object's
contactAccess: G granted (value shown), R redacted, W withheld, V via contact point;
"-" means no such object exists.
"""

from __future__ import annotations

from typing import Any

from graph.protected import PROTECTIONS

CALLERS: dict[str, dict[str, Any] | None] = {
    "anonymous": None,
    "partner": {"scope": "contacts:read rare:contact", "purpose": "referral"},
    "partner-BY": {"scope": "contacts:read:DE-BY rare:contact:DE-BY", "purpose": "referral"},
    "partner-region-NW": {
        "scope": "contacts:read rare:contact",
        "region": "DE-NW",
        "purpose": "coordination",
    },
    "partner-statistics": {"scope": "contacts:read rare:contact", "purpose": "statistics"},
    "partner-research": {"scope": "contacts:read", "purpose": "research"},
    "office-BY": {
        "kind": "regional_office",
        "region": "DE-BY",
        "scope": "contacts:read:DE-BY region:DE-BY:write",
        "purpose": "coordination",
    },
    "national-staff": {
        "kind": "national_staff",
        "scope": "contacts:read rare:contact registry:write audit:read",
        "purpose": "administration",
    },
    "auditor": {"kind": "auditor", "scope": "audit:read", "purpose": "audit"},
    # hand-signed tokens carrying what their kind may not hold (graph/auth/kinds.py): ignored
    "auditor-with-contact-scopes": {
        "kind": "auditor",
        "scope": "audit:read contacts:read rare:contact",
        "purpose": "referral",
    },
    "partner-administration": {"scope": "contacts:read rare:contact", "purpose": "administration"},
    "office-BY-reaching-NW": {
        "kind": "regional_office",
        "region": "DE-BY",
        "scope": "contacts:read:DE-BY contacts:read:DE-NW rare:contact:DE-NW region:DE-NW:write",
        "purpose": "referral",
    },
}

# one column per declared protected field (graph/protected.py): a new declaration without its
# column here fails every row of the table (zip(..., strict=True) below)
FIELDS = [rule.field for rule in PROTECTIONS]

# fmt: off
TABLE: dict[str, list[str]] = {
    #                     Group.contact  Group.meetingLink  Organisation.contacts  ContactPoint.staff  RareConditionSearch.person
    "anonymous":          ["RV RV RV",    "RV RV RV",        "R- R- --",            "R- R- --",         "RR RR RR"],
    "partner":            ["GV GV GV",    "GV GV GV",        "G- G- --",            "G- G- --",         "GW GW GW"],
    "partner-BY":         ["GV RV RV",    "GV RV RV",        "G- R- --",            "G- R- --",         "GW RR RR"],
    "partner-region-NW":  ["RV GV RV",    "RV GV RV",        "R- G- --",            "R- G- --",         "RR RR RR"],
    "partner-statistics": ["RV RV RV",    "RV RV RV",        "R- R- --",            "R- R- --",         "RR RR RR"],
    "partner-research":   ["RV RV RV",    "RV RV RV",        "R- R- --",            "R- R- --",         "RR RR RR"],
    "office-BY":          ["GG RV RV",    "GG RV RV",        "G- R- --",            "G- R- --",         "RR RR RR"],
    "national-staff":     ["GG GG GG",    "GG GG GG",        "G- G- --",            "G- G- --",         "GG GG GG"],
    "auditor":            ["RV RV RV",    "RV RV RV",        "R- R- --",            "R- R- --",         "RR RR RR"],
    "auditor-with-contact-scopes":
                          ["RV RV RV",    "RV RV RV",        "R- R- --",            "R- R- --",         "RR RR RR"],
    "partner-administration":
                          ["RV RV RV",    "RV RV RV",        "R- R- --",            "R- R- --",         "RR RR RR"],
    "office-BY-reaching-NW":
                          ["GG RV RV",    "GG RV RV",        "G- R- --",            "G- R- --",         "RR RR RR"],
}
# fmt: on

REGIONS = ["DE-BY", "DE-NW", None]
CONSENT = [True, False]
ACCESS = {"G": "GRANTED", "R": "REDACTED", "W": "WITHHELD", "V": "VIA_CONTACT_POINT"}


def cells() -> list[tuple[str, str, str | None, bool, str]]:
    """Every (caller, field, region, consent, expected letter) the table defines."""
    out = []
    for caller, row in TABLE.items():
        for field_name, spec in zip(FIELDS, row, strict=True):
            for region, pair in zip(REGIONS, spec.split(), strict=True):
                for consent, letter in zip(CONSENT, pair, strict=True):
                    if letter != "-":
                        out.append((caller, field_name, region, consent, letter))
    return out

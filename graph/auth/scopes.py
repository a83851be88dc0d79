"""The documented scopes and purposes, and what each kind of caller gets by default."""

from __future__ import annotations

from regions.sources.codes import is_land

from ..caller import CallerKind

CONTACTS_READ = "contacts:read"
RARE_CONTACT = "rare:contact"
AUDIT_READ = "audit:read"
REGISTRY_WRITE = "registry:write"
REGISTRY_REVIEW = "registry:review"

SCOPES: dict[str, str] = {
    CONTACTS_READ: "contact persons of groups, organisations and contact points; "
    "`contacts:read:DE-BY` for one Land only",
    RARE_CONTACT: "the person behind a rare-condition search, if they consented to partners; "
    "`rare:contact:DE-BY` for one Land only",
    "region:DE-BY:write": "edit one Land's own data (any Land code)",
    REGISTRY_WRITE: "maintain the national registry",
    REGISTRY_REVIEW: "review registrations of digital groups",
    AUDIT_READ: "read the disclosure audit (`auditLog`, `disclosures`)",
}

PURPOSES: dict[str, str] = {
    "referral": "refer a person to a group, an organisation or a peer",
    "coordination": "coordinate self-help work with groups and contact points",
    "research": "contact organisations for studies; no personal contacts of groups or people",
    "statistics": "aggregates only: no protected field at all",
    "administration": "national staff maintaining the registry",
    "audit": "reading the audit trail: no protected field at all",
}

DEFAULT_PURPOSE: dict[CallerKind, str] = {
    CallerKind.REGIONAL_OFFICE: "coordination",
    CallerKind.NATIONAL_STAFF: "administration",
    CallerKind.AUDITOR: "audit",
}


def default_scopes(kind: CallerKind, region: str | None) -> list[str]:
    """Scopes `shg tokens issue` gives a kind of caller when none are named."""
    if kind is CallerKind.REGIONAL_OFFICE and region:
        return [f"{CONTACTS_READ}:{region}", f"region:{region}:write"]
    if kind is CallerKind.NATIONAL_STAFF:
        return [CONTACTS_READ, RARE_CONTACT, REGISTRY_WRITE, REGISTRY_REVIEW, AUDIT_READ]
    if kind is CallerKind.AUDITOR:
        return [AUDIT_READ]
    return []


def is_known_scope(scope: str) -> bool:
    """A documented scope, or one of the per-Land forms for a real Land code."""
    if scope in SCOPES and "DE-BY" not in scope:
        return True
    parts = scope.split(":")
    if len(parts) == 3 and parts[0] == "region" and parts[2] == "write":
        return is_land(parts[1])
    for family in (CONTACTS_READ, RARE_CONTACT):
        if scope.startswith(family + ":"):
            return is_land(scope[len(family) + 1 :])
    return False

"""The documented scopes and purposes (what each kind of caller may hold: kinds.py)."""

from __future__ import annotations

from ..caller import Purpose

CONTACTS_READ = "contacts:read"
RARE_CONTACT = "rare:contact"
AUDIT_READ = "audit:read"
REGISTRY_WRITE = "registry:write"
REGISTRY_REVIEW = "registry:review"
SUBJECT_ERASE = "subject:erase"

SCOPES: dict[str, str] = {
    CONTACTS_READ: "contact persons of groups, organisations and contact points; "
    "`contacts:read:DE-BY` for one Land only",
    RARE_CONTACT: "the person behind a rare-condition search, if they consented to partners; "
    "`rare:contact:DE-BY` for one Land only",
    "region:DE-BY:write": "edit one Land's own data (any Land code)",
    REGISTRY_WRITE: "maintain the national registry",
    REGISTRY_REVIEW: "review registrations of digital groups",
    AUDIT_READ: "read the disclosure audit (`auditLog`, `disclosures`); national staff: "
    "`subjectAccess` too",
    SUBJECT_ERASE: "erase a person's data everywhere (`eraseSubject`); national staff only, "
    "never given by default",
}

PURPOSES: dict[Purpose, str] = {
    Purpose.REFERRAL: "refer a person to a group, an organisation or a peer",
    Purpose.COORDINATION: "coordinate self-help work with groups and contact points",
    Purpose.RESEARCH: "contact organisations for studies by their institutional name and "
    "email (public); no persons' names or phones",
    Purpose.STATISTICS: "aggregates only: no protected field at all",
    Purpose.ADMINISTRATION: "national staff maintaining the registry",
    Purpose.AUDIT: "reading the audit trail: no protected field at all",
}

"""What each kind of caller may hold: the one declaration `shg tokens issue` and the runtime share.

A token names its kind (`kind` claim), its scopes, its purpose and perhaps its Land. The kind
bounds the rest: `shg tokens issue` refuses a scope or purpose the kind may not have, and a
token carrying one anyway (signed by hand, or issued before a bound existed) has it ignored
when it becomes a Caller (graph/auth/claims.py), and again in the access rules
(graph/permissions.py), so an auditor token with contact scopes sees no contact at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from regions.sources.codes import is_land

from ..caller import CallerKind, Purpose
from .scopes import (
    AUDIT_READ,
    CONTACTS_READ,
    PURPOSES,
    RARE_CONTACT,
    REGISTRY_REVIEW,
    REGISTRY_WRITE,
    SUBJECT_ERASE,
)

REGION_WRITE = "region:write"
"""The family of `region:<Land>:write`."""


@dataclass(frozen=True)
class KindBounds:
    """Scope families and purposes one kind of caller may hold, and what it gets by default."""

    families: frozenset[str]
    purposes: frozenset[Purpose]
    own_land: bool = False  # the token must name its Land (`region`); every scope is fenced to it
    defaults: tuple[str, ...] = ()  # `shg tokens issue` without --scope; {land}: the token's Land
    default_purpose: Purpose | None = None


EVERY_FAMILY = frozenset(
    {
        CONTACTS_READ,
        RARE_CONTACT,
        REGION_WRITE,
        REGISTRY_WRITE,
        REGISTRY_REVIEW,
        AUDIT_READ,
        SUBJECT_ERASE,
    }
)
KINDS: dict[CallerKind, KindBounds] = {
    CallerKind.ANONYMOUS: KindBounds(frozenset(), frozenset()),
    # a clinic, a counselling service, a researcher: contact details for what the partnership
    # covers; never the registry's own work (writes, reviews) nor the audit of other callers
    CallerKind.PARTNER: KindBounds(
        frozenset({CONTACTS_READ, RARE_CONTACT}),
        frozenset({Purpose.REFERRAL, Purpose.COORDINATION, Purpose.RESEARCH, Purpose.STATISTICS}),
    ),
    # a Land's coordination office: its own Land's contacts and data, nothing outside it
    CallerKind.REGIONAL_OFFICE: KindBounds(
        frozenset({CONTACTS_READ, RARE_CONTACT, REGION_WRITE}),
        frozenset({Purpose.COORDINATION, Purpose.REFERRAL, Purpose.STATISTICS}),
        own_land=True,
        defaults=(f"{CONTACTS_READ}:{{land}}", "region:{land}:write"),
        default_purpose=Purpose.COORDINATION,
    ),
    # the registry's keepers: everything
    CallerKind.NATIONAL_STAFF: KindBounds(
        EVERY_FAMILY,
        frozenset(PURPOSES),
        defaults=(CONTACTS_READ, RARE_CONTACT, REGISTRY_WRITE, REGISTRY_REVIEW, AUDIT_READ),
        default_purpose=Purpose.ADMINISTRATION,
    ),
    # data protection: the audit only, no protected field
    CallerKind.AUDITOR: KindBounds(
        frozenset({AUDIT_READ}),
        frozenset({Purpose.AUDIT}),
        defaults=(AUDIT_READ,),
        default_purpose=Purpose.AUDIT,
    ),
}


def parse_scope(scope: str) -> tuple[str, str | None] | None:
    """(family, Land or None) of a documented scope; None for anything else.

    `contacts:read` -> (contacts:read, None); `rare:contact:DE-BY` -> (rare:contact, DE-BY);
    `region:DE-NW:write` -> (region:write, DE-NW); an unknown scope or Land -> None.
    """
    parts = scope.split(":")
    if len(parts) == 3 and parts[0] == "region" and parts[2] == "write":
        return (REGION_WRITE, parts[1]) if is_land(parts[1]) else None
    if scope in (
        CONTACTS_READ,
        RARE_CONTACT,
        REGISTRY_WRITE,
        REGISTRY_REVIEW,
        AUDIT_READ,
        SUBJECT_ERASE,
    ):
        return scope, None
    for family in (CONTACTS_READ, RARE_CONTACT):
        if scope.startswith(family + ":"):
            land = scope[len(family) + 1 :]
            return (family, land) if is_land(land) else None
    return None


def scope_refusal(kind: CallerKind, scope: str, region: str | None) -> str | None:
    """Why a token of `kind` (fenced to `region`, if any) may not hold `scope`; None if it may."""
    parsed = parse_scope(scope)
    if parsed is None:
        return f"unknown scope {scope!r}"
    family, land = parsed
    bounds = KINDS[kind]
    if family not in bounds.families:
        return f"kind {kind.value} may not hold {scope!r} (allowed: {_families(bounds)})"
    if region is not None and land is not None and land != region:
        return f"{scope!r} is for another Land than the token's region {region}"
    return None


def purpose_refusal(kind: CallerKind, purpose: str | None) -> str | None:
    """Why a token of `kind` may not carry `purpose`; None if it may (or names none)."""
    if purpose is None:
        return None
    bounds = KINDS[kind]
    if purpose not in bounds.purposes:
        allowed = ", ".join(sorted(bounds.purposes)) or "none"
        return f"kind {kind.value} may not have purpose '{purpose}' (allowed: {allowed})"
    return None


def region_refusal(kind: CallerKind, region: str | None) -> str | None:
    if KINDS[kind].own_land and region is None:
        return f"kind {kind.value} needs its region"
    return None


def holds(kind: CallerKind, scope: str, region: str | None) -> bool:
    return scope_refusal(kind, scope, region) is None


def may_use(kind: CallerKind, family: str, purpose: str | None) -> bool:
    """The runtime check in the access rules: the kind may hold the family and the purpose."""
    bounds = KINDS[kind]
    return family in bounds.families and purpose in bounds.purposes


def default_scopes(kind: CallerKind, region: str | None) -> list[str]:
    """Scopes `shg tokens issue` gives a kind of caller when none are named."""
    defaults = KINDS[kind].defaults
    if any("{land}" in scope for scope in defaults) and region is None:
        return []
    return [scope.format(land=region) for scope in defaults]


def default_purpose(kind: CallerKind) -> Purpose | None:
    return KINDS[kind].default_purpose


def _families(bounds: KindBounds) -> str:
    names = sorted("region:<Land>:write" if f == REGION_WRITE else f for f in bounds.families)
    return ", ".join(names) or "none"

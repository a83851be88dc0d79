"""Turn verified claims into the request's Caller; claims that make no sense are refused."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from regions.sources.codes import is_land

from ..caller import Caller, CallerKind, Purpose
from .kinds import holds, purpose_refusal, region_refusal
from .tokens import TokenRejected

TOKEN_KINDS = {kind.value: kind for kind in CallerKind if kind is not CallerKind.ANONYMOUS}


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    kind = TOKEN_KINDS.get(str(claims.get("kind", CallerKind.PARTNER.value)))
    if kind is None:
        raise TokenRejected("claims", f"Unknown caller kind {claims.get('kind')!r}.")
    scope = claims.get("scope", "")
    if not isinstance(scope, str):
        raise TokenRejected("claims", "The 'scope' claim must be a space-separated string.")
    region = claims.get("region")
    if region is not None and (not isinstance(region, str) or not is_land(region.upper())):
        raise TokenRejected("claims", f"The 'region' claim {region!r} is not a Land code.")
    region = region.upper() if region else None
    if (refusal := region_refusal(kind, region)) is not None:
        raise TokenRejected("claims", refusal[0].upper() + refusal[1:] + ".")
    for name in ("jti", "sub"):
        value = claims.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            raise TokenRejected("claims", f"The '{name}' claim must be a non-empty string.")
    purpose = _purpose(claims.get("purpose"))
    return Caller(
        kind=kind,
        # what the kind may not hold is ignored, not refused: such a token still serves what
        # its kind is for (an auditor with contact scopes reads the audit, and no contact)
        scopes=frozenset(s for s in scope.split() if holds(kind, s, region)),
        region=region,
        purpose=None if purpose_refusal(kind, purpose) else purpose,
        token_id=str(claims["jti"]),
        subject=str(claims["sub"]),
        claims=MappingProxyType(dict(claims)),
    )


def _purpose(value: Any) -> Purpose | None:
    """A documented purpose; anything else grants as much as none (no protected field)."""
    try:
        return Purpose(value) if isinstance(value, str) else None
    except ValueError:
        return None

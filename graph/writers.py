"""Who may write where: a regional office in its own Land, national staff everywhere.

`region:<Land>:write` grants that Land (a regional office's token names the Land and is fenced
to it: graph/auth/kinds.py); `registry:write` grants every Land, nationwide objects and
organisations. One answer for the maintenance mutations and the corrections queue.
"""

from __future__ import annotations

from .auth.kinds import holds
from .auth.scopes import REGISTRY_WRITE
from .caller import Caller
from .errors import Forbidden


def national(caller: Caller) -> bool:
    return caller.has_scope(REGISTRY_WRITE) and holds(caller.kind, REGISTRY_WRITE, caller.region)


def lands(caller: Caller) -> frozenset[str] | None:
    """The Lands the caller maintains; None: all of them and nationwide objects too."""
    if national(caller):
        return None
    granted = {
        scope.split(":")[1]
        for scope in caller.scopes
        if scope.startswith("region:DE-") and scope.endswith(":write")
    }
    granted = {
        land for land in granted if holds(caller.kind, f"region:{land}:write", caller.region)
    }
    if caller.region is not None:
        granted &= {caller.region}
    return frozenset(granted)


def may_write(caller: Caller, land: str | None) -> bool:
    """The caller maintains objects of `land` (None: a nationwide object)."""
    granted = lands(caller)
    return granted is None or (land is not None and land in granted)


def scope_for(land: str | None) -> str:
    return f"region:{land}:write" if land else REGISTRY_WRITE


def require_write(caller: Caller, land: str | None, what: str) -> None:
    """FORBIDDEN (a GraphQL error, nothing written) unless the caller maintains `land`."""
    if not may_write(caller, land):
        where = f"in {land}" if land else "nationwide"
        raise Forbidden(
            f"Changing {what} {where} needs a token with scope '{scope_for(land)}' or "
            f"'{REGISTRY_WRITE}'.",
            scope_for(land),
        )


def require_any_write(caller: Caller, what: str) -> None:
    """FORBIDDEN unless the caller maintains some Land (before the object's Land is known)."""
    granted = lands(caller)
    if granted is not None and not granted:
        raise Forbidden(
            f"{what} needs a token with scope 'region:<Land>:write' or '{REGISTRY_WRITE}'.",
            "region:<Land>:write",
        )

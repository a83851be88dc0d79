"""The one place the hardening layer reads who is calling: access control's `Context.caller`."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..caller import Caller
from .identity import identity_of

COST_CLAIM = "cost_budget"


@dataclass(frozen=True, slots=True)
class CallerView:
    """What limits need to know about a caller."""

    authenticated: bool
    rate_key: str
    cost_budget: int
    subject: str | None = None
    allow_list: frozenset[str] | None = None


def client_address(context: Any) -> str:
    """The client's address (from a trusted proxy's X-Forwarded-For, else the peer's)."""
    request = getattr(context, "request", None)
    if request is None:
        return "unknown"
    return identity_of(request.scope).client


@lru_cache(maxsize=4096)
def address_bucket(address: str) -> str:
    """What one client address counts under: the address itself, but for IPv6 its /64 (one
    subscriber's network: one client could otherwise rotate through 2^64 addresses)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def anonymous_view(address: str, settings: Any) -> CallerView:
    """An anonymous caller, counted per client address (IPv6: per /64)."""
    return CallerView(
        authenticated=False,
        rate_key=f"addr:{address_bucket(address)}",
        cost_budget=settings.cost_budget_anonymous,
    )


def caller_view(context: Any) -> CallerView:
    settings = context.settings
    caller: Caller = context.caller
    if caller.anonymous:
        return anonymous_view(client_address(context), settings)
    claims = caller.claims
    subject = caller.subject
    token = caller.token_id or subject
    budget = claims.get(COST_CLAIM)
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        budget = settings.cost_budget_authenticated
    allowed = settings.partner_allow_lists.get(subject) if subject else None
    return CallerView(
        authenticated=True,
        rate_key=f"token:{token}",
        cost_budget=budget,
        subject=subject,
        allow_list=frozenset(allowed) if allowed is not None else None,
    )

"""The one place the hardening layer reads who is calling: access control's `Context.caller`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..caller import Caller

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
    request = getattr(context, "request", None)
    client = getattr(request, "client", None)
    return client.host if client else "unknown"


def caller_view(context: Any) -> CallerView:
    settings = context.settings
    caller: Caller = context.caller
    if caller.anonymous:
        return CallerView(
            authenticated=False,
            rate_key=f"addr:{client_address(context)}",
            cost_budget=settings.cost_budget_anonymous,
        )
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

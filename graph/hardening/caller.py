"""The one place the hardening layer reads who is calling (the caller of access control).

`context.caller` is set by access control (issue 4): an object with `anonymous`, `token_id`,
`scopes`, `claims` and a partner/subject name. Until it exists, and in tests, any object with
those attributes placed on the context as `caller` is read the same way; none means anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    caller = getattr(context, "caller", None)
    if caller is None or getattr(caller, "anonymous", True):
        return CallerView(
            authenticated=False,
            rate_key=f"addr:{client_address(context)}",
            cost_budget=settings.cost_budget_anonymous,
        )
    claims = getattr(caller, "claims", None) or {}
    subject = _first(caller, ("subject", "partner", "name", "sub")) or claims.get("sub")
    token = getattr(caller, "token_id", None) or claims.get("jti") or subject
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


def _first(obj: Any, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return None

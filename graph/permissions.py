"""Permission classes for protected fields, attached where each field is declared."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.permission import BasePermission, PermissionExtension

PROTECTED_NOTE = (
    " Protected: personal data, null unless the caller is entitled to it (see @hasContactAccess)."
)


class HasContactAccess(BasePermission):
    """Grants personal contact data. No caller is entitled yet: token verification and
    scopes come with the access-control work, and until then every caller gets null."""

    message = "Contact details are not disclosed to this caller."

    async def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False

    def on_unauthorized(self) -> None:
        """Deny with null: not [] for a list, which would read as "has no contacts"."""
        return None


def protected(description: str) -> Any:
    """A field holding personal data: guarded where it is declared, null when denied."""
    return strawberry.field(
        description=description + PROTECTED_NOTE,
        extensions=[PermissionExtension([HasContactAccess()])],
    )
